import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { startTestServer } from '../helpers/http.ts';
import type { TestServer } from '../helpers/http.ts';
import { injectServer } from '../helpers/inject.ts';
import type { InjectServer } from '../helpers/inject.ts';
import type { EventPage, GeneratedKey, HealthRow, ListOf, LogSource, WatchpostEvent } from '../../shared/types.ts';

// Routes and the contract through inject(); what depends on the wire (body limits and gzip as
// bytes on a socket, the query string of a real URL) also over a real socket.
let srv: InjectServer;
let wire: TestServer;
let key: string;
let wireKey: string;
let sourceId: string;

beforeAll(async () => {
  [srv, wire] = await Promise.all([injectServer(), startTestServer()]);
  ({ id: sourceId, key } = await srv.newSource({ rateLimit: 100_000 }));
  ({ key: wireKey } = await wire.newSource({ rateLimit: 100_000 }));
});
afterAll(async () => {
  await Promise.all([srv.close(), wire.close()]);
});

const line = (o: unknown) => JSON.stringify(o);
async function rawOf(id: string): Promise<WatchpostEvent> {
  const r = await srv.api<WatchpostEvent>('GET', `/v1/events/${id}`);
  expect(r.status).toBe(200);
  return r.json.data;
}
async function lastEvents(n: number, q = ''): Promise<WatchpostEvent[]> {
  const r = await srv.api<EventPage>('GET', `/v1/events?limit=${n}&from=3650d&q=${encodeURIComponent(q)}`);
  expect(r.status).toBe(200);
  return r.json.data.events;
}
/** The newest event with this raw.marker; fails naming the marker when none was stored. */
async function eventMarked(marker: string): Promise<WatchpostEvent> {
  const [e] = await lastEvents(1, `raw.marker:=${marker}`);
  if (!e) throw new Error(`no event with raw.marker ${marker}`);
  return e;
}
/** The events of one batch by their raw.marker; asking for a marker that was not stored fails naming it. */
function byMarker(events: WatchpostEvent[]): (marker: string) => WatchpostEvent {
  const map = new Map(events.map((e) => [e.raw.marker, e]));
  return (marker) => {
    const e = map.get(marker);
    if (!e) throw new Error(`no event with raw.marker ${marker} among ${[...map.keys()].join(', ')}`);
    return e;
  };
}

