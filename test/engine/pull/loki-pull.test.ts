import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, pullHarness } from './pull-harness.ts';
import type { PullHarness } from './pull-harness.ts';
import { startLokiFake } from './fakes/loki-fake.ts';
import type { LokiFake } from './fakes/loki-fake.ts';

let h: PullHarness | null = null;
let loki: LokiFake | null = null;
afterEach(async () => {
  await h?.close();
  await loki?.server.close();
  h = null;
  loki = null;
});

async function setup(pageSize = 1000): Promise<{ h: PullHarness; loki: LokiFake; id: string }> {
  h = await pullHarness({ domain: { pageSize } });
  loki = await startLokiFake(h.clock, { apiKey: 'glsa_secret_token_1234', orgId: 'tenant-a' });
  const id = await h.source({
    type: 'loki',
    credentials: { host: loki.server.url, apiKey: 'glsa_secret_token_1234', orgId: 'tenant-a' },
    sources: ['{app="web"}'],
    lagSeconds: 120,
  });
  return { h, loki, id };
}

describe('Loki pull', () => {
  it('pulls every line of the first look-back window once, with the envelope and raw.pull, authenticated with Bearer and X-Scope-OrgID', async () => {
    const { h, loki, id } = await setup();
    const now = h.clock.now();
    loki.add({ app: 'web', host: 'web-1', level: 'error' }, now - 30 * MINUTE, 'GET /login 500 upstream timeout');
    loki.add({ app: 'web', host: 'web-2' }, now - 20 * MINUTE, 'level=warn msg="slow request"');
    loki.add({ app: 'db' }, now - 20 * MINUTE, 'not selected');
    loki.add({ app: 'web' }, now - 2 * 60 * MINUTE, 'before the look-back');
    const r = await h.pull.pollNow(id);
    expect(r).toEqual({ stored: 2, errors: [] });
    const events = await h.events(id);
    expect(events.map((e) => e.message)).toEqual(['GET /login 500 upstream timeout', 'level=warn msg="slow request"']);
    expect(events[0]).toMatchObject({ severity: 'error', host: 'web-1', timestamp: new Date(now - 30 * MINUTE).toISOString() });
    expect(events[1]).toMatchObject({ severity: 'warn', host: 'web-2' });
    expect(events[0]!.raw).toMatchObject({
      labels: { app: 'web', host: 'web-1', level: 'error' },
      line: 'GET /login 500 upstream timeout',
      pull: { type: 'loki', target: '{app="web"}' },
    });
    expect(typeof (events[0]!.raw.pull as { id: string }).id).toBe('string');
    expect(loki.server.requests.every((q) => q.headers.authorization === 'Bearer glsa_secret_token_1234' && q.headers['x-scope-orgid'] === 'tenant-a')).toBe(
      true,
    );
    const src = await h.t.call('sources.get', { id });
    expect(src).toMatchObject({ pulledTotal: 2, lastError: null, credentialsSet: true, pollIntervalSeconds: 60, lagSeconds: 120 });
    expect(src.lastSuccessAt).toBe(new Date(now).toISOString());
  });

  it('pages through entries sharing one timestamp across page boundaries, and later polls add only what is new', async () => {
    const { h, loki, id } = await setup(3);
    const t0 = h.clock.now() - 10 * MINUTE;
    for (let i = 0; i < 7; i++) loki.add({ app: 'web' }, t0, `same instant ${i}`);
    loki.add({ app: 'web' }, t0, 'same instant 0'); // an identical line at the same instant is a second entry, not a duplicate
    for (let i = 0; i < 5; i++) loki.add({ app: 'web' }, t0 + 1, `next ms ${i}`, { extraNs: i });
    expect((await h.pull.pollNow(id)).stored).toBe(13);
    expect((await h.pull.pollNow(id)).stored).toBe(0);
    h.clock.advance(MINUTE);
    loki.add({ app: 'web' }, h.clock.now() - 3 * MINUTE, 'new one');
    expect((await h.pull.pollNow(id)).stored).toBe(1);
    const messages = (await h.events(id)).map((e) => e.message);
    expect(messages).toHaveLength(14);
    expect(messages.filter((m) => m === 'same instant 0')).toHaveLength(2);
  });

  it('a line arriving late but inside the lag is pulled by the next poll; the window never ends after now − lag', async () => {
    const { h, loki, id } = await setup();
    const now = h.clock.now();
    // Stamped 1 min ago (inside the 2 min lag): not yet in any window.
    loki.add({ app: 'web' }, now - MINUTE, 'late line', { visibleAt: now + 30_000 });
    loki.add({ app: 'web' }, now - 90_000, 'in the lag, visible');
    expect((await h.pull.pollNow(id)).stored).toBe(0);
    h.clock.advance(2 * MINUTE);
    expect((await h.pull.pollNow(id)).stored).toBe(2);
    expect((await h.events(id)).map((e) => e.message)).toEqual(['in the lag, visible', 'late line']);
    const ends = loki.server.requests.map((q) => BigInt(q.query.get('end') ?? '0') / 1_000_000n);
    expect(ends.every((e) => Number(e) <= h.clock.now() - 2 * MINUTE)).toBe(true);
  });

  it('restarting on the same data dir stores nothing twice', async () => {
    const { h: first, loki, id } = await setup(2);
    for (let i = 0; i < 5; i++) loki.add({ app: 'web' }, first.clock.now() - 10 * MINUTE + i, `line ${i}`);
    expect((await first.pull.pollNow(id)).stored).toBe(5);
    const dataDir = first.t.dataDir;
    const clock = first.clock;
    await first.pull.stop();
    await first.t.engine.close();
    h = await pullHarness({ dataDir, clock, domain: { pageSize: 2 } });
    clock.advance(MINUTE);
    loki.add({ app: 'web' }, clock.now() - 150_000, 'after restart');
    expect((await h.pull.pollNow(id)).stored).toBe(1);
    expect((await h.events(id)).map((e) => e.message)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'after restart']);
  });

  it('504 and 429 with Retry-After are retried (reset honoured); a wrong key is an error in Loki’s words without the key', async () => {
    const { h, loki, id } = await setup();
    loki.add({ app: 'web' }, h.clock.now() - 5 * MINUTE, 'x');
    loki.server.failNext({ status: 504, body: 'Gateway Timeout' });
    loki.server.failNext({ status: 429, body: 'Too Many Requests', headers: { 'retry-after': '7' } });
    expect((await h.pull.pollNow(id)).stored).toBe(1);
    expect(h.waits[0]).toBeLessThan(7000);
    expect(h.waits[1]).toBeGreaterThanOrEqual(7000);
    await h.t.call('sources.update', { id, credentials: { host: loki.server.url, apiKey: 'wrong_key_5678', orgId: 'tenant-a' } });
    h.clock.advance(MINUTE);
    const r = await h.pull.pollNow(id);
    expect(r.errors[0]!.error).toMatch(/HTTP 401 .*unauthorized/);
    const src = await h.t.call('sources.get', { id });
    expect(src.lastError).toMatch(/401/);
    expect(JSON.stringify(src)).not.toContain('wrong_key_5678');
  });
});

