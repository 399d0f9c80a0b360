import { describe, expect, it } from 'vitest';
import { ALL_PLATFORMS, filterRows, groupByPlatform, NO_PLATFORM, statusCounts } from '../../../renderer/src/features/source-health/health-view.ts';
import { hourLabel, sparkBars } from '../../../renderer/src/ui/sparkline.tsx';
import type { HealthRow, Platform } from '../../../shared/types.ts';

const platforms: Platform[] = [
  { id: 'pf_s', name: 'Staging', description: '', createdAt: '' },
  { id: 'pf_p', name: 'production', description: '', createdAt: '' },
];
function row(name: string, platformId: string | null, status: HealthRow['status']): HealthRow {
  return {
    sourceId: `ls_${name}`,
    name,
    platformId,
    status,
    lastEventAt: null,
    events1h: 0,
    events24h: 0,
    rejected24h: 0,
    rateLimited24h: 0,
    sparkline: new Array(24).fill(0),
  };
}
const rows = [
  row('web', 'pf_p', 'healthy'),
  row('db', 'pf_p', 'silent'),
  row('batch', null, 'inactive'),
  row('Api', 'pf_s', 'awaiting'),
  row('orphan', 'pf_deleted', 'healthy'),
];

describe('Source Health view', () => {
  it('filters by platform (all, none, one) and status, sorted by name', () => {
    expect(filterRows(rows, ALL_PLATFORMS, null).map((r) => r.name)).toEqual(['Api', 'batch', 'db', 'orphan', 'web']);
    expect(filterRows(rows, 'pf_p', null).map((r) => r.name)).toEqual(['db', 'web']);
    expect(filterRows(rows, NO_PLATFORM, null).map((r) => r.name)).toEqual(['batch']);
    expect(filterRows(rows, ALL_PLATFORMS, 'healthy').map((r) => r.name)).toEqual(['orphan', 'web']);
  });
  it('groups by platform name with "No platform" last (unknown platform ids count as none)', () => {
    const groups = groupByPlatform(filterRows(rows, ALL_PLATFORMS, null), platforms);
    expect(groups.map((g) => [g.label, g.rows.map((r) => r.name)])).toEqual([
      ['production', ['db', 'web']],
      ['Staging', ['Api']],
      ['No platform', ['batch', 'orphan']],
    ]);
    expect(groups[0]!.counts).toEqual({ healthy: 1, silent: 1, awaiting: 0, inactive: 0 });
  });
  it('counts statuses', () => {
    expect(statusCounts(rows)).toEqual({ healthy: 2, silent: 1, awaiting: 1, inactive: 1 });
  });
});

describe('sparkline geometry', () => {
  it('draws 24 bars oldest first, scaled to the max, zero hours as a 1px baseline', () => {
    const values = new Array(24).fill(0);
    values[0] = 5;
    values[23] = 10;
    const bars = sparkBars(values, 120, 24);
    expect(bars).toHaveLength(24);
    expect(bars[0]!.x).toBe(0);
    expect(bars[23]!.x).toBe(115);
    expect(bars[23]!.h).toBe(23);
    expect(bars[0]!.h).toBeCloseTo(11.5);
    expect(bars[1]!.h).toBe(1);
    expect(bars[1]!.y).toBe(23);
    expect(sparkBars([], 120, 24)).toEqual([]);
  });
  it('labels hours relative to now', () => {
    expect(hourLabel(24, 23)).toBe('this hour');
    expect(hourLabel(24, 22)).toBe('1–2 h ago');
    expect(hourLabel(24, 0)).toBe('23–24 h ago');
  });
});
