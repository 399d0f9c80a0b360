/**
 * Behaviour under trouble: private TLS chains (CA PEM), a provider that hangs or is down never
 * holds up ingest or other sources, sustained failures raise one security event and recovery
 * another, credential changes are audited — and no credential value ever reaches a status row,
 * an error, a stored event, a security event or the console.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HealthRow } from '../../../shared/types.ts';
import { makeTestPki } from '../forwarding/helpers/tls.ts';
import { MINUTE, pullHarness } from './pull-harness.ts';
import type { PullHarness } from './pull-harness.ts';
import { startLokiFake } from './fakes/loki-fake.ts';
import { startSplunkFake } from './fakes/splunk-fake.ts';
import type { FakeServer } from './fakes/fake-server.ts';

let h: PullHarness | null = null;
let servers: FakeServer[] = [];
let raw: Server | null = null;
const sockets = new Set<Socket>();
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  for (const s of servers) await s.close();
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise<void>((r) => (raw ? raw.close(() => r()) : r()));
  h = null;
  servers = [];
  raw = null;
});

describe('TLS with a private CA', () => {
  it('a self-signed chain fails with a TLS error naming the cause until its CA PEM is given; then Splunk pulls', async () => {
    h = await pullHarness();
    const pki = makeTestPki('Splunk Test');
    const sp = await startSplunkFake(h.clock, 'tok-tls-123456', { key: pki.serverKeyPem, cert: pki.serverCertPem });
    servers.push(sp.server);
    sp.add('web', Math.floor(h.clock.now() / 1000) - 600, 'over TLS');
    const id = await h.source({ type: 'splunk', credentials: { host: sp.server.url, token: 'tok-tls-123456' }, sources: ['index=web'] });
    const r = await h.t.call('sources.test', { id });
    expect(r.ok).toBe(false);
    expect(r.targets[0]!.error).toMatch(/TLS failure talking to 127\.0\.0\.1:\d+: .*(SELF_SIGNED|UNABLE_TO_VERIFY|unable to (get|verify))/i);
    expect(r.targets[0]!.error).toMatch(/set caCertPem/);
    await h.t.call('sources.update', { id, credentials: { host: sp.server.url, token: 'tok-tls-123456', caCertPem: pki.caCertPem } });
    const ok = await h.t.call('sources.test', { id });
    expect(ok.targets[0]).toMatchObject({ ok: true, preview: [{ message: 'over TLS' }] });
    expect((await h.pull.pollNow(id)).stored).toBe(1);
    await expect(h.t.call('sources.update', { id, credentials: { host: sp.server.url, token: 't', caCertPem: 'not a pem' } })).rejects.toThrow(
      /credentials.caCertPem must be one or more PEM certificates/,
    );
  });
});

describe('a provider that hangs or is down', () => {
  it('does not hold up ingest or another source’s poll; its own poll fails with a timeout in plain words', async () => {
    // Accepts connections and never answers.
    raw = createServer((s) => void sockets.add(s));
    await new Promise<void>((r) => raw!.listen(0, '127.0.0.1', r));
    const hangUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
    h = await pullHarness({ domain: { http: { timeoutMs: 3_000, sleep: async () => {}, baseDelayMs: 1 } } });
    const loki = await startLokiFake(h.clock, {});
    servers.push(loki.server);
    loki.add({ app: 'web' }, h.clock.now() - 10 * MINUTE, 'healthy source line');
    const hung = await h.source({ type: 'loki', credentials: { host: hangUrl }, sources: ['{app="web"}'] });
    const fine = await h.source({ type: 'loki', credentials: { host: loki.server.url }, sources: ['{app="web"}'] });
    const push = await h.t.call('sources.create', { name: 'push' });
    let hungDone = false;
    const hungPoll = h.pull.pollNow(hung).then((r) => {
      hungDone = true;
      return r;
    });
    expect((await h.pull.pollNow(fine)).stored).toBe(1);
    const accepted = await h.t.engine.ingest.submit(push.id, [{ message: 'pushed while a provider hangs' }]);
    expect(accepted.accepted).toBe(1);
    expect(hungDone).toBe(false);
    const r = await hungPoll;
    expect(r.errors[0]!.error).toMatch(/no answer from 127\.0\.0\.1:\d+ within 3 s/);
    const refused = await h.source({ type: 'loki', credentials: { host: 'http://127.0.0.1:9' }, sources: ['{app="web"}'] });
    expect((await h.pull.pollNow(refused)).errors[0]!.error).toMatch(/cannot reach 127\.0\.0\.1:9: ECONNREFUSED/);
  });
});

describe('security events and secrets', () => {
  it('three failed polls raise log_source.pull_failing once, success raises pull_recovered; credential changes are audited by key name', async () => {
    h = await pullHarness();
    const loki = await startLokiFake(h.clock, { apiKey: 'right-key-aaaa1111' });
    servers.push(loki.server);
    const id = await h.source({ type: 'loki', credentials: { host: loki.server.url, apiKey: 'wrong-key-bbbb2222' }, sources: ['{app="web"}'] });
    for (let i = 0; i < 4; i++) {
      h.clock.advance(MINUTE);
      expect((await h.pull.pollNow(id)).errors).toHaveLength(1);
    }
    expect(h.security.filter((e) => e.type === 'log_source.pull_failing')).toHaveLength(1);
    expect(h.security.find((e) => e.type === 'log_source.pull_failing')).toMatchObject({
      category: 'infrastructure',
      severity: 'high',
      resource: { type: 'log_source', id },
    });
    await h.t.call('sources.update', { id, credentials: { host: loki.server.url, apiKey: 'right-key-aaaa1111' } });
    const audit = h.security.find((e) => e.type === 'log_source.credentials_updated');
    expect(audit).toMatchObject({ category: 'audit', severity: 'high', details: { fields: ['host', 'apiKey'] } });
    h.clock.advance(MINUTE);
    expect((await h.pull.pollNow(id)).errors).toEqual([]);
    expect(h.security.filter((e) => e.type === 'log_source.pull_recovered')).toHaveLength(1);
    expect((await h.t.call('sources.get', { id })).lastError).toBeNull();
  });

  it('a failed poll that stored nothing still pushes the Source Health row with its error', async () => {
    h = await pullHarness();
    const pushed: HealthRow[][] = [];
    h.t.engine.api.subscribe('health', (rows) => pushed.push(rows));
    const id = await h.source({ type: 'loki', credentials: { host: 'http://127.0.0.1:9' }, sources: ['{app="web"}'] });
    h.t.engine.domains.health.tick();
    pushed.length = 0;
    await h.pull.pollNow(id);
    h.t.engine.domains.health.tick();
    const row = pushed.at(-1)?.find((r) => r.sourceId === id);
    expect(row).toMatchObject({ pulledTotal: 0, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(row!.lastPollAt).toBe(new Date(h.clock.now()).toISOString());
  });

  it('no credential value appears in status, errors, health rows, stored or security events, or console output', async () => {
    const logged: string[] = [];
    for (const m of ['log', 'error', 'warn', 'info'] as const)
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
    h = await pullHarness();
    const loki = await startLokiFake(h.clock, { apiKey: 'user42:glc_TOPSECRET_token_value' });
    servers.push(loki.server);
    // The fake echoes the Authorization header back in its refusal, the worst case for a leak.
    loki.server.failNext({ status: 401, body: 'bad auth: Basic dXNlcjQyOmdsY19UT1BTRUNSRVRfdG9rZW5fdmFsdWU= / user42:glc_TOPSECRET_token_value' }, 10);
    const secrets = ['glc_TOPSECRET_token_value', 'dXNlcjQyOmdsY19UT1BTRUNSRVRfdG9rZW5fdmFsdWU='];
    const id = await h.source({ type: 'loki', credentials: { host: loki.server.url, apiKey: 'user42:glc_TOPSECRET_token_value' }, sources: ['{app="web"}'] });
    const collected: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      h.clock.advance(MINUTE);
      collected.push(await h.pull.pollNow(id));
    }
    collected.push(await h.t.call('sources.test', { id }));
    collected.push(
      await h.t.call('sources.testDraft', {
        type: 'loki',
        credentials: { host: loki.server.url, apiKey: 'user42:glc_TOPSECRET_token_value' },
        sources: ['{app="web"}'],
      }),
    );
    collected.push(await h.t.call('sources.get', { id }), await h.t.call('sources.list', {}), await h.t.call('health.sources', {}));
    collected.push(
      await h.t.engine.api.call('sources.discover', { type: 'loki', credentials: { host: loki.server.url, apiKey: 'user42:glc_TOPSECRET_token_value' } }),
    );
    collected.push(h.security, await h.t.call('events.search', { q: '', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', limit: 1000 }));
    const text = JSON.stringify(collected) + logged.join('\n');
    expect(text).toContain('[redacted]');
    for (const s of secrets) expect(text).not.toContain(s);
    expect(JSON.stringify(await h.t.call('sources.get', { id }))).toContain('"credentialsSet":true');
  });
});
