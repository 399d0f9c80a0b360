import { describe, expect, it } from 'vitest';
import { appendClause, filterClause, operatorHint, queryErrorFrom, quoteValue } from '../../../renderer/src/features/log-viewer/log-viewer-query.ts';
import { checkRange, describeRange, parseInstant, pinRange, widerPreset, zoomOut } from '../../../renderer/src/features/log-viewer/log-viewer-time.ts';
import { displayValue, rawValue, toggleColumn, MAX_CUSTOM_COLUMNS } from '../../../renderer/src/features/log-viewer/log-viewer-columns.ts';
import {
  appendPage,
  emptyWindow,
  evictPages,
  missingPages,
  newerRows,
  prependHead,
  rowAt,
  rowCount,
} from '../../../renderer/src/features/log-viewer/log-viewer-paging.ts';
import { makeEvent } from './memory-engine.ts';

const NOW = Date.parse('2026-04-17T12:00:00.000Z');

describe('query helpers', () => {
  it('quotes values only when the grammar needs it', () => {
    expect(quoteValue('web-01')).toBe('web-01');
    expect(quoteValue('web 01')).toBe('"web 01"');
    expect(quoteValue('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteValue('x:y')).toBe('"x:y"');
    expect(quoteValue('web-*')).toBe('"web-*"');
    expect(quoteValue('-x')).toBe('"-x"');
    expect(quoteValue('OR')).toBe('"OR"');
    expect(quoteValue('')).toBe('""');
  });

  it('builds exact filter clauses, plain for enums, negated on request', () => {
    expect(filterClause('severity', 'warn')).toBe('severity:warn');
    expect(filterClause('user', 'alice@example.com')).toBe('user:=alice@example.com');
    expect(filterClause('raw.request.path', '/api/x y', true)).toBe('-raw.request.path:="/api/x y"');
  });

  it('ANDs a clause onto a query, grouping an OR so precedence holds', () => {
    expect(appendClause('', 'a:b')).toBe('a:b');
    expect(appendClause(' login ', 'a:b')).toBe('login a:b');
    expect(appendClause('x OR y', 'a:b')).toBe('(x OR y) a:b');
  });

  it("reads the error position and says it one way (character N+1), not the engine's 0-based prefix", () => {
    expect(queryErrorFrom('m', { position: 4.7 }, 'abcdef')).toEqual({ message: 'm', position: 4 });
    expect(queryErrorFrom('m', { position: -3 }, 'abc')).toEqual({ message: 'm', position: 0 });
    expect(queryErrorFrom('m', 'nope', 'abc')).toEqual({ message: 'm', position: null });
    expect(queryErrorFrom("query error at position 0: missing ')'", { position: 0 }, '(a')).toEqual({ message: "missing ')'", position: 0 });
  });

  it('hints when lowercase or/and/not would be searched as words, never inside quotes', () => {
    expect(operatorHint('host:a or host:b')).toMatch(/Lowercase “or” searches for the word “or”.*write OR/);
    expect(operatorHint('(a and b)')).toMatch(/write AND/);
    expect(operatorHint('host:a OR host:b')).toBeNull();
    expect(operatorHint('"this or that" oracle')).toBeNull();
    expect(operatorHint('')).toBeNull();
  });
});

describe('time helpers', () => {
  it('pins relative bounds at now and passes instants through', () => {
    expect(pinRange({ from: '15m', to: 'now' }, NOW)).toEqual({ from: '2026-04-17T11:45:00.000Z', to: '2026-04-17T12:00:00.000Z' });
    expect(pinRange({ from: '7d', to: 'now' }, NOW).from).toBe('2026-04-10T12:00:00.000Z');
    expect(pinRange({ from: '3h', to: '1h' }, NOW)).toEqual({ from: '2026-04-17T09:00:00.000Z', to: '2026-04-17T11:00:00.000Z' });
  });

  it('parses typed instants in the display zone unless they name one, and refuses non-dates', () => {
    expect(parseInstant('2026-04-17 10:05', 'utc')).toBe('2026-04-17T10:05:00.000Z');
    expect(parseInstant('2026-04-17T10:05:09.5', 'utc')).toBe('2026-04-17T10:05:09.500Z');
    expect(parseInstant('2026-04-17T10:05:00+02:00', 'local')).toBe('2026-04-17T08:05:00.000Z');
    expect(parseInstant('2026-04-17 10:05', 'local')).toBe(new Date(2026, 3, 17, 10, 5).toISOString());
    expect(parseInstant('2026-04-17', 'utc')).toBe('2026-04-17T00:00:00.000Z');
    expect(parseInstant('2026-02-31', 'utc')).toBeNull();
    expect(parseInstant('yesterday', 'utc')).toBeNull();
  });

  it('takes the custom range bounds the API takes: now, -2h, now-2h, 2h, instants', () => {
    expect(checkRange('-2h', 'now', NOW, 'utc')).toEqual({ range: { from: '2h', to: 'now' } });
    expect(checkRange('now-90m', '', NOW, 'utc')).toEqual({ range: { from: '90m', to: 'now' } });
    expect(checkRange('2026-04-17 10:00', '-1h', NOW, 'utc')).toEqual({ range: { from: '2026-04-17T10:00:00.000Z', to: '1h' } });
    expect(checkRange('now', '-2h', NOW, 'utc')).toMatchObject({ error: 'From must be before To' });
    expect(checkRange('soon', 'now', NOW, 'utc')).toMatchObject({ field: 'from', error: expect.stringContaining('From is not a time') });
    expect(checkRange('1h', 'later', NOW, 'utc')).toMatchObject({ field: 'to' });
  });

  it('describes ranges readably and suggests a wider one', () => {
    expect(describeRange({ from: '24h', to: 'now' }, 'utc')).toBe('Last 24 h');
    expect(describeRange({ from: '2h', to: 'now' }, 'utc')).toBe('Last 2 h');
    expect(describeRange({ from: '3h', to: '1h' }, 'utc')).toBe('3 h ago → 1 h ago');
    expect(describeRange({ from: '2026-04-17T10:00:00.000Z', to: '2026-04-17T11:30:00.000Z' }, 'utc')).toBe('2026-04-17 10:00 → 11:30 UTC');
    // A narrow range shows seconds, never "21:15 → 21:15".
    expect(describeRange({ from: '2026-04-17T21:15:00.000Z', to: '2026-04-17T21:15:30.000Z' }, 'utc')).toBe('2026-04-17 21:15:00 → 21:15:30 UTC');
    expect(widerPreset({ from: '15m', to: 'now' }, NOW)).toBe('1h');
    expect(widerPreset({ from: '7d', to: 'now' }, NOW)).toBeNull();
  });

  it('zooms out around the middle without passing now', () => {
    expect(zoomOut({ from: '2026-04-17T10:00:00.000Z', to: '2026-04-17T11:00:00.000Z' }, NOW)).toEqual({
      from: '2026-04-17T09:30:00.000Z',
      to: '2026-04-17T11:30:00.000Z',
    });
    expect(zoomOut({ from: '2026-04-17T11:00:00.000Z', to: '2026-04-17T12:00:00.000Z' }, NOW)).toEqual({
      from: '2026-04-17T10:00:00.000Z',
      to: '2026-04-17T12:00:00.000Z',
    });
  });
});

describe('column helpers', () => {
  const e = makeEvent(3, NOW, { raw: { a: { b: 1 }, list: [{ k: 'x' }, { k: 'y' }], nested: { o: { p: true } }, 'x.y': 1 } });
  it('reads nested raw paths, arrays element-wise', () => {
    expect(rawValue(e, 'raw.a.b')).toBe(1);
    expect(rawValue(e, 'raw.list.k')).toEqual(['x', 'y']);
    expect(rawValue(e, 'raw.nope.deeper')).toBeUndefined();
    expect(rawValue(e, 'raw.__proto__')).toBeUndefined();
    expect(displayValue(rawValue(e, 'raw.nested'))).toBe('{"o":{"p":true}}');
    expect(displayValue(['x', 2])).toBe('x, 2');
    expect(displayValue(null)).toBe('');
  });
  it('caps custom columns', () => {
    let cols: string[] = [];
    for (let i = 0; i < MAX_CUSTOM_COLUMNS + 3; i++) cols = toggleColumn(cols, `raw.f${i}`);
    expect(cols).toHaveLength(MAX_CUSTOM_COLUMNS);
  });
});

describe('row window', () => {
  const ev = (i: number) => makeEvent(i, NOW - i * 1000);
  const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => ev(from + i));

  it('maps row indexes across head and pages, and reports dropped pages as missing', () => {
    let w = appendPage(emptyWindow(), page(0, 5), 'c1');
    w = appendPage(w, page(5, 5), 'c2');
    w = appendPage(w, page(10, 3), null);
    expect(rowCount(w)).toBe(13);
    expect(w.done).toBe(true);
    expect(rowAt(w, 12)!.id).toBe('12');
    w = evictPages(w, 2, 2);
    expect([...w.pages.keys()].sort()).toEqual([1, 2]);
    expect(rowAt(w, 0)).toBeUndefined();
    expect(missingPages(w, 0, 12)).toEqual([0]);
    expect(w.cursors).toEqual([null, 'c1', 'c2', null]);
    w = prependHead(w, [ev(-2), ev(-1)]);
    expect(rowAt(w, 0)!.id).toBe('-2');
    expect(rowAt(w, 7)!.id).toBe('5');
    expect(missingPages(w, 0, 3)).toEqual([0]);
  });

  it('finds rows newer than the newest shown, or null when a page cannot bridge the gap', () => {
    const w = appendPage(emptyWindow(), page(0, 5), null);
    expect(newerRows(w, [ev(-2), ev(-1), ev(0), ev(1)])!.map((e) => e.id)).toEqual(['-2', '-1']);
    expect(newerRows(w, [ev(-3), ev(-2)])).toBeNull();
    expect(newerRows(emptyWindow(), [ev(1)])!.map((e) => e.id)).toEqual(['1']);
  });
});
