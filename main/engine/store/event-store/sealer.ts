import type { Database as Db } from 'better-sqlite3';
import { encodeBlock } from './block-codec.ts';
import type { RowTuple } from './block-codec.ts';
import { blockGrams } from './block-grams.ts';

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
}

/** Per (minute, source, severity) counts of the rows: what they add to event_counts. */
function summarize(rows: RowTuple[]): [number, number, number, number][] {
  const m = new Map<string, [number, number, number, number]>();
  for (const r of rows) {
    const minute = Math.floor(r[3] / MINUTE) * MINUTE;
    const key = `${minute}:${r[1]}:${r[4]}`;
    const cur = m.get(key);
    if (cur) cur[3]++;
    else m.set(key, [minute, r[1], r[4], 1]);
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

/**
 * Read the oldest head events (by id) and build their block: the compressed blob, the summary and
 * the skip-index document. Only reads, so it can run outside the write transaction (the sealing
 * worker does); null when the head holds too few events.
 */
export function prepareBlock(db: Db, opts: SealOptions = {}): PreparedBlock | null {
  const size = opts.blockSize ?? BLOCK_SIZE;
  const keep = opts.force ? 0 : (opts.keepInHead ?? size);
  if (!opts.force && db.prepare('SELECT id FROM events ORDER BY id LIMIT 1 OFFSET ?').get(size + keep - 1) === undefined) return null;
  const rows = db
    .prepare('SELECT id, source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, raw FROM events ORDER BY id LIMIT ?')
    .raw(true)
    .all(size) as RowTuple[];
  if (rows.length === 0) return null;
  let minTs = Infinity;
  let maxTs = -Infinity;
  let maxReceived = -Infinity;
  for (const r of rows) {
    if (r[3] < minTs) minTs = r[3];
    if (r[3] > maxTs) maxTs = r[3];
    if (r[2] > maxReceived) maxReceived = r[2];
  }
  const { data, raw } = encodeBlock(rows);
  return {
    first: rows[0]![0],
    last: rows.at(-1)![0],
    count: rows.length,
    minTs,
    maxTs,
    maxReceived,
    summary: JSON.stringify(summarize(rows)),
    data,
    raw,
    document: blockGrams(rows),
  };
}

/**
 * Commit a prepared block in one immediate transaction: insert the block and its skip-index
 * document, delete its head rows. If the head no longer holds exactly those rows (retention took
 * some meanwhile), nothing is written and 0 is returned. A crash before the commit leaves the head
 * as it was; after it, the block.
 */
export function commitBlock(db: Db, b: PreparedBlock): number {
  return db
    .transaction(() => {
      const { n } = db.prepare('SELECT count(*) AS n FROM events WHERE id >= ? AND id <= ?').get(b.first, b.last) as { n: number };
      if (n !== b.count) return 0;
      db.prepare('INSERT INTO event_blocks (id, last_id, count, min_ts, max_ts, max_received, summary, bytes, data, raw) VALUES (?,?,?,?,?,?,?,?,?,?)').run(
        b.first,
        b.last,
        b.count,
        b.minTs,
        b.maxTs,
        b.maxReceived,
        b.summary,
        b.data.length + b.raw.length,
        b.data,
        b.raw,
      );
      db.prepare('INSERT INTO event_block_grams (rowid, body) VALUES (?, ?)').run(b.first, b.document);
      db.prepare('DELETE FROM events WHERE id >= ? AND id <= ?').run(b.first, b.last);
      return b.count;
    })
    .immediate();
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
 * so ingest commits interleave with sealing; idle polls once a second.
 */
export function startSealer(db: Db, opts: SealOptions & { idleMs?: number; onError?: (err: unknown) => void } = {}): Sealer {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    timer = null;
    if (stopped) return;
    let sealed = 0;
    try {
      sealed = sealOne(db, opts);
    } catch (err) {
      opts.onError?.(err);
    }
    if (stopped) return;
    timer = setTimeout(tick, sealed > 0 ? 0 : (opts.idleMs ?? 1000));
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
