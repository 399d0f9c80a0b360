import type { Database as Db, Statement } from 'better-sqlite3';
import { encodeBlock } from './block-codec.ts';
import type { RowTuple } from './block-codec.ts';
import { blockGrams } from './block-grams.ts';
import { threadCpuMs } from './seal-pace.ts';
import { ShredQueue, shredNext } from './path-columns.ts';

/** Events per sealed block. */
export const BLOCK_SIZE = 4096;
const MINUTE = 60_000;

export interface SealOptions {
  /** Events per block (default BLOCK_SIZE). */
  blockSize?: number;
  /** Seal only when the head holds more than this many events beyond a block (default one block). */
  keepInHead?: number;
  /** Seal even a partial block (tests, shutdown of a quiet store): every head event but none kept. */
  force?: boolean;
  /** Benchmarks: each step's thread CPU (ms) is added here under its name. */
  phases?: Record<string, number>;
}

/** Per (minute, source, severity) counts of the rows: what they add to event_counts. */
function summarize(rows: RowTuple[]): [number, number, number, number][] {
  const m = new Map<string, [number, number, number, number]>();
  let last: [number, number, number, number] | null = null;
  for (const r of rows) {
    const minute = Math.floor(r[3] / MINUTE) * MINUTE;
    // Rows come in id order: neighbours mostly share their minute, source and severity.
    if (last && last[0] === minute && last[1] === r[1] && last[2] === r[4]) {
      last[3]++;
      continue;
    }
    const key: string = `${minute}:${r[1]}:${r[4]}`;
    last = m.get(key) ?? null;
    if (last) last[3]++;
    else m.set(key, (last = [minute, r[1], r[4], 1]));
  }
  return [...m.values()];
}

/** A block built from head rows, ready to be committed. */
export interface PreparedBlock {
  first: number;
  last: number;
  count: number;
  minTs: number;
  maxTs: number;
  maxReceived: number;
  summary: string;
  /** Every column but raw (block-codec.ts). */
  data: Buffer;
  raw: Buffer;
  /** Skip-index document: the block's distinct trigrams. */
  document: string;
}

interface SealStatements {
  span: Statement;
  rows: Statement;
  insertBlock: Statement;
  insertDocument: Statement;
  deleteHead: Statement;
}
const STATEMENTS = new WeakMap<Db, SealStatements>();

function statements(db: Db): SealStatements {
  let s = STATEMENTS.get(db);
  if (!s) {
    s = {
      span: db.prepare('SELECT (SELECT min(id) FROM events) AS lo, (SELECT max(id) FROM events) AS hi'),
      rows: db
        .prepare(
          'SELECT id, source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, raw FROM events WHERE id > ? ORDER BY id LIMIT ?',
        )
        .raw(true),
      insertBlock: db.prepare(
        'INSERT INTO event_blocks (id, last_id, count, min_ts, max_ts, max_received, summary, bytes, data, raw) VALUES (?,?,?,?,?,?,?,?,?,?)',
      ),
      insertDocument: db.prepare('INSERT INTO event_block_grams (rowid, body) VALUES (?, ?)'),
      deleteHead: db.prepare('DELETE FROM events WHERE id >= ? AND id <= ?'),
    };
    STATEMENTS.set(db, s);
  }
  return s;
}

/** Adds the thread CPU since the last lap to `phases[name]`; does nothing without `phases`. */
function lapper(phases: Record<string, number> | undefined): (name: string) => void {
  if (!phases) return () => {};
  let t = threadCpuMs();
  return (name) => {
    const now = threadCpuMs();
    phases[name] = (phases[name] ?? 0) + now - t;
    t = now;
  };
}

/** The head's lowest and highest id (two b-tree descents); nulls when the head is empty. */
export function headIds(db: Db): { lo: number | null; hi: number | null } {
  return statements(db).span.get() as { lo: number | null; hi: number | null };
}

/**
 * Read the oldest head events after id `after` and build their block: the encoded blobs, the
 * summary and the skip-index document. Only reads, so it can run outside the write transaction
 * (the sealing worker does); null when the head holds too few events. Whether it holds enough is
 * judged from its id span (two b-tree descents instead of stepping over two blocks of rows): ids
 * have gaps only where retention or a failed commit left them, and an overestimate only means
 * fewer events stay in row form for a while.
 */
