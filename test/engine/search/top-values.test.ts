import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MIN, NOW, SearchFixture } from './fixture.ts';

let f: SearchFixture;
beforeAll(() => {
  f = new SearchFixture();
  f.addPlatform('pl_web', 'Web');
  f.addSource('ls_a', 'alpha', 'pl_web');
  f.addSource('ls_b', 'beta');
  for (let i = 0; i < 30; i++) {
    f.add({
      source: i % 3 === 0 ? 'ls_b' : 'ls_a',
      ts: NOW - (i + 1) * MIN,
      severity: i % 5 === 0 ? 'error' : 'info',
      host: i % 4 === 0 ? null : `web-${i % 2}`,
      tags: i % 2 ? ['prod', 'eu', 'prod'] : [],
      raw: { status: i % 3 === 0 ? 500 : 200, items: [{ sku: 'A' }, { sku: i % 2 ? 'B' : 'A' }], ok: i % 2 === 0, obj: i === 0 ? { x: 1 } : null },
    });
  }
  f.add({ ts: NOW - 30 * HOUR, host: 'old-host' }); // outside the default 24 h window
});
afterAll(() => f.close());

const top = (field: string, q = '', limit?: number) => f.search.top({ field, q, ...(limit ? { limit } : {}) }, NOW);

describe('events.top: exact top values of a field', () => {
  it('counts envelope text fields, skipping events without the field; total = events having it', () => {
    expect(top('host')).toEqual({
      field: 'host',
      total: 22,
      values: [
        { value: 'web-1', count: 15 },
        { value: 'web-0', count: 7 },
      ],
    });
  });

  it('applies the query and the window', () => {
    expect(top('host', 'severity:error')).toEqual({
      field: 'host',
      total: 4,
      values: [
        { value: 'web-1', count: 3 },
        { value: 'web-0', count: 1 },
      ],
    });
    expect(top('host', '', undefined).values.map((v) => v.value)).not.toContain('old-host');
    expect(f.search.top({ field: 'host', from: '2026-11-22T00:00:00Z' }, NOW).values.map((v) => v.value)).toContain('old-host');
  });

  it('names enum values, sources and platforms', () => {
    expect(top('severity').values).toEqual([
      { value: 'info', count: 24 },
      { value: 'error', count: 6 },
    ]);
    expect(top('source').values).toEqual([
      { value: 'alpha', count: 20 },
      { value: 'beta', count: 10 },
    ]);
    expect(top('platform')).toEqual({ field: 'platform', total: 20, values: [{ value: 'Web', count: 20 }] });
  });

  it('counts an event once per distinct tag or raw array value', () => {
    expect(top('tag')).toEqual({
      field: 'tag',
      total: 15,
      values: [
        { value: 'eu', count: 15 },
        { value: 'prod', count: 15 },
      ],
    });
    expect(top('raw.items.sku')).toEqual({
      field: 'raw.items.sku',
      total: 30,
      values: [
        { value: 'A', count: 30 },
        { value: 'B', count: 15 },
      ],
    });
  });

  it('reads raw numbers, booleans and objects as written; null is absent', () => {
    expect(top('raw.status').values).toEqual([
      { value: '200', count: 20 },
      { value: '500', count: 10 },
    ]);
    expect(top('raw.ok').values).toEqual([
      { value: 'false', count: 15 },
      { value: 'true', count: 15 },
    ]);
    expect(top('raw.obj')).toEqual({ field: 'raw.obj', total: 1, values: [{ value: '{"x":1}', count: 1 }] });
  });

  it('limits the values but not the total', () => {
    expect(top('raw.items.sku', '', 1)).toEqual({ field: 'raw.items.sku', total: 30, values: [{ value: 'A', count: 30 }] });
  });

  it('refuses an unknown field, a bad raw path or a bad limit with VALIDATION_ERROR naming it', () => {
    expect(() => top('colour')).toThrow(/unknown field 'colour'/);
    expect(() => top('raw.')).toThrow(/not a valid raw path/);
    expect(() => top('')).toThrow(/field is required/);
    expect(() => top('host', '', 5000)).toThrow(/limit/);
  });
});
