import type { Database as Db } from 'better-sqlite3';
import { decodeBlock, ROW_COLUMNS } from './block-codec.ts';
import type { RowTuple } from './block-codec.ts';

/** A sealed block's summary row (no data). */
export interface BlockMeta {
  id: number;
  lastId: number;
  minTs: number;
  maxTs: number;
}

/**
 * The table expression a query reads a block through: `event_block(@blk)` yields the decoded rows
 * of block @blk, cast back to the head table's column types, aliased `e` like `events e`, so the
 * very same compiled WHERE runs over a block as over the head (identical semantics by
 * construction: LIKE case folding, json_each on raw, NULL handling).
 */
export const BLOCK_SOURCE =
  '(SELECT CAST(id AS INTEGER) AS id, CAST(source_seq AS INTEGER) AS source_seq, CAST(received_at AS INTEGER) AS received_at, ' +
  'CAST(ts AS INTEGER) AS ts, CAST(severity AS INTEGER) AS severity, CAST(category AS INTEGER) AS category, CAST(outcome AS INTEGER) AS outcome, ' +
  'host, "user", action, message, tags, raw FROM event_block(@blk)) e';
export const HEAD_SOURCE = 'events e';

const READERS = new WeakMap<Db, BlockReader>();

/** Decoded blocks kept per connection (each ~4k events). */
const CACHE_BLOCKS = 12;

/**
 * Reads sealed blocks on one connection: their summaries, their decoded rows (small LRU), and the
 * `event_block` virtual table that serves decoded rows to SQL. Rows must be loaded (load()) before
 * a statement reads the block: the table function cannot query the database it runs inside.
 */
export class BlockReader {
  private readonly db: Db;
  private readonly cache = new Map<number, RowTuple[]>();
  /** The rows `event_block(id)` serves: the block's rows, or those passing the last load's filter. */
  private readonly views = new Map<number, RowTuple[]>();

  /** Use blockReaderFor(): a connection has one reader (it owns the `event_block` table name). */
  private constructor(db: Db) {
    this.db = db;
    const views = this.views;
    db.table('event_block', {
      columns: [...ROW_COLUMNS],
      parameters: ['blk'],
      *rows(blk: unknown) {
        const rows = views.get(Number(blk));
        if (!rows) throw new Error(`event block ${String(blk)} was not loaded`);
        yield* rows;
      },
    });
  }

  /** The connection's reader, created on first use. */
  static for(db: Db): BlockReader {
    let r = READERS.get(db);
    if (!r) {
      r = new BlockReader(db);
      READERS.set(db, r);
    }
    return r;
  }

  /**
   * Decode block `id` into the cache (a no-op when it is there) and serve it to `event_block(id)`:
   * all rows, or only those passing `filter` (a cheap test every possible match passes). Returns
   * all its rows in id order.
   */
  load(id: number, filter: ((t: RowTuple) => boolean) | null = null): RowTuple[] {
    let rows = this.cache.get(id);
    if (rows) {
      this.cache.delete(id);
    } else {
      const r = this.db.prepare('SELECT data FROM event_blocks WHERE id = ?').get(id) as { data: Buffer } | undefined;
      if (!r) throw new Error(`event block ${id} is gone (dropped by retention?)`);
      rows = decodeBlock(r.data);
      if (this.cache.size >= CACHE_BLOCKS) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(id, rows);
    this.views.clear();
    this.views.set(id, filter ? rows.filter(filter) : rows);
    return rows;
  }

  /** Blocks holding an event stamped in [fromMs, toMs), newest (by max ts) first. */
  inWindow(fromMs: number, toMs: number): BlockMeta[] {
    return this.db
      .prepare(
        'SELECT id, last_id AS lastId, min_ts AS minTs, max_ts AS maxTs FROM event_blocks WHERE max_ts >= ? AND min_ts < ? ORDER BY max_ts DESC, id DESC',
      )
      .all(fromMs, toMs) as BlockMeta[];
  }

  /** The block holding event `id`, if one does. */
  holding(id: number): BlockMeta | undefined {
    const b = this.db
      .prepare('SELECT id, last_id AS lastId, min_ts AS minTs, max_ts AS maxTs FROM event_blocks WHERE id <= ? ORDER BY id DESC LIMIT 1')
      .get(id) as BlockMeta | undefined;
    return b && b.lastId >= id ? b : undefined;
  }

  /** Blocks overlapping the id range [fromId, toId], in id order. */
  byIdRange(fromId: number, toId: number): BlockMeta[] {
    const first = this.holding(fromId)?.id ?? fromId;
    return this.db
      .prepare('SELECT id, last_id AS lastId, min_ts AS minTs, max_ts AS maxTs FROM event_blocks WHERE id >= ? AND id <= ? ORDER BY id')
      .all(first, toId) as BlockMeta[];
  }

  /** Block ids whose skip-index document holds every one of `grams` (an FTS5 query of trigrams). */
  withGrams(ftsQuery: string): Set<number> {
    const rows = this.db.prepare('SELECT rowid AS id FROM event_block_grams WHERE event_block_grams MATCH ?').all(ftsQuery) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }
}
