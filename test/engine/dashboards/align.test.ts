import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignWindow } from '../../../main/engine/dashboards/align.ts';
import { bucketEdges } from '../../../main/engine/search/histogram.ts';

const MIN = 60_000;

describe('dashboard windows snapped to whole minutes', () => {
  it('end at the next whole minute, are never shorter than asked, and cut buckets only at whole minutes (from an hour up)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1.7e12, max: 1.9e12 }), fc.integer({ min: 1, max: 40 * 86_400_000 }), (toMs, span) => {
        const w = alignWindow(toMs - span, toMs, 48);
        if (span <= 60 * MIN) {
          expect(w).toEqual({ fromMs: toMs - span, toMs, buckets: 48 });
          return;
        }
        expect(w.toMs % MIN).toBe(0);
        expect(w.toMs - toMs).toBeGreaterThanOrEqual(0);
        expect(w.toMs - toMs).toBeLessThan(MIN);
        expect(w.toMs - w.fromMs).toBeGreaterThanOrEqual(span - 1);
        expect(w.buckets).toBeGreaterThanOrEqual(1);
        expect(w.buckets).toBeLessThanOrEqual(48);
        // Oracle: the histogram's own edge formula lands on whole minutes for every edge.
        for (const edge of bucketEdges(w.fromMs, w.toMs, w.buckets)) expect(edge % MIN).toBe(0);
        // Not much longer than asked: less than one bucket plus the minute rounding.
        expect(w.toMs - w.fromMs - span).toBeLessThan((w.toMs - w.fromMs) / w.buckets + MIN);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the common presets exact: 1 h, 24 h and 7 d are that long, in 30, 48 and 28 buckets', () => {
    const now = Date.UTC(2026, 10, 30, 2, 7, 13, 500);
    expect(alignWindow(now - 3_600_000, now + 1, 48)).toEqual({ fromMs: Date.UTC(2026, 10, 30, 1, 8), toMs: Date.UTC(2026, 10, 30, 2, 8), buckets: 30 });
    const day = alignWindow(now - 86_400_000, now + 1, 48);
    expect([day.toMs - day.fromMs, day.buckets]).toEqual([86_400_000, 48]);
    const week = alignWindow(now - 7 * 86_400_000, now + 1, 48);
    expect([week.toMs - week.fromMs, week.buckets]).toEqual([7 * 86_400_000, 28]);
  });
});
