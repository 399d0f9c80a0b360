import type { Db } from './db.ts';
import type { Clock } from '../clock.ts';

export interface RetentionPolicy {
  /** Drop events older than this many days (by event time). 0 = keep forever. */
  maxAgeDays: number;
  /** Keep the events store under this many GB, dropping the oldest first. 0 = no cap. */
  maxSizeGb: number;
}

const CHUNK = 5_000;

/**
 * Deletes old events in small chunks, yielding to the event loop between chunks so ingest and the
 * UI keep running. Alerts, rules and config are never touched. Returns the number deleted.
 */
export async function applyRetention(db: Db, clock: Clock, policy: RetentionPolicy, yieldFn: () => Promise<void> = () => new Promise((r) => setImmediate(r))): Promise<number> {
  let deleted = 0;
  const byAge = db.prepare('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE ts < ? ORDER BY ts LIMIT ?)');
  const oldest = db.prepare('DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id LIMIT ?)');
  if (policy.maxAgeDays > 0) {
    const cutoff = clock.now() - policy.maxAgeDays * 86_400_000;
    for (;;) {
      const n = byAge.run(cutoff, CHUNK).changes;
      deleted += n;
      if (n < CHUNK) break;
      await yieldFn();
    }
    db.prepare('DELETE FROM event_counts WHERE minute < ?').run(cutoff - 60_000);
    db.prepare('DELETE FROM source_stats WHERE bucket < ?').run(Math.min(cutoff, clock.now() - 2 * 86_400_000));
  }
  if (policy.maxSizeGb > 0) {
    const limit = policy.maxSizeGb * 1024 ** 3;
    let trimmed = 0;
    const span = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM events');
    for (let used = usedBytes(db); used > limit; used = usedBytes(db)) {
      // Delete about as many rows as the overshoot holds (ids approximate the row count), never
      // more than a chunk, so a small store is trimmed, not emptied.
      const { lo, hi } = span.get() as { lo: number | null; hi: number | null };
      if (lo === null || hi === null) break;
      const perRow = used / (hi - lo + 1);
      const n = oldest.run(Math.min(CHUNK, Math.max(1, Math.ceil(((used - limit) / perRow) * 1.1)))).changes;
      deleted += n;
      trimmed += n;
      if (n === 0) break;
      await yieldFn();
    }
    if (trimmed) {
      // Keep the per-minute summary in step: search trusts it to skip empty minutes.
      const min = (db.prepare('SELECT min(ts) AS t FROM events').get() as { t: number | null }).t;
      db.prepare('DELETE FROM event_counts WHERE minute < ?').run(min === null ? Number.MAX_SAFE_INTEGER : Math.floor(min / 60_000) * 60_000);
    }
  }
  return deleted;
}

/** Bytes of the database in use (pages minus free pages). */
export function usedBytes(db: Db): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  return (pages - free) * size;
}
