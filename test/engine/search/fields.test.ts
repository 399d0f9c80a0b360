import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELDS_SAMPLE_SIZE } from '../../../main/engine/search/index.ts';
import { HOUR, MIN, NOW, SearchFixture } from './fixture.ts';

describe('fields', () => {
  const f = new SearchFixture();

  beforeAll(() => {
    f.addSource('ls_a', 'A');
    f.add({ ts: NOW - 5 * MIN, host: 'web', raw: { request: { path: '/a', headers: { ua: 'x' } }, status: 200 } });
    f.add({ ts: NOW - 4 * MIN, host: 'web', raw: { request: { path: '/b' }, status: 404, tags: ['a', 'b'] } });
    f.add({ ts: NOW - 3 * MIN, host: 'db', raw: { query: 'select', items: [{ sku: 1 }, { sku: 2, qty: 3 }], gone: null, none: [] } });
    f.add({ ts: NOW - 30 * HOUR, host: 'web', raw: { old: true } });
  });
  afterAll(() => f.close());

  it('lists leaf paths with the number of events containing them, most common first', () => {
    expect(f.search.fields({}, NOW).fields).toEqual([
      { path: 'raw.request.path', count: 2 },
      { path: 'raw.status', count: 2 },
      { path: 'raw.items.qty', count: 1 },
      { path: 'raw.items.sku', count: 1 },
      { path: 'raw.query', count: 1 },
      { path: 'raw.request.headers.ua', count: 1 },
      { path: 'raw.tags', count: 1 },
    ]);
  });

  it('collapses array elements and counts an event once per path', () => {
    const fields = f.search.fields({ q: 'host:db' }, NOW).fields;
    expect(fields).toEqual([
      { path: 'raw.items.qty', count: 1 },
      { path: 'raw.items.sku', count: 1 },
      { path: 'raw.query', count: 1 },
    ]);
  });

  it('honours the query and time range', () => {
    expect(f.search.fields({ q: 'raw.status:404' }, NOW).fields.map((x) => x.path)).toEqual(['raw.request.path', 'raw.status', 'raw.tags']);
    expect(f.search.fields({ from: '2d', to: '1d' }, NOW).fields).toEqual([{ path: 'raw.old', count: 1 }]);
  });

  it('reads a bounded sample of the newest events', () => {
    const g = new SearchFixture();
    try {
      g.addSource('ls_a', 'A');
      const insert = g.db.transaction(() => {
        for (let i = 0; i < FIELDS_SAMPLE_SIZE + 50; i++) g.add({ ts: NOW - HOUR + i, raw: i < 50 ? { oldest: i } : { recent: i } });
      });
      insert();
      expect(g.search.fields({}, NOW).fields).toEqual([{ path: 'raw.recent', count: FIELDS_SAMPLE_SIZE }]);
    } finally {
      g.close();
    }
  });
});
