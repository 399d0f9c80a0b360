import type { Database as Db } from 'better-sqlite3';
import { decodeColumns, RAW } from './block-codec.ts';
import { MANIFEST, shredRaws, TWIN_COLUMNS } from './block-paths.ts';
import type { ShreddedBlock } from './block-paths.ts';

/**
 * Building sealed blocks' path columns (block-paths.ts) in the store: a block's raw texts are
 * decoded and scanned outside any transaction, and its columns and manifest inserted in a short
 * one. The sealing worker does this when it has no head to seal, newest blocks first (recent
 * ranges are asked most), so a burst of ingest never waits for it, and blocks sealed before path
 * columns existed get theirs too.
 */

/** Block `id`'s path columns, built from its raw texts (only reads; null: the block is gone). */
export function shredBlock(db: Db, id: number): ShreddedBlock | null {
  const row = db.prepare('SELECT data, raw FROM event_blocks WHERE id = ?').get(id) as { data: Buffer; raw: Buffer } | undefined;
  if (!row) return null;
  const { cols } = decodeColumns({ data: () => row.data, raw: () => row.raw }, [RAW, ...TWIN_COLUMNS], { cols: [], dicts: [] });
  return shredRaws(cols[RAW] as string[], (c) => cols[c]!);
}

/**
 * Store block `id`'s path columns in one immediate transaction, unless the block is gone (retention
 * dropped it meanwhile) or already has them. Returns whether they were stored.
 */
export function commitShredded(db: Db, id: number, shredded: ShreddedBlock): boolean {
  return db
    .transaction(() => {
      if (!db.prepare('SELECT 1 FROM event_blocks WHERE id = ?').get(id)) return false;
      if (db.prepare('SELECT 1 FROM event_block_paths WHERE block = ? AND path = ?').get(id, MANIFEST)) return false;
      const insert = db.prepare('INSERT INTO event_block_paths (block, path, data) VALUES (?, ?, ?)');
      insert.run(id, MANIFEST, Buffer.from(shredded.manifest, 'utf8'));
      for (const c of shredded.columns) insert.run(id, c.path, c.data);
      return true;
    })
    .immediate();
}

/**
 * The blocks still without path columns, newest first. The store is listed once; after that only
 * blocks sealed since (ids above the highest seen) are looked for, so an idle turn costs one
 * index probe, not a pass over every block.
 */
export class ShredQueue {
  /** Ascending ids still to do: the newest is popped first. */
  private todo: number[] | null = null;
  private seen = 0;

  next(db: Db): number | null {
    if (!this.todo) {
      this.todo = db
        .prepare(`SELECT id FROM event_blocks b WHERE NOT EXISTS (SELECT 1 FROM event_block_paths p WHERE p.block = b.id AND p.path = '') ORDER BY id`)
        .pluck()
        .all() as number[];
      this.seen = (db.prepare('SELECT max(id) FROM event_blocks').pluck().get() as number | null) ?? 0;
    } else {
      const fresh = db.prepare('SELECT id FROM event_blocks WHERE id > ? ORDER BY id').pluck().all(this.seen) as number[];
      if (fresh.length) {
        this.todo.push(...fresh);
        this.seen = fresh.at(-1)!;
      }
    }
    return this.todo.pop() ?? null;
  }
}

/**
 * Build the path columns of the next block that lacks them; `turn` runs the commit (the sealing
 * worker takes its turn at the write gate). Returns whether a block was done.
 */
export function shredNext(db: Db, queue: ShredQueue, turn: (commit: () => boolean) => boolean = (commit) => commit()): boolean {
  for (let id = queue.next(db); id !== null; id = queue.next(db)) {
    const shredded = shredBlock(db, id);
    if (shredded && turn(() => commitShredded(db, id, shredded))) return true;
  }
  return false;
}

/** Build the path columns of every block that lacks them (tests, benchmarks). Returns how many blocks got them. */
export function shredAll(db: Db): number {
  const queue = new ShredQueue();
  let n = 0;
  while (shredNext(db, queue)) n++;
  return n;
}
