import type { Db } from './db.ts';
import type { Clock } from '../clock.ts';
import { dropBlockBefore, dropHeadBefore, dropOldestBlock, dropOldestHead, dropStatsBefore, headSpan } from './event-store/index.ts';

export interface RetentionPolicy {
  /** Drop events older than this many days (by event time). 0 = keep forever. */
  maxAgeDays: number;
  /** Keep the events store under this many GB, dropping the oldest first. 0 = no cap. */
  maxSizeGb: number;
}

const CHUNK = 5_000;

/**
 * Drops old events, yielding to the event loop between steps so ingest and the UI keep running.
 * Sealed blocks go whole (one block per step, its skip-index document and its share of the
 * per-minute counts with it): by age once their newest event is older than the cutoff, by size
 * oldest first. Head events go in chunks. Alerts, rules and config are never touched. Returns
 * the number of events deleted.
 */
export async function applyRetention(
  db: Db,
  clock: Clock,
  policy: RetentionPolicy,
  yieldFn: () => Promise<void> = () => new Promise((r) => setImmediate(r)),
): Promise<number> {
  let deleted = 0;
  if (policy.maxAgeDays > 0) {
    const cutoff = clock.now() - policy.maxAgeDays * 86_400_000;
    for (let n = dropBlockBefore(db, cutoff); n !== null; n = dropBlockBefore(db, cutoff)) {
      deleted += n;
      await yieldFn();
    }
    for (;;) {
      const n = dropHeadBefore(db, cutoff, CHUNK);
      deleted += n;
      if (n < CHUNK) break;
      await yieldFn();
    }
    dropStatsBefore(db, Math.min(cutoff, clock.now() - 2 * 86_400_000));
  }
  if (policy.maxSizeGb > 0) {
    const limit = policy.maxSizeGb * 1024 ** 3;
    for (let used = usedBytes(db); used > limit; used = usedBytes(db)) {
      let n = dropOldestBlock(db);
      if (n === null) {
        // Only head rows left: delete about as many as the overshoot holds (ids approximate the
        // row count), never more than a chunk, so a small store is trimmed, not emptied.
        const span = headSpan(db);
        if (!span) break;
        const perRow = used / (span.hi - span.lo + 1);
        n = dropOldestHead(db, Math.min(CHUNK, Math.max(1, Math.ceil(((used - limit) / perRow) * 1.1))));
      }
      deleted += n;
      if (n === 0) break;
      await yieldFn();
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