describe('pull schedule fields', () => {
  it('are stored on create and on update, validated with the field named', async () => {
    h = await pullHarness();
    const id = await h.source({
      type: 'loki',
      credentials: { host: 'http://127.0.0.1:9' },
      sources: ['{a="b"}'],
      pollIntervalSeconds: 15,
      lagSeconds: 5,
      initialLookbackMinutes: 1440,
    });
    expect(await h.t.call('sources.get', { id })).toMatchObject({ pollIntervalSeconds: 15, lagSeconds: 5, initialLookbackMinutes: 1440 });
    await h.t.call('sources.update', { id, lagSeconds: null, pollIntervalSeconds: 3600 });
    expect(await h.t.call('sources.get', { id })).toMatchObject({ pollIntervalSeconds: 3600, lagSeconds: 120 });
    await expect(h.t.call('sources.update', { id, pollIntervalSeconds: 5 })).rejects.toThrow(/pollIntervalSeconds/);
    await expect(h.t.call('sources.create', { name: 'push', lagSeconds: 10 })).rejects.toThrow(/lagSeconds is only for pull types/);
  });
});

describe('Test while editing', () => {
  it('blank credentials with the source id test with the stored ones; typed ones replace them; nothing is stored by a test', async () => {
    const { h, loki, id } = await setup();
    loki.add({ app: 'web' }, h.clock.now() - 10 * MINUTE, 'previewed, not stored');
    const stored = await h.t.call('sources.testDraft', { id, type: 'loki', credentials: {}, sources: ['{app="web"}'] });
    expect(stored.targets[0]).toMatchObject({
      ok: true,
      preview: [{ message: 'previewed, not stored', raw: { pull: { type: 'loki', target: '{app="web"}' } } }],
    });
    const typed = await h.t.call('sources.testDraft', {
      id,
      type: 'loki',
      credentials: { host: loki.server.url, apiKey: 'typed_wrong_key_99', orgId: 'tenant-a' },
      sources: ['{app="web"}'],
    });
    expect(typed.targets[0]).toMatchObject({ ok: false, error: expect.stringMatching(/401/) });
    await expect(h.t.call('sources.testDraft', { id, type: 'splunk', credentials: {}, sources: ['index=web'] })).rejects.toThrow(/is loki, not splunk/);
    await expect(h.t.call('sources.testDraft', { type: 'loki', credentials: { host: loki.server.url }, sources: [] })).rejects.toThrow(
      /sources must list at least one target/,
    );
    expect(await h.events(id)).toEqual([]);
    expect((await h.t.call('sources.get', { id })).pulledTotal).toBe(0);
  });
});
