import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../shared/enums.ts';
import type { Severity } from '../../../shared/enums.ts';
import { WatchpostError } from '../../../shared/errors.ts';
import type { Histogram } from '../../../shared/types.ts';
import { HOUR, MIN, NOW, SearchFixture } from './fixture.ts';

interface Stored {
  ts: number;
  severity: Severity;
  source: string;
  host: string;
}

/** Count `events` into the buckets the histogram reported, the slow obvious way. */
function expected(h: Histogram, events: Stored[]): Record<Severity, number>[] {
  return h.buckets.map((b) => {
    const lo = Date.parse(b.start);
    const hi = Date.parse(b.end);
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const e of events) if (e.ts >= lo && e.ts < hi) counts[e.severity]++;
    return counts;
  });
}

describe('histogram', () => {
  const f = new SearchFixture();
  const events: Stored[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(() => {
    f.addSource('ls_a', 'Alpha');
    f.addSource('ls_b', 'Beta');
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // ~3 events a minute over the last 6 h, at arbitrary milliseconds.
    for (let i = 0; i < 1100; i++) {
      const e: Stored = {
        ts: NOW - 6 * HOUR + Math.floor(rnd() * 6 * HOUR),
        severity: SEVERITIES[Math.floor(rnd() * 6)]!,
        source: rnd() < 0.5 ? 'ls_a' : 'ls_b',
        host: rnd() < 0.3 ? 'web-1' : 'db-1',
      };
      f.add({ ...e, raw: { n: i } });
      events.push(e);
    }
  });
  afterAll(() => f.close());

  it('splits [from, to) into equal-width buckets (default 60)', () => {
    const h = f.search.histogram({ to: iso(NOW) }, NOW);
    expect(h.buckets).toHaveLength(60);
    expect(h.buckets[0]!.start).toBe(iso(NOW - 24 * HOUR));
    expect(h.buckets.at(-1)!.end).toBe(iso(NOW));
    // Without `to`, the window runs up to and including the current millisecond.
    expect(f.search.histogram({}, NOW).buckets.at(-1)!.end).toBe(iso(NOW + 1));
    for (let i = 1; i < 60; i++) expect(h.buckets[i]!.start).toBe(h.buckets[i - 1]!.end);
    for (const b of h.buckets) expect(Date.parse(b.end) - Date.parse(b.start)).toBe(24 * MIN);
  });

  it('counts by all six severities; unfiltered counts agree with the events (summary path)', () => {
    // Edges fall mid-minute, so whole minutes come from the summary and cut ones from events.
    const from = NOW - 6 * HOUR - 17_123;
    const h = f.search.histogram({ from: iso(from), to: iso(NOW - 1234), buckets: 47 }, NOW);
    expect(h.buckets).toHaveLength(47);
    expect(Object.keys(h.buckets[0]!.counts)).toEqual([...SEVERITIES]);
    expect(h.buckets.map((b) => b.counts)).toEqual(expected(h, events));
    const total = h.buckets.reduce((n, b) => n + Object.values(b.counts).reduce((x, y) => x + y, 0), 0);
    expect(total).toBe(events.filter((e) => e.ts < NOW - 1234).length);
  });

  it('buckets narrower than a minute on the summary path agree with the events', () => {
    const h = f.search.histogram({ from: iso(NOW - 2 * HOUR - 999), to: iso(NOW - 7), buckets: 500 }, NOW);
    expect(h.buckets).toHaveLength(500);
    expect(h.buckets.map((b) => b.counts)).toEqual(expected(h, events));
  });

  it('severity, source and platform filters agree with the events', () => {
    const h = f.search.histogram({ q: 'severity:>=warn source:alpha', from: '7h', buckets: 31 }, NOW);
    const want = events.filter((e) => SEVERITIES.indexOf(e.severity) >= 3 && e.source === 'ls_a');
    expect(h.buckets.map((b) => b.counts)).toEqual(expected(h, want));
    const not = f.search.histogram({ q: '-source:ls_b', from: '7h', buckets: 13 }, NOW);
    expect(not.buckets.map((b) => b.counts)).toEqual(
      expected(
        not,
        events.filter((e) => e.source === 'ls_a'),
      ),
    );
  });

  it('other filters are counted from events', () => {
    const h = f.search.histogram({ q: 'host:web', from: '6h', buckets: 500 }, NOW);
    expect(h.buckets).toHaveLength(500);
    expect(h.buckets.map((b) => b.counts)).toEqual(
      expected(
        h,
        events.filter((e) => e.host === 'web-1'),
      ),
    );
    const mixed = f.search.histogram({ q: 'severity:>=error host:web source:beta', from: '6h', buckets: 41 }, NOW);
    const want = events.filter((e) => SEVERITIES.indexOf(e.severity) >= 4 && e.host === 'web-1' && e.source === 'ls_b');
    expect(mixed.buckets.map((b) => b.counts)).toEqual(expected(mixed, want));
  });

  it('narrow ranges get at most one bucket per millisecond', () => {
    const h = f.search.histogram({ from: iso(NOW - 10), to: iso(NOW), buckets: 60 }, NOW);
    expect(h.buckets).toHaveLength(10);
  });

  it('buckets over 500 or not a positive integer is VALIDATION_ERROR', () => {
    for (const buckets of [501, 0, 1.5]) {
      let err: unknown;
      try {
        f.search.histogram({ buckets }, NOW);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WatchpostError);
      expect((err as WatchpostError).code).toBe('VALIDATION_ERROR');
      expect((err as WatchpostError).message).toContain('buckets');
    }
  });

  it('events removed by retention are not counted even though the summary still has them', () => {
    const g = new SearchFixture();
    try {
      g.addSource('ls_a', 'Alpha');
      const kept: Stored[] = [];
      for (let i = 0; i < 120; i++) {
        const e: Stored = { ts: NOW - 2 * HOUR + i * 37_000, severity: 'info', source: 'ls_a', host: 'h' };
        g.add(e);
        kept.push(e);
      }
      // Size-based retention deletes the oldest events but leaves event_counts alone. The cutoff
      // falls inside a minute (events 41 and 42 share minute 25), so that minute is half gone.
      const cutoff = NOW - 2 * HOUR + 42 * 37_000;
      g.db.prepare('DELETE FROM events WHERE ts < ?').run(cutoff);
      const h = g.search.histogram({ from: '3h', buckets: 12 }, NOW);
      expect(h.buckets.map((b) => b.counts)).toEqual(
        expected(
          h,
          kept.filter((e) => e.ts >= cutoff),
        ),
      );
    } finally {
      g.close();
    }
  });

  it('an empty store gives zero counts', () => {
    const g = new SearchFixture();
    try {
      const h = g.search.histogram({ buckets: 3 }, NOW);
      expect(h.buckets.map((b) => b.counts.info)).toEqual([0, 0, 0]);
    } finally {
      g.close();
    }
  });
});
