/**
 * Source Health as displayed: filter by platform and status, optional grouping by platform, and the
 * per-status summary. Pure functions over HealthRow so the screen stays a thin renderer.
 */
import type { HealthStatus } from '../../../../shared/enums.ts';
import { HEALTH_STATUSES } from '../../../../shared/enums.ts';
import type { HealthRow, Platform } from '../../../../shared/types.ts';

/** 'all', 'none' (sources without a platform) or a platform id. */
export type PlatformFilter = string;
export const ALL_PLATFORMS = 'all';
export const NO_PLATFORM = 'none';

export interface HealthGroup {
  key: string;
  label: string;
  rows: HealthRow[];
  counts: Record<HealthStatus, number>;
}

export function statusCounts(rows: HealthRow[]): Record<HealthStatus, number> {
  const counts = Object.fromEntries(HEALTH_STATUSES.map((s) => [s, 0])) as Record<HealthStatus, number>;
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

export function filterRows(rows: HealthRow[], platform: PlatformFilter, status: HealthStatus | null): HealthRow[] {
  return rows
    .filter((r) => platform === ALL_PLATFORMS || (platform === NO_PLATFORM ? r.platformId === null : r.platformId === platform))
    .filter((r) => status === null || r.status === status)
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

/** Groups in platform-name order, "No platform" last; empty groups are left out. */
export function groupByPlatform(rows: HealthRow[], platforms: Platform[]): HealthGroup[] {
  const named = new Map(platforms.map((p) => [p.id, p.name] as const));
  const buckets = new Map<string, HealthRow[]>();
  for (const r of rows) {
    const key = r.platformId && named.has(r.platformId) ? r.platformId : NO_PLATFORM;
    const list = buckets.get(key) ?? [];
    list.push(r);
    buckets.set(key, list);
  }
  const groups = [...buckets.entries()].map(([key, list]) => ({
    key,
    label: key === NO_PLATFORM ? 'No platform' : named.get(key)!,
    rows: list,
    counts: statusCounts(list),
  }));
  return groups.sort((a, b) => {
    if (a.key === NO_PLATFORM) return 1;
    if (b.key === NO_PLATFORM) return -1;
    return a.label.localeCompare(b.label, undefined, { sensitivity: 'base' });
  });
}
