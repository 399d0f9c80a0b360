import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer } from '../helpers/http.ts';
import type { TestServer } from '../helpers/http.ts';
import { injectServer } from '../helpers/inject.ts';
import type { InjectServer } from '../helpers/inject.ts';
import type { EventPage, GeneratedKey, HealthRow, ListOf, LogSource, Platform } from '../../shared/types.ts';

// Routes through inject(); the server-sent event stream (a long-lived response on a socket) over
// a real connection.
let srv: InjectServer;
let wire: TestServer;
beforeAll(async () => {
  [srv, wire] = await Promise.all([injectServer(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([srv.close(), wire.close()]);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('console API (SPEC §4)', () => {
  it('401 UNAUTHORIZED without the Bearer token or with a wrong one', async () => {
    const none = await srv.console({ method: 'GET', url: '/v1/config/log-sources' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({ success: false, error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    const wrong = await srv.console({ method: 'GET', url: '/v1/config/log-sources', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('creates a source with the seed defaults and wraps it in {success, data}', async () => {
    const r = await srv.api<LogSource>('POST', '/v1/config/log-sources', { name: 'Authentication Service' });
    expect(r.status).toBe(200);
    expect(r.json.success).toBe(true);
    expect(r.json.data).toMatchObject({
      name: 'Authentication Service',
      type: 'generic_json',
      active: true,
      rateLimit: 100,
      heartbeatMinutes: 0,
      keyIdentifier: null,
      lastUsedAt: null,
      platformId: null,
    });
    expect(r.json.data.id).toMatch(/^ls_/);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(256) }, 'name'],
    [{ name: 'a', rateLimit: 0 }, 'rateLimit'],
    [{ name: 'a', rateLimit: 100_001 }, 'rateLimit'],
    [{ name: 'a', type: 'bogus' }, 'type'],
    [{ name: 'a', heartbeatMinutes: -1 }, 'heartbeatMinutes'],
    [{ name: 'a', platformId: 'pl_missing' }, 'platformId'],
    [{ name: 'a', colour: 'red' }, 'colour'],
    [{ name: 'a', type: 'loki', sources: ['{app="x"}'] }, 'credentials'],
    [{ name: 'a', type: 'elastic', credentials: { host: 'https://es' }, sources: ['logs-*'] }, 'credentials'],
  ])('refuses bad source input %j with VALIDATION_ERROR naming %s', async (body, field) => {
    const r = await srv.api('POST', '/v1/config/log-sources', body);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('VALIDATION_ERROR');
    expect(r.json.error.message).toContain(field);
  });

  it('pull sources: credentials are encrypted at rest and never returned', async () => {
    const r = await srv.api<LogSource>('POST', '/v1/config/log-sources', {
      name: 'prod-loki',
      type: 'loki',
      credentials: { host: 'https://loki.example', apiKey: 'sekrit-loki-key' },
      sources: ['{app="api"}'],
    });
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.json)).not.toContain('sekrit-loki-key');
    expect(r.json.data.credentialKeys.sort()).toEqual(['apiKey', 'host']);
    const list = await srv.api('GET', '/v1/config/log-sources');
    expect(JSON.stringify(list.json)).not.toContain('sekrit-loki-key');
    const db = readFileSync(join(srv.dataDir, 'watchpost.db'));
    expect(db.includes(Buffer.from('sekrit-loki-key'))).toBe(false);
  });

  it('key lifecycle: generate once (409 after), plaintext shown once, only the hash kept', async () => {
    const s = (await srv.api<LogSource>('POST', '/v1/config/log-sources', { name: 'Edge Firewall' })).json.data;
    const gen = await srv.api<GeneratedKey>('POST', `/v1/config/log-sources/${s.id}/key`);
    expect(gen.status).toBe(200);
    const { key, keyIdentifier, curlExample, ingestUrl } = gen.json.data;
    expect(key).toMatch(/^wpk_[A-Za-z0-9_-]{43}$/);
    expect(keyIdentifier).toMatch(/^[0-9a-f]{8}$/);
    expect(ingestUrl).toBe(srv.ingestUrl);
    expect(curlExample).toContain(key);
    expect(curlExample).toContain('X-DF-Source-Key');
    const again = await srv.api('POST', `/v1/config/log-sources/${s.id}/key`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('CONFLICT');
    const got = (await srv.api<LogSource>('GET', `/v1/config/log-sources/${s.id}`)).json.data;
    expect(got).toMatchObject({ keyIdentifier, keyGeneratedBy: 'console' });
    expect(JSON.stringify(got)).not.toContain(key);
    await srv.ingest(key, '{"message":"after key"}');
    // The plaintext key appears nowhere in the data dir (db, WAL, token, runtime files).
    srv.engine.db.pragma('wal_checkpoint(PASSIVE)');
    for (const f of filesUnder(srv.dataDir)) expect(readFileSync(f).includes(Buffer.from(key)), f).toBe(false);
    // The security event for it names only the identifier.
    const sec = await srv.api<EventPage>('GET', `/v1/events?q=${encodeURIComponent('action:=api_key.created source:Watchpost')}`);
    expect(sec.json.data.events.length).toBeGreaterThan(0);
    expect(JSON.stringify(sec.json.data)).toContain(keyIdentifier);
    expect(JSON.stringify(sec.json.data)).not.toContain(key);
  });

  it('platforms: deleting a platform unlinks its sources', async () => {
    const p = (await srv.api<Platform>('POST', '/v1/config/platforms', { name: 'Production' })).json.data;
    const s = (await srv.api<LogSource>('POST', '/v1/config/log-sources', { name: 'Customer Portal', platformId: p.id })).json.data;
    expect(s.platformId).toBe(p.id);
    expect((await srv.api('DELETE', `/v1/config/platforms/${p.id}`)).status).toBe(200);
    expect((await srv.api<LogSource>('GET', `/v1/config/log-sources/${s.id}`)).json.data.platformId).toBeNull();
    expect((await srv.api('DELETE', `/v1/config/platforms/${p.id}`)).status).toBe(404);
  });

  it('renaming a source keeps its id and history', async () => {
    const { id, key } = await srv.newSource({ name: 'Old Name' });
    await srv.ingest(key, '{"message":"rename-history"}');
    const r = await srv.api<LogSource>('PATCH', `/v1/config/log-sources/${id}`, { name: 'New Name' });
    expect(r.json.data).toMatchObject({ id, name: 'New Name' });
    const ev = await srv.api<EventPage>('GET', `/v1/events?q=${encodeURIComponent('rename-history')}`);
    expect(ev.json.data.events[0]).toMatchObject({ sourceId: id, sourceName: 'New Name' });
  });

  it('404 NOT_FOUND for unknown ids and routes', async () => {
    expect((await srv.api('GET', '/v1/config/log-sources/ls_nope')).json.error.code).toBe('NOT_FOUND');
    expect((await srv.api('GET', '/v1/nothing-here')).status).toBe(404);
  });

  it('Idempotency-Key: same key + same body replays the first response with no second effect', async () => {
    const h = { 'idempotency-key': 'idem-1' };
    const a = await srv.api('POST', '/v1/config/platforms', { name: 'Staging' }, h);
    const b = await srv.api('POST', '/v1/config/platforms', { name: 'Staging' }, h);
    expect(b.json).toEqual(a.json);
    const all = (await srv.api<ListOf<Platform>>('GET', '/v1/config/platforms')).json.data.items.filter((p) => p.name === 'Staging');
    expect(all).toHaveLength(1);
    const c = await srv.api('POST', '/v1/config/platforms', { name: 'Other' }, h);
    expect(c.status).toBe(409);
  });

  it('a malformed JSON body is a VALIDATION_ERROR, not a crash', async () => {
    const res = await srv.console({
      method: 'POST',
      url: '/v1/config/platforms',
      headers: { authorization: `Bearer ${srv.token}`, 'content-type': 'application/json' },
      payload: '{oops',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_ERROR');
  });

  it('health rows follow SPEC §2 statuses', async () => {
    const a = await srv.newSource({ name: 'awaiting-one' });
    const b = await srv.newSource({ name: 'healthy-one', heartbeatMinutes: 10 });
    await srv.ingest(b.key, '{"message":"beat"}');
    const c = await srv.newSource({ name: 'inactive-one', active: false });
    const rows = (await srv.api<ListOf<HealthRow>>('GET', '/v1/health/sources')).json.data.items;
    const by = new Map(rows.map((r) => [r.sourceId, r]));
    expect(by.get(a.id)?.status).toBe('awaiting');
    expect(by.get(b.id)).toMatchObject({ status: 'healthy', events1h: 1, events24h: 1 });
    expect(by.get(b.id)?.sparkline).toHaveLength(24);
    expect(by.get(b.id)?.sparkline[23]).toBe(1);
    expect(by.get(c.id)?.status).toBe('inactive');
  });

  it('/v1/stream pushes events counts as server-sent events', async () => {
    const { key } = await wire.newSource();
    const ctrl = new AbortController();
    const res = await fetch(`${wire.consoleUrl}/v1/stream?token=${wire.token}`, { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await wire.ingest(key, '{"message":"streamed"}');
    let text = '';
    const dec = new TextDecoder();
    while (!text.includes('event: events')) text += dec.decode((await reader.read()).value);
    ctrl.abort();
    expect(text).toMatch(/event: events\ndata: \{"count":1/);
  });
});

describe('console API leniency', () => {
  it('a POST with a JSON content type and an empty body is read as {}', async () => {
    const s = (await srv.api<LogSource>('POST', '/v1/config/log-sources', { name: 'empty-body' })).json.data;
    const res = await srv.console({
      method: 'POST',
      url: `/v1/config/log-sources/${s.id}/key`,
      headers: { authorization: `Bearer ${srv.token}`, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.key).toMatch(/^wpk_/);
  });
});

describe('syslog/cef listen ports', () => {
  it('refuses a listenPort another source already uses, naming that source', async () => {
    const a = await srv.api<LogSource>('POST', '/v1/config/log-sources', { name: 'fw-syslog', type: 'syslog', listenPort: 45514 });
    expect(a.status).toBe(200);
    const b = await srv.api('POST', '/v1/config/log-sources', { name: 'other-syslog', type: 'cef', listenPort: 45514 });
    expect(b.status).toBe(400);
    expect(b.json.error.message).toMatch(/listenPort 45514 is already used by log source fw-syslog/);
    // Saving the same source with its own port is fine.
    expect((await srv.api('PATCH', `/v1/config/log-sources/${a.json.data.id}`, { listenPort: 45514 })).status).toBe(200);
    const off = await srv.api<LogSource>('PATCH', `/v1/config/log-sources/${a.json.data.id}`, { listenPort: null });
    expect(off.json.data.listenPort).toBeNull();
  });
});
