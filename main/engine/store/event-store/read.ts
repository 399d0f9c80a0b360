import type { Database as Db } from 'better-sqlite3';
import { BlockReader } from './blocks.ts';
import { tupleToRow } from './block-codec.ts';
import type { StoredRow } from './block-codec.ts';

/** Conditions of an id-ordered read (rules replay, forwarding batches): cheap columns only. */
export interface IdScan {
  /** First id (inclusive). */
  fromId: number;
  /** Last id (inclusive); default: the newest. */
  toId?: number;
  /** Only these sources. */
  sourceSeqs?: number[] | null;
  /** Not these sources. */
  excludeSeqs?: number[];
  /** Only these severity indexes. */
  severities?: number[] | null;
  /** Only severity index >= this. */
  minSeverity?: number;
  /** Only events received at or before this time. */
  untilReceivedAt?: number;
  /** At most this many rows. */
  limit?: number;
}

const HEAD_COLUMNS = 'id, source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, raw';

/** The newest stored event id (head or sealed), 0 for an empty store. */
export function maxEventId(db: Db): number {
  const r = db
    .prepare('SELECT max(coalesce((SELECT max(id) FROM events), 0), coalesce((SELECT last_id FROM event_blocks ORDER BY id DESC LIMIT 1), 0)) AS m')
    .get() as { m: number };
  return r.m;
}

function matcher(o: IdScan): (r: StoredRow) => boolean {
  const only = o.sourceSeqs ? new Set(o.sourceSeqs) : null;
  const not = new Set(o.excludeSeqs ?? []);
  const sev = o.severities ? new Set(o.severities) : null;
  const toId = o.toId ?? Number.MAX_SAFE_INTEGER;
  return (r) =>
    r.id >= o.fromId &&
    r.id <= toId &&
    (!only || only.has(r.source_seq)) &&
    !not.has(r.source_seq) &&
    (!sev || sev.has(r.severity)) &&
    r.severity >= (o.minSeverity ?? 0) &&
    r.received_at <= (o.untilReceivedAt ?? Number.MAX_SAFE_INTEGER);
}

/**
 * Stored events from `fromId` on, in id order, wherever they live: the sealed blocks holding that
 * id range (decoded one at a time), then the head table. Rows are checked in JS for blocks and in
 * SQL for the head, with the same conditions.
 */
export function* scanById(db: Db, o: IdScan): Generator<StoredRow> {
  if ((o.sourceSeqs && o.sourceSeqs.length === 0) || (o.severities && o.severities.length === 0)) return;
  let left = o.limit ?? Number.MAX_SAFE_INTEGER;
  const keep = matcher(o);
  const toId = o.toId ?? Number.MAX_SAFE_INTEGER;
  const reader = BlockReader.for(db);
  for (const b of reader.byIdRange(o.fromId, toId)) {
    for (const t of reader.rows(b.id)) {
      const r = tupleToRow(t);
      if (!keep(r)) continue;
      yield r;
      if (--left <= 0) return;
    }
  }
  const where = ['id >= ?', 'id <= ?', 'severity >= ?', 'received_at <= ?'];
  const args: number[] = [o.fromId, toId, o.minSeverity ?? 0, o.untilReceivedAt ?? Number.MAX_SAFE_INTEGER];
  if (o.sourceSeqs) {
    where.push(`source_seq IN (${o.sourceSeqs.map(() => '?').join(',')})`);
    args.push(...o.sourceSeqs);
  }
  if (o.excludeSeqs?.length) {
    where.push(`source_seq NOT IN (${o.excludeSeqs.map(() => '?').join(',')})`);
    args.push(...o.excludeSeqs);
  }
  if (o.severities) {
    where.push(`severity IN (${o.severities.map(() => '?').join(',')})`);
    args.push(...o.severities);
  }
  const rows = db
    .prepare(`SELECT ${HEAD_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`)
    .iterate(...args, left) as IterableIterator<StoredRow>;
  for (const r of rows) yield r;
}

/**
 * First event id received at or after `cutoff` (ids grow in receive order): the first sealed block
 * that reaches the cutoff is decoded, else the head is bisected. Null when none is that recent.
 */
export function firstIdReceivedSince(db: Db, cutoff: number): number | null {
  const block = db.prepare('SELECT id FROM event_blocks WHERE max_received >= ? ORDER BY id LIMIT 1').get(cutoff) as { id: number } | undefined;
  if (block) {
    const cols = BlockReader.for(db).columns(block.id, [0, 2]);
    const at = (cols[2] as number[]).findIndex((r) => r >= cutoff);
    if (at >= 0) return (cols[0] as number[])[at]!;
  }
  const bounds = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM events').get() as { lo: number | null; hi: number | null };
  if (bounds.lo === null || bounds.hi === null) return null;
  const probe = db.prepare('SELECT id, received_at FROM events WHERE id >= ? ORDER BY id LIMIT 1');
  const at = (x: number) => probe.get(x) as { id: number; received_at: number };
  if (at(bounds.hi).received_at < cutoff) return null;
  let lo = bounds.lo;
  let hi = bounds.hi;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (at(mid).received_at >= cutoff) hi = mid;
    else lo = mid + 1;
  }
  return at(lo).id;
}
