import { describe, expect, it } from 'vitest';
import { appendClause, filterClause, linkQuery, parseLink, queryErrorFrom, quoteValue } from '../../../renderer/src/features/log-viewer/log-viewer-query.ts';
import { describeRange, parseUtcInstant, pinRange, widerPreset } from '../../../renderer/src/features/log-viewer/log-viewer-time.ts';
import { displayValue, rawValue, toggleColumn, MAX_CUSTOM_COLUMNS } from '../../../renderer/src/features/log-viewer/log-viewer-columns.ts';
import { appendPage, emptyWindow, evictPages, missingPages, newerRows, prependHead, rowAt, rowCount } from '../../../renderer/src/features/log-viewer/log-viewer-paging.ts';
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

  it('reads the error position', () => {
    expect(queryErrorFrom('m', { position: 4.7 }, 'abcdef')).toEqual({ message: 'm', position: 4 });
    expect(queryErrorFrom('m', { position: -3 }, 'abc')).toEqual({ message: 'm', position: 0 });
    expect(queryErrorFrom('m', 'nope', 'abc')).toEqual({ message: 'm', position: null });
  });

  it('round-trips deep links for presets and absolute ranges', () => {
    expect(parseLink('#/logs?' + linkQuery('host:web-01 "a b"', { kind: 'relative', preset: '1h' }).slice(1))).toEqual({ q: 'host:web-01 "a b"', range: { kind: 'relative', preset: '1h' } });
    const abs = { kind: 'absolute' as const, from: '2026-04-17T10:00:00.000Z', to: '2026-04-17T11:00:00.000Z' };
    expect(parseLink('#/logs' + linkQuery('', abs))).toEqual({ q: '', range: abs });
    expect(parseLink('#/logs')).toBeNull();
    expect(parseLink('#/logs?q=x&from=2026-04-17T10:00:00Z', Date.parse('2026-04-17T12:00:00Z'))).toEqual({ q: 'x', range: { kind: 'absolute', from: '2026-04-17T10:00:00.000Z', to: '2026-04-17T12:00:00.000Z' } });
    expect(parseLink('#/logs?q=x&from=2026-04-17T11:00:00Z&to=2026-04-17T10:00:00Z')).toEqual({ q: 'x', range: null });
  });
});

describe('time helpers', () => {
  it('pins presets relative to now and passes absolute ranges through', () => {
    expect(pinRange({ kind: 'relative', preset: '15m' }, NOW)).toEqual({ from: '2026-04-17T11:45:00.000Z', to: '2026-04-17T12:00:00.000Z' });
    expect(pinRange({ kind: 'relative', preset: '7d' }, NOW).from).toBe('2026-04-10T12:00:00.000Z');
  });

  it('parses typed instants as UTC and refuses non-dates', () => {
    expect(parseUtcInstant('2026-04-17 10:05')).toBe('2026-04-17T10:05:00.000Z');
    expect(parseUtcInstant('2026-04-17T10:05:09.5')).toBe('2026-04-17T10:05:09.500Z');
    expect(parseUtcInstant('2026-04-17T10:05:00+02:00')).toBe('2026-04-17T08:05:00.000Z');
    expect(parseUtcInstant('2026-04-17')).toBe('2026-04-17T00:00:00.000Z');
    expect(parseUtcInstant('2026-02-31')).toBeNull();
    expect(parseUtcInstant('yesterday')).toBeNull();
  });

  it('describes ranges and suggests a wider one', () => {
    expect(describeRange({ kind: 'relative', preset: '24h' })).toBe('Last 24 h');
    expect(widerPreset({ kind: 'relative', preset: '15m' })).toBe('1h');
    expect(widerPreset({ kind: 'relative', preset: '7d' })).toBeNull();
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
