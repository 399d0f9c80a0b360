import type { Database as Db } from 'better-sqlite3';

/**
 * Reads of the per-source arrival statistics (`source_stats`, 5-minute buckets written by the
 * appender in the ingest transaction, aged out by retention): the store owns the table, Source
 * Health, the source directory and rule preview read it through these.
 */

/** One source's arrivals in one bucket. */
export interface StatsBucket {
  source_seq: number;
  bucket: number;
  accepted: number;
  rejected: number;
  rate_limited: number;
}

/** Every source's buckets starting at or after `fromBucket`. */
export function statsSince(db: Db, fromBucket: number): StatsBucket[] {
  return db.prepare('SELECT source_seq, bucket, accepted, rejected, rate_limited FROM source_stats WHERE bucket >= ?').all(fromBucket) as StatsBucket[];
}

/** The newest event arrival of source `seq` before `before` (ms), or null. */
export function lastEventBefore(db: Db, seq: number, before: number): number | null {
  const r = db.prepare('SELECT max(last_event_at) AS t FROM source_stats WHERE source_seq = ? AND last_event_at < ?').get(seq, before) as { t: number | null };
  return r.t;
}

/** SQL of a correlated subquery giving the newest event arrival of the source whose seq is `seqExpr`. */
export function lastEventAtSql(seqExpr: string): string {
  return `(SELECT max(last_event_at) FROM source_stats st WHERE st.source_seq = ${seqExpr})`;
}
