import type { Database as Db, Statement } from 'better-sqlite3';
import { decodeColumns, MESSAGE, RAW, ROW_COLUMNS, toTuples } from './block-codec.ts';
import type { BlockBlobs, BlockColumns, DecodedBlock, RowTuple } from './block-codec.ts';
import { BlockList, lastAtOrBelow } from './block-list.ts';
import { absentByManifest, decodeColumn, MANIFEST } from './block-paths.ts';
import type { PathColumn } from './block-paths.ts';
import { decodeRuns } from './block-runs.ts';
import type { StoredRuns } from './block-runs.ts';
import { blockWords, WORDS_ENVELOPE } from './block-words.ts';
import type { BlockWords } from './block-words.ts';
import type { BlockMeta } from './block-list.ts';

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

/** The head's time key of a time expression (migration 0130: index `events_tkey`): 256 ms slots that never decrease as ts grows. */
export function headKey(ts: string): string {
  return `(${ts} >> 8)`;
}
const HEAD_KEY = headKey('e.ts');

/**
 * The window [@from, @to) over `source`. On the head also as a range of its time key, so SQLite
 * walks `events_tkey` (a superset: the key never decreases as ts grows, so ts in [from, to)
 * implies key in [from >> 8, to >> 8]); the exact bounds then decide.
 */
export function windowSql(source: string): string[] {
  const exact = ['e.ts >= @from', 'e.ts < @to'];
  return source === HEAD_SOURCE ? [...exact, `${HEAD_KEY} BETWEEN ${headKey('@from')} AND ${headKey('@to')}`] : exact;
}

/**
 * Newest first, ties by id: `ORDER BY` of a page over `source`. On the head the slots come first,
 * so SQLite walks `events_tkey` backwards and sorts only within each slot, stopping at the LIMIT
 * (the same order: a later slot never holds an earlier ts).
 */
export function newestOrderSql(source: string): string {
  return source === HEAD_SOURCE ? `${HEAD_KEY} DESC, e.ts DESC, e.id DESC` : 'e.ts DESC, e.id DESC';
}

const READERS = new WeakMap<Db, BlockReader>();

/**
 * Decoded columns kept per connection, by estimated bytes: a page, its histogram and its top
 * values read the same recent blocks. Small on purpose: a day of a busy LAN is ~800 blocks, more
 * than any cache worth its memory holds; measured on the Overview (3.3 M events in 24 h), a 32 MB
 * cache per search worker added ~150 MB to serve's peak RSS and saved nothing; 8 → 4 MB is part of
 * stop 12's memory cut (search/worker.ts).
 */
const CACHE_BYTES = 4 * 1024 * 1024;
/** Blocks whose dotted runs `runsOf` reads at once. */
export const RUNS_AT_ONCE = 64;
const ALL_COLUMNS = ROW_COLUMNS.map((_, i) => i);
const TS = ROW_COLUMNS.indexOf('ts');
const COLUMN_INDEX = new Map<string, number>(ROW_COLUMNS.map((c, i) => [c, i]));
const COLUMN_REF = /\be\.(?:"(\w+)"|(\w+))/g;
const columnsCache = new Map<string, number[]>();

/**
 * The event columns a statement reads through the alias `e` (every search statement names its
 * columns `e.x` / `e."x"`), plus the id: a block serves only these to SQL and the rest stay
 * compressed. Cached per SQL text.
 */
export function columnsOf(sql: string): number[] {
  let cols = columnsCache.get(sql);
  if (!cols) {
    const set = new Set<number>([0]);
    for (const m of sql.matchAll(COLUMN_REF)) {
      const i = COLUMN_INDEX.get(m[1] ?? m[2]!);
      if (i !== undefined) set.add(i);
    }
    cols = [...set].sort((a, b) => a - b);
    if (columnsCache.size > 256) columnsCache.clear();
    columnsCache.set(sql, cols);
  }
  return cols;
}

/** A cheap per-row test of a block's decoded columns that every possible match passes. */
export interface RowFilter {
  /** Columns the test reads. */
  cols: readonly number[];
  /** Whether `row` may match, from `block`'s decoded columns (and their dictionaries). */
  test(block: DecodedBlock, row: number): boolean;
  /** Whether the block may hold a match by its template words (block-words.ts), asked before any text is built. */
  words?: (w: BlockWords) => boolean;
}

/** Distinct value combinations of some columns of a block (BlockReader.combinations). */
export interface Combinations {
  of: Int32Array;
  first: number[];
}

