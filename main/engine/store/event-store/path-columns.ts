import type { Database as Db } from 'better-sqlite3';
import { decodeColumns, RAW, TEXT_COLUMNS } from './block-codec.ts';
import { MANIFEST, shredRaws, TWIN_COLUMNS } from './block-paths.ts';
import type { ShreddedBlock } from './block-paths.ts';
import { blockRuns, decodeRuns, encodeRuns, RUNS_OUTDATED, runsOutdated } from './block-runs.ts';

/**
 * Building sealed blocks' extras in the store — path columns (block-paths.ts) and dotted runs
 * (block-runs.ts): a block's texts are decoded and scanned outside any transaction, and what was
 * built is inserted in a short one. The sealing worker does this when it has no head to seal, newest blocks first (recent
 * ranges are asked most), so a burst of ingest never waits for it, and blocks sealed before path
 * columns existed get theirs too.
 */

/** What a block gets after sealing: its path columns (with manifest) and its dotted runs (block-runs.ts). */
export interface BlockExtras {
  paths: ShreddedBlock | null;
  runs: Buffer | null;
}

/** Which of block `id`'s extras are not stored yet (dotted runs in stop 15's format count as not stored: they are rewritten). */
function missingParts(db: Db, id: number): { paths: boolean; runs: boolean } {
  return {
    paths: !db.prepare('SELECT 1 FROM event_block_paths WHERE block = ? AND path = ?').get(id, MANIFEST),
    runs: runsOutdated(db.prepare('SELECT substr(data, 1, 1) FROM event_block_runs WHERE block = ?').pluck().get(id) as Buffer | undefined),
  };
}

/**
 * Block `id`'s extras, built from its decoded texts (only reads; null: the block is gone): by
 * default those it lacks (a store whose blocks got path columns before dotted runs existed gets
 * only the runs).
 */
export function shredBlock(db: Db, id: number, parts = missingParts(db, id)): BlockExtras | null {
  if (!parts.paths && parts.runs) {
    // Runs in stop 15's format hold every run as text: re-encoded as they are, no block decoded.
    const old = db.prepare('SELECT data FROM event_block_runs WHERE block = ?').pluck().get(id) as Buffer | undefined;
    const stored = old ? decodeRuns(old) : null;
    // (Retention drops a block's runs with it, and commitShredded checks the block is still there.)
    if (stored) return { paths: null, runs: encodeRuns(stored.all()) };
  }
  const row = db.prepare('SELECT data, raw FROM event_blocks WHERE id = ?').get(id) as { data: Buffer; raw: Buffer } | undefined;
  if (!row) return null;
  const want = parts.runs ? [...TEXT_COLUMNS] : [RAW, ...TWIN_COLUMNS];
  const { cols } = decodeColumns({ data: () => row.data, raw: () => row.raw }, want, { cols: [], dicts: [] });
  return {
    paths: parts.paths ? shredRaws(cols[RAW] as string[], (c) => cols[c]!) : null,
    runs: parts.runs ? blockRuns(cols) : null,
  };
}

/**
 * Store block `id`'s extras in one immediate transaction, unless the block is gone (retention
 * dropped it meanwhile); a part stored meanwhile is left as it is. Returns whether the block is
 * still there.
 */
export function commitShredded(db: Db, id: number, extras: BlockExtras): boolean {
  return db
    .transaction(() => {
      if (!db.prepare('SELECT 1 FROM event_blocks WHERE id = ?').get(id)) return false;
      const missing = missingParts(db, id);
      if (extras.paths && missing.paths) {
        const insert = db.prepare('INSERT INTO event_block_paths (block, path, data) VALUES (?, ?, ?)');
        insert.run(id, MANIFEST, Buffer.from(extras.paths.manifest, 'utf8'));
        for (const c of extras.paths.columns) insert.run(id, c.path, c.data);
      }
      if (extras.runs && missing.runs) db.prepare('INSERT OR REPLACE INTO event_block_runs (block, data) VALUES (?, ?)').run(id, extras.runs);
      return true;
    })
    .immediate();
}

/**
 * The blocks still without path columns or dotted runs (or with runs in stop 15's format), newest first. The store is listed once; after that only
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
        .prepare(
          `SELECT id FROM event_blocks b WHERE NOT EXISTS (SELECT 1 FROM event_block_paths p WHERE p.block = b.id AND p.path = '')
             OR NOT EXISTS (SELECT 1 FROM event_block_runs r WHERE r.block = b.id AND substr(r.data, 1, 1) <> ?) ORDER BY id`,
        )
        .pluck()
        .all(RUNS_OUTDATED) as number[];
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
 * Build the extras of the next block that lacks some; `turn` runs the commit (the sealing
 * worker takes its turn at the write gate). Returns whether a block was done.
 */
export function shredNext(db: Db, queue: ShredQueue, turn: (commit: () => boolean) => boolean = (commit) => commit()): boolean {
  for (let id = queue.next(db); id !== null; id = queue.next(db)) {
    const shredded = shredBlock(db, id);
    if (shredded && turn(() => commitShredded(db, id, shredded))) return true;
  }
  return false;
}

/** Build the extras of every block that lacks some (tests, benchmarks). Returns how many blocks got them. */
export function shredAll(db: Db): number {
  const queue = new ShredQueue();
  let n = 0;
  while (shredNext(db, queue)) n++;
  return n;
}
