import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN, NOW, SearchFixture } from './fixture.ts';

describe('search on raw paths', () => {
  const f = new SearchFixture();
  const id: Record<string, string> = {};

  beforeAll(() => {
    f.addSource('ls_app', 'App');
    id.get = f.add({ ts: NOW - 10 * MIN, raw: { status: 200, latency: 120.5, request: { path: '/api/users', method: 'GET' }, ok: true } });
    id.post = f.add({ ts: NOW - 9 * MIN, raw: { status: 503, latency: 900, request: { path: '/api/orders', method: 'POST' }, ok: false } });
    id.text = f.add({ ts: NOW - 8 * MIN, raw: { status: '404', request: { path: '/missing' } } });
    // Arrays at several levels: records[].items[].sku, and a scalar array.
    id.arr = f.add({
      ts: NOW - 7 * MIN,
      raw: {
        records: [
          {
            items: [
              { sku: 'A-100', qty: 2 },
              { sku: 'B-200', qty: 7 },
            ],
          },
          { items: { sku: 'C-300', qty: 1 } },
        ],
        codes: [401, 'x-denied'],
      },
    });
    id.nulls = f.add({ ts: NOW - 6 * MIN, raw: { status: null, empty: [], request: 'not an object' } });
    id.deep = f.add({ ts: NOW - 5 * MIN, raw: { a: { b: { c: { d: 'deep-value' } } }, 'user-agent': 'curl/8.1', 'dotted.key': 1 } });
    // Kept verbatim as the sender wrote it: spaces and \u escapes, as Python's json.dumps emits.
    id.py = f.add({ ts: NOW - 4 * MIN, rawText: '{"msg": "caf\\u00e9 cr\\u00e8me", "path" : "\\/etc\\/passwd", "n": 1e3}' });
    // Go escapes <, > and &; a Python sender escapes all non-ASCII; a JS sender escapes neither.
    id.go = f.add({ ts: NOW - 3 * MIN, rawText: '{"html":"\\u003cb\\u003e \\u0026 co","city":"\\u6771\\u4eac"}' });
    id.js = f.add({ ts: NOW - 2 * MIN, raw: { html: '<i>', city: '東京', note: 'tab\there' } });
  });
  afterAll(() => f.close());

  it('raw.key:value is a case-insensitive contains on the value', () => {
    expect(f.ids('raw.request.method:get')).toEqual([id.get]);
    expect(f.ids('raw.request.path:api').sort()).toEqual([id.get, id.post].sort());
  });

  it('contains also reads numbers and booleans as they are written', () => {
    expect(f.ids('raw.status:50')).toEqual([id.post]);
    expect(f.ids('raw.status:40')).toEqual([id.text]);
    expect(f.ids('raw.ok:tru')).toEqual([id.get]);
  });

  it('raw.key:=value is exact, and numbers match numerically or as text', () => {
    expect(f.ids('raw.status:=200')).toEqual([id.get]);
    expect(f.ids('raw.status:=2e2')).toEqual([id.get]);
    expect(f.ids('raw.status:=404')).toEqual([id.text]);
    expect(f.ids('raw.request.path:=/api')).toEqual([]);
    expect(f.ids('raw.request.path:="/api/users"')).toEqual([id.get]);
    expect(f.ids('raw.ok:=false')).toEqual([id.post]);
  });

  it('numeric comparisons apply to JSON numbers only', () => {
    expect(f.ids('raw.status:>=500')).toEqual([id.post]);
    expect(f.ids('raw.status:<300')).toEqual([id.get]);
    expect(f.ids('raw.status:>300')).toEqual([id.post]);
    expect(f.ids('raw.latency:>120')).toEqual([id.post, id.get]);
    expect(f.ids('raw.latency:<=120.5')).toEqual([id.get]);
    expect(f.ids('raw.latency:<120.5')).toEqual([]);
    expect(f.ids('raw.records.items.qty:>5')).toEqual([id.arr]);
    expect(f.ids('raw.codes:>400')).toEqual([id.arr]);
    expect(f.ids('raw.delta:>-5')).toEqual([]);
  });

  it('glob on raw values matches the whole value', () => {
    expect(f.ids('raw.request.path:/api/*').sort()).toEqual([id.get, id.post].sort());
    expect(f.ids('raw.request.path:*users')).toEqual([id.get]);
    expect(f.ids('raw.status:5*')).toEqual([id.post]);
  });

  it('arrays match if any element matches, at any level of the path', () => {
    expect(f.ids('raw.records.items.sku:b-200')).toEqual([id.arr]);
    expect(f.ids('raw.records.items.sku:=C-300')).toEqual([id.arr]);
    expect(f.ids('raw.records.items.sku:A*')).toEqual([id.arr]);
    expect(f.ids('raw.codes:=401')).toEqual([id.arr]);
    expect(f.ids('raw.codes:denied')).toEqual([id.arr]);
    expect(f.ids('raw.records.items.sku:Z-9')).toEqual([]);
  });

  it('nested paths reach deep keys and keys with dashes', () => {
    expect(f.ids('raw.a.b.c.d:deep')).toEqual([id.deep]);
    expect(f.ids('raw.a.b.c:deep')).toEqual([]);
    expect(f.ids('raw.user-agent:curl')).toEqual([id.deep]);
    expect(f.ids('raw.request.path:*').length).toBe(3);
  });

  it('raw.key:* means present and not null; empty arrays do not count', () => {
    expect(f.ids('raw.status:*').sort()).toEqual([id.get, id.post, id.text].sort());
    expect(f.ids('raw.empty:*')).toEqual([]);
    expect(f.ids('raw.request:*').sort()).toEqual([id.get, id.post, id.text, id.nulls].sort());
    expect(f.ids('raw.records.items:*')).toEqual([id.arr]);
    expect(f.ids('raw.request.path.deeper:*')).toEqual([]);
  });

  it('raw text kept as the sender wrote it (spaces, \\u and \\/ escapes) still matches', () => {
    expect(f.ids('raw.msg:café')).toEqual([id.py]);
    expect(f.ids('raw.msg:"CAFé CR"')).toEqual([id.py]);
    expect(f.ids('raw.path:=/etc/passwd')).toEqual([id.py]);
    expect(f.ids('raw.path:/etc/*')).toEqual([id.py]);
    expect(f.ids('raw.n:>=1000')).toEqual([id.py]);
    expect(f.ids('crème')).toEqual([id.py]);
    expect(f.ids('"/etc/passwd"')).toEqual([id.py]);
  });

  it('characters senders escape differently are found in every spelling', () => {
    expect(f.ids('東京')).toEqual([id.js, id.go]);
    expect(f.ids('raw.city:=東京')).toEqual([id.js, id.go]);
    expect(f.ids('raw.city:京')).toEqual([id.js, id.go]);
    expect(f.ids('"<b>"')).toEqual([id.go]);
    expect(f.ids('raw.html:*<*')).toEqual([id.js, id.go]);
    expect(f.ids('"& co"')).toEqual([id.go]);
    expect(f.ids('"tab\there"')).toEqual([id.js]);
    expect(f.ids('"tab\\\\there"')).toEqual([]);
    expect(f.ids('raw.note:tab')).toEqual([id.js]);
    expect(f.ids('é')).toEqual([id.py]);
  });

  it('bare terms search the raw text, keys included', () => {
    expect(f.ids('orders')).toEqual([id.post]);
    expect(f.ids('B-200')).toEqual([id.arr]);
    expect(f.ids('user-agent')).toEqual([id.deep]);
    expect(f.ids('"/api/users"')).toEqual([id.get]);
  });
});