/** Per-row codes 0..size-1 of a column (-1 = null): the dictionary's for text, dense numbering for numbers. */
function codesOf(block: DecodedBlock, c: number): { codes: Int32Array; size: number } {
  const dict = block.dicts[c];
  if (dict) return { codes: dict.codes, size: dict.values.length };
  const values = block.cols[c]!;
  const seen = new Map<number | string | null, number>();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let k = seen.get(v);
    if (k === undefined) seen.set(v, (k = seen.size));
    codes[i] = k;
  }
  return { codes, size: seen.size };
}

/** Estimated heap bytes of a block's decoded columns (typed arrays by size, text by characters). */
function decodedBytes(block: DecodedBlock): number {
  let bytes = 0;
  block.cols.forEach((col, c) => {
    if (!col) return;
    if (ArrayBuffer.isView(col)) bytes += col.byteLength;
    else {
      bytes += col.length * 8;
      // Text not behind a dictionary (raw) holds its own strings.
      if (!block.dicts[c]) for (let i = 0; i < col.length; i++) bytes += String(col[i] ?? '').length;
    }
  });
  for (const d of block.dicts) if (d) bytes += d.codes.byteLength + d.values.reduce((n, v) => n + v.length + 16, 0);
  return bytes;
}

interface View {
  cols: BlockColumns;
  present: number[];
  rows: number[] | null;
  n: number;
}

/**
 * Reads sealed blocks on one connection: their summaries, their decoded columns (small LRU, each
 * column decoded on first use), and the `event_block` virtual table that serves them to SQL.
 * Columns must be loaded (serve()) before a statement reads the block: the table function cannot
 * query the database it runs inside.
 */
export class BlockReader {
  private readonly db: Db;
  private readonly cache = new Map<number, DecodedBlock>();
  private readonly sizes = new Map<number, number>();
  /** The data blobs of cached blocks (counted in cachedBytes). */
  private readonly dataBlobs = new Map<number, Buffer>();
  private cachedBytes = 0;
  /** What `event_block(id)` serves: the loaded columns (others NULL), all rows or the filter's. */
  private readonly views = new Map<number, View>();
  private stmts: { data: Statement; raw: Statement } | null = null;
  private gramsStmt: Statement | null = null;
  private pathStmt: Statement | null = null;
  private runsStmt: Statement | null = null;
  private readonly list: BlockList;

