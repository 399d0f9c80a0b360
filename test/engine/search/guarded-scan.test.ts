import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Severity } from '../../../shared/enums.ts';
import { HOUR, NOW, SearchFixture } from './fixture.ts';

interface Stored {
  id: string;
  ts: number;
  source: string;
  severity: Severity;
  host: string;
}

/**
 * Queries with a severity/source/platform condition read only the minutes event_counts shows to
 * hold such events. These tests compare them, page by page, with the obvious answer.
 */
describe('searching only the minutes a source or severity is active in', () => {
  const f = new SearchFixture();
  const stored: Stored[] = [];
  const add = (e: Omit<Stored, 'id'>) => stored.push({ ...e, id: f.add({ ...e, raw: { host: e.host, src: e.source } }) });

  beforeAll(() => {
    f.addPlatform('pf_remote', 'Remote');
    f.addSource('ls_busy', 'Busy Firewall');
    f.addSource('ls_quiet', 'Quiet VPN', 'pf_remote');
    f.db.transaction(() => {
      for (let t = NOW - 8 * HOUR; t < NOW; t += 20_000) add({ ts: t, source: 'ls_busy', severity: 'info', host: 'fw' });
      // 330 quiet minutes with gaps, several events sharing a timestamp, at odd milliseconds.
      for (let k = 0; k < 330; k++) {
        const ts = NOW - 7 * HOUR + k * 73_000 + (k % 7) * 1_111;
        const n = k % 5 === 0 ? 3 : 1;
        for (let j = 0; j < n; j++) add({ ts, source: 'ls_quiet', severity: k % 11 === 0 ? 'critical' : 'notice', host: `vpn-${k % 3}` });
      }
    })();
  });
  afterAll(() => f.close());

  const newestFirst = (list: Stored[]) => [...list].sort((a, b) => b.ts - a.ts || Number(b.id) - Number(a.id)).map((e) => e.id);

  function pageAll(q: string, limit: number, from = '9h'): string[] {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { events: { id: string }[]; nextCursor: string | null } = f.search.search({ q, from, limit, ...(cursor ? { cursor } : {}) }, NOW);
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it.each([
    ['source:quiet', (e: Stored) => e.source === 'ls_quiet'],
    ['platform:remote host:vpn-1', (e: Stored) => e.source === 'ls_quiet' && e.host === 'vpn-1'],
    ['severity:critical', (e: Stored) => e.severity === 'critical'],
    ['-source:busy vpn-2', (e: Stored) => e.source === 'ls_quiet' && e.host === 'vpn-2'],
    ['source:quiet OR severity:critical', (e: Stored) => e.source === 'ls_quiet'],
  ] as const)('%j pages through every match exactly once', (q, keep) => {
    const want = newestFirst(stored.filter(keep));
    expect(want.length).toBeGreaterThan(20);
    expect(pageAll(q, 7)).toEqual(want);
    expect(f.search.search({ q, from: '9h', limit: 1000 }, NOW).events.map((e) => e.id)).toEqual(want.slice(0, 1000));
  });

  it('respects the time window inside the first and last minute', () => {
    // Starts 1 ms after three events that share a timestamp, inside their minute.
    const from = NOW - 7 * HOUR + 5 * 73_000 + 5 * 1_111 + 1;
    const to = NOW - 7 * HOUR + 40 * 73_000 + 3 * 1_111;
    const want = newestFirst(stored.filter((e) => e.source === 'ls_quiet' && e.ts >= from && e.ts < to));
    const got = f.search.search({ q: 'source:quiet', from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: 1000 }, NOW);
    expect(got.events.map((e) => e.id)).toEqual(want);
  });

  it('a filtered histogram counts only the active minutes, exactly', () => {
    const h = f.search.histogram({ q: 'source:quiet host:vpn-1', from: '9h', buckets: 37 }, NOW);
    const want = stored.filter((e) => e.source === 'ls_quiet' && e.host === 'vpn-1');
    const got = h.buckets.map((b) => b.counts.notice + b.counts.critical);
    const exp = h.buckets.map((b) => want.filter((e) => e.ts >= Date.parse(b.start) && e.ts < Date.parse(b.end)).length);
    expect(got).toEqual(exp);
    expect(got.reduce((a, b) => a + b, 0)).toBe(want.length);
  });

  it('field sampling reads the same minutes', () => {
    const n = stored.filter((e) => e.source === 'ls_quiet').length;
    expect(f.search.fields({ q: 'source:quiet', from: '9h' }, NOW).fields).toEqual([
      { path: 'raw.host', count: n },
      { path: 'raw.src', count: n },
    ]);
  });

  it('falls back to reading events when rows were stored without the summary', () => {
    const g = new SearchFixture();
    try {
      g.addSource('ls_x', 'X');
      const ids = [1, 2, 3].map((k) => g.add({ ts: NOW - k * HOUR, severity: 'critical' }, { summary: false }));
      expect(g.search.search({ q: 'severity:critical source:x' }, NOW).events.map((e) => e.id)).toEqual(ids);
      const h = g.search.histogram({ q: 'severity:critical', buckets: 24 }, NOW);
      expect(h.buckets.reduce((n, b) => n + b.counts.critical, 0)).toBe(3);
      expect(g.search.histogram({ q: 'severity:critical host:x', buckets: 24 }, NOW).buckets.every((b) => b.counts.critical === 0)).toBe(true);
    } finally {
      g.close();
    }
  });

  it('stays right when retention removed events the summary still counts', () => {
    const victims = stored.filter((e) => e.source === 'ls_quiet' && e.ts < NOW - 6 * HOUR);
    f.db.prepare('DELETE FROM events WHERE source_seq = (SELECT seq FROM sources WHERE id = ?) AND ts < ?').run('ls_quiet', NOW - 6 * HOUR);
    const left = stored.filter((e) => !victims.includes(e));
    expect(pageAll('source:quiet', 50)).toEqual(newestFirst(left.filter((e) => e.source === 'ls_quiet')));
    expect(f.search.search({ q: 'source:nosuch' }, NOW).events).toEqual([]);
  });
});