export function prepareBlock(db: Db, opts: SealOptions = {}, after = 0): PreparedBlock | null {
  const size = opts.blockSize ?? BLOCK_SIZE;
  const keep = opts.force ? 0 : (opts.keepInHead ?? size);
  const lap = lapper(opts.phases);
  const { lo, hi } = headIds(db);
  if (lo === null || hi === null || (!opts.force && hi - Math.max(lo, after + 1) + 1 < size + keep)) return null;
  lap('probe');
  const rows = statements(db).rows.all(after, size) as RowTuple[];
  lap('read rows');
  if (rows.length === 0 || (!opts.force && rows.length < size)) return null;
  let minTs = Infinity;
  let maxTs = -Infinity;
  let maxReceived = -Infinity;
  for (const r of rows) {
    if (r[3] < minTs) minTs = r[3];
    if (r[3] > maxTs) maxTs = r[3];
    if (r[2] > maxReceived) maxReceived = r[2];
  }
  const summary = JSON.stringify(summarize(rows));
  lap('summary');
  const { data, raw } = encodeBlock(rows);
  lap('encode (codec)');
  const document = blockGrams(rows);
  lap('grams');
  return { first: rows[0]![0], last: rows.at(-1)![0], count: rows.length, minTs, maxTs, maxReceived, summary, data, raw, document };
}

/** Thrown inside a seal transaction to roll it back: the head no longer holds a prepared block's rows. */
class LostRace extends Error {}

/**
 * Commit prepared blocks (consecutive, oldest first) in one immediate transaction: for each, delete
 * its head rows by id range, insert the block and its skip-index document. If the head no longer
 * holds exactly a block's rows (retention took some meanwhile: the delete removes fewer rows than
 * the block holds), the whole transaction rolls back and 0 is returned. A crash before the commit
 * leaves the head as it was; after it, the blocks. Returns the events sealed.
 */
export function commitBlocks(db: Db, blocks: PreparedBlock[], phases?: Record<string, number>): number {
  const s = statements(db);
  const lap = lapper(phases);
  try {
    return db
      .transaction(() => {
        let n = 0;
        for (const b of blocks) {
          if (s.deleteHead.run(b.first, b.last).changes !== b.count) throw new LostRace();
          lap('commit: delete head rows');
          s.insertBlock.run(b.first, b.last, b.count, b.minTs, b.maxTs, b.maxReceived, b.summary, b.data.length + b.raw.length, b.data, b.raw);
          lap('commit: insert block');
          s.insertDocument.run(b.first, b.document);
          lap('commit: FTS5 insert');
          n += b.count;
        }
        return n;
      })
      .immediate();
  } catch (err) {
    if (err instanceof LostRace) return 0;
    throw err;
  } finally {
    lap('commit: COMMIT');
  }
}

/** Commit one prepared block (commitBlocks). */
export function commitBlock(db: Db, b: PreparedBlock): number {
  return commitBlocks(db, [b]);
}

/** Prepare and commit one block inside one transaction (the in-thread path). Returns events sealed. */
export function sealOne(db: Db, opts: SealOptions = {}): number {
  return db
    .transaction(() => {
      const b = prepareBlock(db, opts);
      return b ? commitBlock(db, b) : 0;
    })
    .immediate();
}

/** Seal every head event into blocks now (tests, benchmarks, shutdown of a quiet store). */
export function sealAll(db: Db, opts: Omit<SealOptions, 'force'> = {}): number {
  let n = 0;
  for (let k = sealOne(db, { ...opts, force: true }); k > 0; k = sealOne(db, { ...opts, force: true })) n += k;
  return n;
}

export interface Sealer {
  stop(): void;
}

/**
 * Background sealing on the engine thread in small slices: one block per turn of the event loop,
 * so ingest commits interleave with sealing; with no head to seal, one block's path columns and
 * dotted runs per turn (path-columns.ts); idle polls once a second.
 */
export function startSealer(db: Db, opts: SealOptions & { idleMs?: number; onError?: (err: unknown) => void } = {}): Sealer {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const queue = new ShredQueue();
  const tick = () => {
    timer = null;
    if (stopped) return;
    let busy = false;
    try {
      busy = sealOne(db, opts) > 0 || shredNext(db, queue);
    } catch (err) {
      opts.onError?.(err);
    }
    if (stopped) return;
    timer = setTimeout(tick, busy ? 0 : (opts.idleMs ?? 1000));
    timer.unref();
  };
  timer = setTimeout(tick, opts.idleMs ?? 1000);
  timer.unref();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