  /** Use BlockReader.for(): a connection has one reader (it owns the `event_block` table name). */
  private constructor(db: Db) {
    this.db = db;
    this.list = new BlockList(db);
    const views = this.views;
    db.table('event_block', {
      columns: [...ROW_COLUMNS],
      parameters: ['blk'],
      *rows(blk: unknown) {
        const v = views.get(Number(blk));
        if (!v) throw new Error(`event block ${String(blk)} was not loaded`);
        const { cols, present } = v;
        const emit = (i: number) => {
          const row = new Array<number | string | null>(ROW_COLUMNS.length).fill(null);
          for (const c of present) row[c] = cols[c]![i]!;
          return row;
        };
        if (v.rows) for (const i of v.rows) yield emit(i);
        else for (let i = 0; i < v.n; i++) yield emit(i);
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

  /** The listed columns of block `id`, decoded into the cache on first use. */
  columns(id: number, want: readonly number[]): BlockColumns {
    return this.decoded(id, want).cols;
  }

  /** Block `id` with at least the listed columns decoded (and the dictionaries of its text columns). */
  decoded(id: number, want: readonly number[]): DecodedBlock {
    let block = this.cache.get(id);
    if (block) this.cache.delete(id);
    else block = { cols: [], dicts: [] };
    this.cache.set(id, block);
    const missing = want.filter((c) => !block.cols[c]);
    if (missing.length === 0) return block;
    decodeColumns(this.blobs(id), missing, block);
    const bytes = decodedBytes(block);
    this.cachedBytes += bytes - (this.sizes.get(id) ?? 0);
    this.sizes.set(id, bytes);
    // Evict least recently used blocks (never the one just read) until the cache fits its budget.
    for (const old of this.cache.keys()) {
      if (this.cachedBytes <= CACHE_BYTES || old === id) break;
      this.cache.delete(old);
      this.cachedBytes -= (this.sizes.get(old) ?? 0) + (this.dataBlobs.get(old)?.length ?? 0);
      this.sizes.delete(old);
      this.dataBlobs.delete(old);
    }
    return block;
  }

  /**
   * Block `id`'s blobs, each read on first use. The data blob (every column but the texts, a few
   * tens of KB) is kept with the block's cache entry: a page decodes a block's columns in two or
   * three steps (the filter's, then the rest, then texts for the matching rows), and each step
   * read it again (measured: ~4.5 reads per served block on a sparse Loghub page).
   */
  private blobs(id: number): BlockBlobs {
    this.stmts ??= {
      data: this.db.prepare('SELECT data FROM event_blocks WHERE id = ?').pluck(),
      raw: this.db.prepare('SELECT raw FROM event_blocks WHERE id = ?').pluck(),
    };
    const blob = (stmt: Statement) => {
      const b = stmt.get(id) as Buffer | undefined;
      if (!b) throw new Error(`event block ${id} is gone (dropped by retention?)`);
      return b;
    };
    const data = this.stmts.data;
    return {
      data: () => {
        let b = this.dataBlobs.get(id);
        if (!b) {
          b = blob(data);
          if (this.cache.has(id)) {
            this.dataBlobs.set(id, b);
            this.cachedBytes += b.length;
          }
        }
        return b;
      },
      raw: () => blob(this.stmts!.raw),
    };
  }

  /**
   * The `present` columns of block `id` for serving `rows`. When they are at most a quarter of the
   * block and its message or raw text is not decoded yet, that text is built for those rows only
   * (format 5 templates; decodeColumns) into a view of its own, not cached: a page of a few
   * matching rows per block — a sparse field, a raw-path top — no longer builds ~4,000 texts to read
   * a handful. Other columns come from (and go to) the cache as always.
   */
  private viewColumns(id: number, present: number[], rows: number[] | null): BlockColumns {
    if (!rows || rows.length === 0 || !present.some((c) => c === RAW || c === MESSAGE)) return this.columns(id, present);
    const block = this.decoded(
      id,
      present.filter((c) => c !== RAW && c !== MESSAGE),
    );
    const text = present.filter((c) => (c === RAW || c === MESSAGE) && !block.cols[c]);
    const n = block.cols[0]?.length ?? 0;
    if (text.length === 0 || rows.length * 4 > n) return this.columns(id, present);
    const mask = new Uint8Array(n);
    for (const i of rows) mask[i] = 1;
    return decodeColumns(this.blobs(id), text, { cols: [...block.cols], dicts: [...block.dicts] }, mask).cols;
  }

  /** Every row of block `id` as tuples, in id order. */
  rows(id: number): RowTuple[] {
    return toTuples(this.columns(id, ALL_COLUMNS));
  }

  /**
   * Serve block `id` to `event_block(id)`: the columns `sql` reads (see columnsOf), and only the
   * rows passing `filter` (a cheap test every possible match passes), or all rows.
   */
  serve(id: number, sql: string, filter: RowFilter | null = null): void {
    let rows: number[] | null = null;
    // Template words rule a block out before its texts are built; a block whose texts are cached
    // already is tested on them (cheaper than decompressing its frames again).
    const cached = this.cache.get(id);
    if (filter?.words && !(cached && filter.cols.every((c) => cached.cols[c]))) {
      const words = blockWords(this.blobs(id), this.decoded(id, WORDS_ENVELOPE));
      if (words && !filter.words(words)) rows = [];
    }
    if (filter && !rows) {
      // The filter's columns first: a block where no row passes is served empty, the rest unread.
      const tested = this.decoded(id, [0, ...filter.cols]);
      rows = [];
      for (let i = 0, n = tested.cols[0]!.length; i < n; i++) if (filter.test(tested, i)) rows.push(i);
    }
    const present = rows?.length === 0 ? [] : columnsOf(sql);
    const cols = this.viewColumns(id, present, rows);
    this.views.clear();
    this.views.set(id, { cols, present, rows, n: cols[0]?.length ?? 0 });
  }

  /** Serve exactly `rows` (row indexes, ascending) of block `id` to `event_block(id)`, with the columns `sql` reads. */
  serveRows(id: number, sql: string, rows: number[]): void {
    const present = rows.length === 0 ? [] : columnsOf(sql);
    const cols = this.viewColumns(id, present, rows);
    this.views.clear();
    this.views.set(id, { cols, present, rows, n: cols[0]?.length ?? 0 });
  }

  /**
   * The distinct combinations of the listed columns' values in block `id`: `of[row]` = the row's
   * combination, `first[k]` = the first row holding combination k. A condition that reads only
   * these columns has one value per combination, so it can be evaluated once per combination
   * instead of once per row.
   */
  combinations(id: number, cols: readonly number[]): Combinations {
    const block = this.decoded(id, [TS, ...cols]);
    const n = block.cols[TS]!.length;
    let of = new Int32Array(n);
    let count = 1;
    for (const c of cols) {
      const { codes, size } = codesOf(block, c);
      const next = new Int32Array(n);
      const width = size + 1;
      if (count * width <= 1 << 16) {
        const table = new Int32Array(count * width).fill(-1);
        let m = 0;
        for (let i = 0; i < n; i++) {
          const key = of[i]! * width + codes[i]! + 1;
          let k = table[key]!;
          if (k < 0) table[key] = k = m++;
          next[i] = k;
        }
        count = m;
      } else {
        const table = new Map<number, number>();
        for (let i = 0; i < n; i++) {
          const key = of[i]! * width + codes[i]! + 1;
          let k = table.get(key);
          if (k === undefined) table.set(key, (k = table.size));
          next[i] = k;
        }
        count = table.size;
      }
      of = next;
    }
    const first = new Array<number>(n === 0 ? 0 : count).fill(-1);
    for (let i = 0; i < n; i++) if (first[of[i]!]! < 0) first[of[i]!] = i;
    return { of, first };
  }

  /**
   * The values block `id`'s events hold at raw path `path` (keys joined by '.'), from its path
   * column (block-paths.ts): the column; 'absent' when its manifest shows no event has a value
   * there; null when only its raw texts can tell (no column built yet, or none possible).
   */
  pathColumn(id: number, path: string): PathColumn | 'absent' | null {
    this.pathStmt ??= this.db.prepare('SELECT path, data FROM event_block_paths WHERE block = ? AND path IN (?, ?)').raw(true);
    let manifest: Buffer | null = null;
    for (const [p, data] of this.pathStmt.all(id, MANIFEST, path) as [string, Buffer][]) {
      if (p === path) return decodeColumn(data, (c) => this.decoded(id, [c]).dicts[c]!);
      manifest = data;
    }
    return manifest !== null && absentByManifest(manifest.toString('utf8'), path) ? 'absent' : null;
  }

  /**
   * The dotted runs (block-runs.ts) of blocks `ids` (at most RUNS_AT_ONCE) that have them stored,
   * in a format this build reads; a block missing from the map has none (not built yet): no
   * pruning. One statement for them all: a walk over many blocks reads their runs several times
   * faster than with one lookup each.
   */
  runsOf(ids: readonly number[]): Map<number, StoredRuns> {
    if (ids.length > RUNS_AT_ONCE) throw new RangeError(`runsOf: ${ids.length} blocks; at most ${RUNS_AT_ONCE}`);
    this.runsStmt ??= this.db.prepare(`SELECT block, data FROM event_block_runs WHERE block IN (${Array(RUNS_AT_ONCE).fill('?').join(',')})`).raw(true);
    const params = ids.length === RUNS_AT_ONCE ? ids : [...ids, ...Array<number>(RUNS_AT_ONCE - ids.length).fill(-1)];
    const out = new Map<number, StoredRuns>();
    for (const [id, data] of this.runsStmt.all(params) as [number, Buffer][]) {
      const runs = decodeRuns(data);
      if (runs) out.set(id, runs);
    }
    return out;
  }

  /** Blocks holding an event stamped in [fromMs, toMs), newest (by max ts) first. */
  inWindow(fromMs: number, toMs: number): BlockMeta[] {
    const { newest } = this.list.current();
    // `newest` is by max ts descending: the blocks ending at or after fromMs are a prefix.
    let a = 0;
    let b = newest.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (newest[mid]!.maxTs >= fromMs) a = mid + 1;
      else b = mid;
    }
    const out: BlockMeta[] = [];
    for (let i = 0; i < a; i++) if (newest[i]!.minTs < toMs) out.push(newest[i]!);
    return out;
  }

  /** The block holding event `id`, if one does. */
  holding(id: number): BlockMeta | undefined {
    const { byId } = this.list.current();
    const i = lastAtOrBelow(byId, id);
    const b = i < 0 ? undefined : byId[i];
    return b && b.lastId >= id ? b : undefined;
  }

  /** Blocks overlapping the id range [fromId, toId], in id order. */
  byIdRange(fromId: number, toId: number): BlockMeta[] {
    const { byId } = this.list.current();
    const out: BlockMeta[] = [];
    for (let i = Math.max(0, lastAtOrBelow(byId, fromId)); i < byId.length && byId[i]!.id <= toId; i++) {
      if (byId[i]!.lastId >= fromId) out.push(byId[i]!);
    }
    return out;
  }

  /**
   * Block ids in [fromId, toId] whose skip-index document holds every one of `grams` (an FTS5
   * query of trigrams). The id range (a window's blocks) keeps a common term from listing every
   * block of the store: FTS5 stops its doclists at the range.
   */
  withGrams(ftsQuery: string, fromId = 0, toId = Number.MAX_SAFE_INTEGER): Set<number> {
    this.gramsStmt ??= this.db.prepare('SELECT rowid FROM event_block_grams WHERE event_block_grams MATCH ? AND rowid >= ? AND rowid <= ?').pluck();
    return new Set(this.gramsStmt.all(ftsQuery, fromId, toId) as number[]);
  }
}
