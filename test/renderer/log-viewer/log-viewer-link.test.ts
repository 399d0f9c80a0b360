import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  logViewerHref,
  parseLogViewerHash,
  searchFromPastedLink,
  searchQueryString,
  searchStateFrom,
  surroundingEventsLink,
} from '../../../renderer/src/features/log-viewer/log-viewer-link.ts';
import type { SearchState } from '../../../renderer/src/features/log-viewer/log-viewer-link.ts';
import { MAX_CUSTOM_COLUMNS } from '../../../renderer/src/features/log-viewer/log-viewer-columns.ts';

const T0 = Date.parse('2020-01-01T00:00:00.000Z');
const instant = fc.integer({ min: 0, max: 10 * 365 * 86_400_000 }).map((ms) => new Date(T0 + ms).toISOString());
const amount = fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('s', 'm', 'h', 'd', 'w')).map(([n, u]) => `${n}${u}`);
const unitMs: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
const ms = (a: string): number => Number(a.slice(0, -1)) * unitMs[a.slice(-1)]!;

/** Ranges a search can hold: relative up to now, relative on both ends, or two instants. */
const range = fc.oneof(
  amount.map((from) => ({ from, to: 'now' })),
  fc
    .tuple(amount, amount)
    .filter(([a, b]) => ms(a) > ms(b))
    .map(([from, to]) => ({ from, to })),
  fc
    .tuple(instant, instant)
    .filter(([a, b]) => a < b)
    .map(([from, to]) => ({ from, to })),
);
const rawPath = fc
  .array(
    fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !k.includes('.')),
    { minLength: 1, maxLength: 3 },
  )
  .map((keys) => `raw.${keys.join('.')}`);
const state: fc.Arbitrary<SearchState> = fc.record({
  q: fc.string({ maxLength: 40 }),
  range,
  columns: fc.uniqueArray(rawPath, { maxLength: MAX_CUSTOM_COLUMNS }),
  event: fc.option(fc.bigInt({ min: 1n, max: 9223372036854775807n }).map(String), { nil: null }),
  sort: fc.constantFrom('newest' as const, 'oldest' as const),
});

describe('Log Viewer link', () => {
  it('round-trips every search: state → URL → state', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(parseLogViewerHash(`#/logs${searchQueryString(s)}`)).toEqual(s);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps relative ranges relative and short defaults out of the link', () => {
    expect(logViewerHref({ q: 'host:web-01', from: '15m' })).toBe('#/logs?q=host%3Aweb-01&from=15m');
    expect(logViewerHref({ from: 'now-2h', to: '-1h' })).toBe('#/logs?from=2h&to=1h');
    expect(
      logViewerHref({ q: 'x', from: '2026-04-17T10:00:00Z', to: '2026-04-17T11:00:00Z', columns: ['raw.a', 'raw.b.c'], event: '42', sort: 'oldest' }),
    ).toBe('#/logs?q=x&from=2026-04-17T10%3A00%3A00.000Z&to=2026-04-17T11%3A00%3A00.000Z&col=raw.a&col=raw.b.c&event=42&sort=oldest');
  });

  it('falls back to safe values for anything a hand-edited link gets wrong', () => {
    expect(parseLogViewerHash('#/logs')).toBeNull();
    expect(parseLogViewerHash('#/alerts?q=x')).toBeNull();
    expect(searchStateFrom({ from: 'yesterday' }).range).toEqual({ from: '24h', to: 'now' });
    expect(searchStateFrom({ from: '2026-04-17T11:00:00Z', to: '2026-04-17T10:00:00Z' }).range).toEqual({ from: '24h', to: 'now' });
    expect(searchStateFrom({ columns: ['raw.a', 'host', 'raw.a', 'raw..b'], event: 'abc' })).toMatchObject({ columns: ['raw.a'], event: null, sort: 'newest' });
  });

  it('opens a pasted link from a browser or the desktop app, and ignores ordinary query text', () => {
    expect(searchFromPastedLink('http://127.0.0.1:7070/#/logs?q=a&from=1h')).toMatchObject({ q: 'a', range: { from: '1h', to: 'now' } });
    expect(searchFromPastedLink('file:///opt/watchpost/index.html#/logs?from=15m')).toMatchObject({ range: { from: '15m', to: 'now' } });
    expect(searchFromPastedLink('host:web-01 #/logs?q=a')).toBeNull();
    expect(searchFromPastedLink('failed login')).toBeNull();
  });

  it('builds "surrounding events": ±N minutes on the same host or source, oldest first, event selected', () => {
    const e = { id: '7', timestamp: '2026-04-17T10:00:00.000Z', host: 'web 01', sourceName: 'nginx' };
    expect(surroundingEventsLink(e, { minutes: 5, by: 'host' })).toEqual({
      q: 'host:="web 01"',
      from: '2026-04-17T09:55:00.000Z',
      to: '2026-04-17T10:05:00.001Z',
      sort: 'oldest',
      event: '7',
    });
    expect(surroundingEventsLink(e, { minutes: 1, by: 'source' }).q).toBe('source:=nginx');
  });
});