describe('ingest wire contract (SPEC §3)', () => {
  it('200 with {accepted, rejected, errors} when every event is accepted; events are searchable at once', async () => {
    const body = [line({ message: 'hello-200-a', user: 'alice' }), line({ message: 'hello-200-b' })].join('\n');
    const r = await srv.ingest(key, body);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ accepted: 2, rejected: 0, errors: [] });
    const found = await lastEvents(10, 'hello-200');
    expect(found.map((e) => e.message).sort()).toEqual(['hello-200-a', 'hello-200-b']);
    expect(found[0]?.sourceId).toBe(sourceId);
  });

  it('ignores blank lines and a final newline, accepts CRLF', async () => {
    const r = await srv.ingest(key, `\r\n${line({ message: 'crlf-1' })}\r\n\r\n${line({ message: 'crlf-2' })}\r\n`);
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(2);
  });

  it('207 names each rejected line (1-based) and stores the rest', async () => {
    const body = [line({ message: 'p207-ok' }), '{not json', '[1,2]', '"str"', line({ message: 'p207-ok2' })].join('\n');
    const r = await srv.ingest(key, body);
    expect(r.status).toBe(207);
    expect(r.json.accepted).toBe(2);
    expect(r.json.rejected).toBe(3);
    expect(r.json.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'invalid_json'],
      [3, 'not_an_object'],
      [4, 'not_an_object'],
    ]);
    expect((await lastEvents(10, 'p207-ok')).length).toBe(2);
  });

  it('400 and nothing stored when every line is rejected', async () => {
    const r = await srv.ingest(key, '{bad\n[]\n');
    expect(r.status).toBe(400);
    expect(r.json.accepted).toBe(0);
    expect(r.json.errors).toHaveLength(2);
  });

  it('400 for an empty body', async () => {
    expect((await srv.ingest(key, '\n\n')).status).toBe(400);
  });

  it('500 events are accepted; 501 is a 400 with nothing stored', async () => {
    const ok = Array.from({ length: 500 }, (_, i) => line({ message: `b500-${i}` })).join('\n');
    expect((await srv.ingest(key, ok)).json.accepted).toBe(500);
    const over = Array.from({ length: 501 }, (_, i) => line({ message: `b501-${i}` })).join('\n');
    const r = await srv.ingest(key, over);
    expect(r.status).toBe(400);
    expect(r.json.errors[0]?.code).toBe('too_many_events');
    expect(await lastEvents(5, 'b501-')).toHaveLength(0);
  });

  it('a body of exactly 1 MB is accepted; one byte more is a 400', async () => {
    const limit = 1024 * 1024;
    const mk = (size: number) => {
      const lines: string[] = [];
      let total = 0;
      while (total < size) {
        const remaining = size - total - (lines.length ? 1 : 0);
        const pad = Math.min(90_000, remaining - line({ message: '' }).length);
        const l = line({ message: 'x'.repeat(Math.max(0, pad)) });
        lines.push(l);
        total += l.length + (lines.length > 1 ? 1 : 0);
      }
      return lines.join('\n');
    };
    const exact = mk(limit);
    expect(Buffer.byteLength(exact)).toBe(limit);
    expect((await wire.ingest(wireKey, exact)).status).toBe(200);
    const r = await wire.ingest(wireKey, exact + ' ');
    expect(r.status).toBe(400);
    expect(r.json.errors[0]?.code).toBe('body_too_large');
  });

  it('an event of exactly 100 KB is accepted; 100 KB + 1 byte is rejected per line', async () => {
    const mk = (bytes: number) => {
      const l = line({ message: 'k', pad: 'y'.repeat(bytes - line({ message: 'k', pad: '' }).length) });
      expect(Buffer.byteLength(l)).toBe(bytes);
      return l;
    };
    const r = await srv.ingest(key, [mk(100 * 1024), mk(100 * 1024 + 1)].join('\n'));
    expect(r.status).toBe(207);
    expect(r.json.errors).toEqual([{ line: 2, code: 'raw_too_large', message: expect.stringContaining('100 KB') }]);
  });

  it('nesting of 64 levels is accepted; 65 is rejected', async () => {
    const nest = (depth: number) => {
      let v: unknown = 1;
      for (let i = 0; i < depth; i++) v = { a: v }; // `depth` nested objects; the top level is level 1
      return line(v);
    };
    const r = await srv.ingest(key, [nest(64), nest(65)].join('\n'));
    expect(r.status).toBe(207);
    expect(r.json.errors).toEqual([{ line: 2, code: 'too_deep', message: expect.any(String) }]);
  });

  it('truncates envelope copies only: message at 2,000, host/user/action at 200, tags at 20; raw keeps the original', async () => {
    const long = {
      message: 'm'.repeat(2001),
      host: 'h'.repeat(201),
      user: 'u'.repeat(201),
      action: 'a'.repeat(201),
      tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
      marker: 'trunc-1',
    };
    await srv.ingest(key, line(long));
    const e = await eventMarked('trunc-1');
    expect(e.message).toHaveLength(2000);
    expect(e.host).toHaveLength(200);
    expect(e.user).toHaveLength(200);
    expect(e.action).toHaveLength(200);
    expect(e.tags).toHaveLength(20);
    const full = await rawOf(e.id);
    expect(full.raw.message).toHaveLength(2001);
    expect(full.raw.tags).toHaveLength(21);
    expect(full.raw.host).toHaveLength(201);
  });

  it('values exactly at the caps are kept whole', async () => {
    await srv.ingest(key, line({ message: 'm'.repeat(2000), host: 'h'.repeat(200), tags: Array.from({ length: 20 }, (_, i) => `t${i}`), marker: 'cap-exact' }));
    const e = await eventMarked('cap-exact');
    expect(e.message).toHaveLength(2000);
    expect(e.host).toHaveLength(200);
    expect(e.tags).toHaveLength(20);
  });

  it('applies envelope defaults and fallbacks; enums match case-insensitively', async () => {
    await srv.ingest(
      key,
      [
        line({ marker: 'def-1' }),
        line({ marker: 'def-2', severity: 'WARN', category: 'Auth', outcome: 'FAILURE' }),
        line({ marker: 'def-3', severity: 'loud', category: 'weird', outcome: 'maybe' }),
      ].join('\n'),
    );
    const by = byMarker(await lastEvents(10, 'raw.marker:def-'));
    expect(by('def-1')).toMatchObject({ severity: 'info', category: 'other', outcome: 'unknown', tags: [] });
    expect(by('def-2')).toMatchObject({ severity: 'warn', category: 'auth', outcome: 'failure' });
    expect(by('def-3')).toMatchObject({ severity: 'info', category: 'other', outcome: 'unknown' });
    expect(by('def-3').raw.severity).toBe('loud');
  });

  it('timestamps: ISO with zone, epoch ms, epoch s; missing or unparseable → ingestion time with the original kept in raw', async () => {
    const before = Date.now();
    await srv.ingest(
      key,
      [
        line({ marker: 'ts-iso', timestamp: '2026-04-17T10:00:00+02:00' }),
        line({ marker: 'ts-ms', timestamp: 1776420000123 }),
        line({ marker: 'ts-s', timestamp: 1776420000 }),
        line({ marker: 'ts-bad', timestamp: 'yesterday' }),
        line({ marker: 'ts-nozone', timestamp: '2026-04-17T10:00:00' }),
        line({ marker: 'ts-none' }),
      ].join('\n'),
    );
    const r = await srv.api<EventPage>(
      'GET',
      `/v1/events?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&limit=20&q=${encodeURIComponent('raw.marker:ts-')}`,
    );
    const by = byMarker(r.json.data.events);
    expect(by('ts-iso').timestamp).toBe('2026-04-17T08:00:00.000Z');
    expect(by('ts-ms').timestamp).toBe(new Date(1776420000123).toISOString());
    expect(by('ts-s').timestamp).toBe(new Date(1776420000000).toISOString());
    for (const m of ['ts-bad', 'ts-nozone', 'ts-none']) {
      expect(Date.parse(by(m).timestamp)).toBeGreaterThanOrEqual(before - 1000);
      expect(by(m).timestamp).toBe(by(m).receivedAt);
    }
    expect(by('ts-bad').raw.timestamp).toBe('yesterday');
  });

  it('raw: an object `raw` is flattened with its keys winning; a string `raw` becomes rawString', async () => {
    await srv.ingest(
      key,
      [line({ marker: 'raw-obj', host: 'outer', extra: 1, raw: { host: 'inner', nested: { a: [1, 2] } } }), line({ marker: 'raw-str', raw: 'GET / 200' })].join(
        '\n',
      ),
    );
    const by = byMarker(await lastEvents(10, 'raw.marker:raw-'));
    expect(by('raw-obj').raw).toEqual({ marker: 'raw-obj', host: 'inner', extra: 1, nested: { a: [1, 2] } });
    expect(by('raw-obj').host).toBe('outer');
    expect(by('raw-str').raw).toEqual({ marker: 'raw-str', rawString: 'GET / 200' });
  });

  it('__proto__ and constructor keys stay plain data and never reach a prototype', async () => {
    const r = await srv.ingest(key, '{"marker":"proto-1","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"raw":{"__proto__":{"p2":1}}}');
    expect(r.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).p2).toBeUndefined();
    const e = await eventMarked('proto-1');
    expect(Object.getPrototypeOf(e.raw)).toBe(Object.prototype);
    expect(e.raw.constructor).toEqual({ prototype: { x: 1 } });
  });

  it('accepts gzip bodies; limits apply to the decompressed body', async () => {
    const body = gzipSync(Buffer.from([line({ message: 'gz-1' }), line({ message: 'gz-2' })].join('\n')));
    const r = await wire.ingest(wireKey, body, { 'content-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(2);
    const bomb = gzipSync(
      Buffer.from(line({ message: 'z'.repeat(90_000) }) + '\n')
        .toString()
        .repeat(13),
    );
    expect(bomb.length).toBeLessThan(64 * 1024);
    const r2 = await wire.ingest(wireKey, bomb, { 'content-encoding': 'gzip' });
    expect(r2.status).toBe(400);
    expect(r2.json.errors[0]?.code).toBe('body_too_large');
    const r3 = await wire.ingest(wireKey, Buffer.from('not gzip'), { 'content-encoding': 'gzip' });
    expect(r3.status).toBe(400);
  });

  it('401 for a missing, unknown or malformed key; the key is never read from ?key=', async () => {
    expect((await wire.ingest(undefined, line({ a: 1 }))).status).toBe(401);
    expect((await wire.ingest('wpk_' + 'A'.repeat(43), line({ a: 1 }))).status).toBe(401);
    expect((await wire.ingest('nonsense', line({ a: 1 }))).status).toBe(401);
    const res = await fetch(`${wire.ingestUrl}?key=${encodeURIComponent(wireKey)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: line({ a: 1 }),
    });
    expect(res.status).toBe(401);
  });

  it('415 for a wrong content type', async () => {
    const r = await srv.ingest(key, line({ a: 1 }), { 'content-type': 'application/json' });
    expect(r.status).toBe(415);
    expect(r.json.error).toMatch(/application\/x-ndjson/);
  });

  it('403 when the key is valid but the source is inactive', async () => {
    const s = await srv.newSource();
    await srv.api('PATCH', `/v1/config/log-sources/${s.id}`, { active: false });
    expect((await srv.ingest(s.key, line({ a: 1 }))).status).toBe(403);
  });

  it('rotate: the old key fails on the very next request, the new key works', async () => {
    const s = await srv.newSource();
    expect((await srv.ingest(s.key, line({ a: 1 }))).status).toBe(200);
    const rot = await srv.api<GeneratedKey>('POST', `/v1/config/log-sources/${s.id}/key/rotate`);
    expect(rot.status).toBe(200);
    expect((await srv.ingest(s.key, line({ a: 1 }))).status).toBe(401);
    expect((await srv.ingest(rot.json.data.key, line({ a: 1 }))).status).toBe(200);
  });

  it('revoke: 401 afterwards and the source becomes inactive', async () => {
    const s = await srv.newSource();
    const rev = await srv.api<LogSource>('DELETE', `/v1/config/log-sources/${s.id}/key`);
    expect(rev.json.data.active).toBe(false);
    expect(rev.json.data.keyIdentifier).toBeNull();
    expect((await srv.ingest(s.key, line({ a: 1 }))).status).toBe(401);
  });

  it('429 with Retry-After refuses the whole request over the rate limit; other sources are unaffected', async () => {
    const slow = await srv.newSource({ rateLimit: 1 });
    const other = await srv.newSource({ rateLimit: 1 });
    const batch = (tag: string, n: number) => Array.from({ length: n }, (_, i) => line({ message: `${tag}-${i}` })).join('\n');
    expect((await srv.ingest(slow.key, batch('rl-a', 500))).status).toBe(200);
    const r = await srv.ingest(slow.key, batch('rl-b', 3));
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await lastEvents(5, 'rl-b-')).toHaveLength(0);
    expect((await srv.ingest(other.key, batch('rl-c', 500))).status).toBe(200);
    const health = await srv.api<ListOf<HealthRow>>('GET', '/v1/health/sources');
    const row = health.json.data.items.find((h) => h.sourceId === slow.id);
    expect(row).toMatchObject({ rateLimited24h: 3, events24h: 500 });
  });

  it('lastUsedAt is set once events arrive', async () => {
    const s = await srv.newSource();
    expect((await srv.api<LogSource>('GET', `/v1/config/log-sources/${s.id}`)).json.data.lastUsedAt).toBeNull();
    await srv.ingest(s.key, line({ a: 1 }));
    expect((await srv.api<LogSource>('GET', `/v1/config/log-sources/${s.id}`)).json.data.lastUsedAt).not.toBeNull();
  });
});

describe('store cannot take writes', () => {
  it("503 with Retry-After when the store stays locked past the writer's busy timeout, nothing stored; ingest resumes once it is free", async () => {
    const s = await srv.newSource({ rateLimit: 100_000 });
    // Another connection holds the write lock (a backup tool, a long import): the event writer
    // thread waits its busy timeout, then SQLITE_BUSY reaches the client as 503, like a full disk.
    const db = srv.engine.db;
    db.exec('BEGIN IMMEDIATE');
    try {
      const big = Array.from({ length: 500 }, (_, i) => line({ message: `full-${i}`, pad: 'x'.repeat(1500) })).join('\n');
      const r = await srv.ingest(s.key, big);
      expect(r.status).toBe(503);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.json.accepted).toBe(0);
    } finally {
      db.exec('ROLLBACK');
    }
    expect(await lastEvents(5, 'full-')).toHaveLength(0);
    const again = await srv.ingest(s.key, line({ message: 'room again' }));
    expect(again.status).toBe(200);
  }, 60_000);
});
