import type { Database as Db } from 'better-sqlite3';
import { headKey } from './blocks.ts';
import { dropBlock, dropHeadRows } from './drop.ts';

/**
 * Retention's reads and deletes on event tables (store/retention.ts decides what and when). Each
 * call is one short transaction so ingest and the UI interleave with a long pass.
 */

/** Drop the oldest sealed block whose newest event is older than `cutoff`: its event count, or null when none is. */
export function dropBlockBefore(db: Db, cutoff: number): number | null {
  const b = db.prepare('SELECT id FROM event_blocks WHERE max_ts < ? ORDER BY max_ts LIMIT 1').get(cutoff) as { id: number } | undefined;
  return b ? dropBlock(db, b.id) : null;
}

/** Drop the oldest sealed block (by id): its event count, or null when there is none. */
export function dropOldestBlock(db: Db): number | null {
  const b = db.prepare('SELECT id FROM event_blocks ORDER BY id LIMIT 1').get() as { id: number } | undefined;
  return b ? dropBlock(db, b.id) : null;
}

/** Drop up to `max` head events stamped before `cutoff`, oldest first; how many went. */
export function dropHeadBefore(db: Db, cutoff: number, max: number): number {
  const ids = (
    db
      .prepare(`SELECT id FROM events WHERE ${headKey('ts')} <= ${headKey('@cutoff')} AND ts < @cutoff ORDER BY ${headKey('ts')} LIMIT @max`)
      .all({ cutoff, max }) as {
      id: number;
    }[]
  ).map((r) => r.id);
  return dropHeadRows(db, ids);
}

/** Drop the `n` oldest head events (by id); how many went. */
export function dropOldestHead(db: Db, n: number): number {
  return dropHeadRows(
    db,
    (db.prepare('SELECT id FROM events ORDER BY id LIMIT ?').all(n) as { id: number }[]).map((r) => r.id),
  );
}

/** Lowest and highest head id (ids approximate the head's row count), null when the head is empty. */
export function headSpan(db: Db): { lo: number; hi: number } | null {
  const r = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM events').get() as { lo: number | null; hi: number | null };
  return r.lo === null || r.hi === null ? null : { lo: r.lo, hi: r.hi };
}

/** Forget per-source arrival buckets older than `before` (Source Health keeps 24 h). */
export function dropStatsBefore(db: Db, before: number): void {
  db.prepare('DELETE FROM source_stats WHERE bucket < ?').run(before);
}
