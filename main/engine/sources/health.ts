import type { HealthStatus } from '../../../shared/enums.ts';
import type { HealthRow } from '../../../shared/types.ts';
import type { Db } from '../store/db.ts';
import { statsSince } from '../store/event-store/index.ts';
import type { SourceInfo } from '../context.ts';
import { STATS_BUCKET_MS } from '../ingest/writer.ts';
import { EMPTY_PULL_STATUS, pullStatuses } from '../pull/checkpoint-store.ts';
import { PULL_SOURCE_TYPES } from '../../../shared/enums.ts';

const isPullType = (t: string): boolean => (PULL_SOURCE_TYPES as readonly string[]).includes(t);

const HOUR = 3_600_000;

/** SPEC §2 status: inactive, awaiting (no event yet), healthy (heartbeat off or recent), silent. */
export function healthStatus(s: SourceInfo, now: number): HealthStatus {
  if (!s.active) return 'inactive';
  if (!s.lastEventAt) return 'awaiting';
  if (s.heartbeatMinutes === 0) return 'healthy';
  return now - s.lastEventAt <= s.heartbeatMinutes * 60_000 ? 'healthy' : 'silent';
}

/**
 * Health rows for every source from the 5-minute arrival buckets: events in the last 1 h / 24 h
 * (to bucket precision), rejected and rate-limited counts over 24 h, and a 24-slot hourly
 * sparkline whose last slot is the current hour.
 */
export function healthRows(db: Db, sources: SourceInfo[], now: number): HealthRow[] {
  const currentHour = Math.floor(now / HOUR) * HOUR;
  const sparkStart = currentHour - 23 * HOUR;
  const since24 = Math.min(sparkStart, now - 24 * HOUR);
  const hourAgo = Math.floor((now - HOUR) / STATS_BUCKET_MS) * STATS_BUCKET_MS;
  const rows = statsSince(db, Math.floor(since24 / STATS_BUCKET_MS) * STATS_BUCKET_MS);
  const bySource = new Map<number, typeof rows>();
  for (const r of rows) {
    let list = bySource.get(r.source_seq);
    if (!list) bySource.set(r.source_seq, (list = []));
    list.push(r);
  }
  const pull = pullStatuses(db, now);
  return sources.map((s) => {
    const sparkline = new Array<number>(24).fill(0);
    let events1h = 0,
      events24h = 0,
      rejected24h = 0,
      rateLimited24h = 0;
    for (const r of bySource.get(s.seq) ?? []) {
      const in24 = r.bucket > now - 24 * HOUR - STATS_BUCKET_MS;
      if (in24) {
        events24h += r.accepted;
        rejected24h += r.rejected;
        rateLimited24h += r.rate_limited;
      }
      if (r.bucket >= hourAgo) events1h += r.accepted;
      const slot = Math.floor((r.bucket - sparkStart) / HOUR);
      if (slot >= 0 && slot < 24) sparkline[slot]! += r.accepted;
    }
    return {
      sourceId: s.id,
      name: s.name,
      platformId: s.platformId,
      status: healthStatus(s, now),
      lastEventAt: s.lastEventAt ? new Date(s.lastEventAt).toISOString() : null,
      events1h,
      events24h,
      rejected24h,
      rateLimited24h,
      sparkline,
      ...(isPullType(s.type) ? (pull.get(s.seq) ?? EMPTY_PULL_STATUS) : {}),
    };
  });
}
