/**
 * Each provider type pulls for real against a fake on 127.0.0.1 that checks authentication the
 * provider's way (SigV4 recomputed with aws4, RS256 JWT verified with the test's public key,
 * API-key headers), pages, and answers the provider's throttling signal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, pullHarness } from './pull-harness.ts';
import type { PullHarness } from './pull-harness.ts';
import { startCloudWatchFake } from './fakes/cloudwatch-fake.ts';
import { startDatadogFake } from './fakes/datadog-fake.ts';
import { startSplunkFake } from './fakes/splunk-fake.ts';
import { startElasticFake } from './fakes/elastic-fake.ts';
import { startGcpFake } from './fakes/gcp-fake.ts';
import type { FakeServer } from './fakes/fake-server.ts';

const amzMs = (d: string): number => Date.parse(d.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
const amzDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');

let h: PullHarness | null = null;
let servers: FakeServer[] = [];
afterEach(async () => {
  await h?.close();
  for (const s of servers) await s.close();
  h = null;
  servers = [];
});

async function harness(pageSize = 2): Promise<PullHarness> {
  h = await pullHarness({ domain: { pageSize } });
  return h;
}

describe('CloudWatch', () => {
  const creds = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    sessionToken: 'FwoGZXIvYXdzEXAMPLEsessiontoken',
  };

  it('signs FilterLogEvents with SigV4 (session token included), keeps paging through empty pages with a nextToken, and stores each event once', async () => {
    const h = await harness(2);
    const cw = await startCloudWatchFake(h.clock, creds, 'eu-west-1');
    servers.push(cw.server);
    cw.groups.push('/aws/lambda/checkout-api', '/aws/lambda/billing');
    cw.emptyPagesFirst = 2;
    const now = h.clock.now();
    const ids = [
      cw.add(
        '/aws/lambda/checkout-api',
        'b-stream',
        now - 20 * MINUTE,
        '{"level":"error","user":"alice","action":"charge","outcome":"failure","message":"card declined"}',
      ),
      cw.add('/aws/lambda/checkout-api', 'a-stream', now - 30 * MINUTE, 'START RequestId: 1'),
      cw.add('/aws/lambda/checkout-api', 'a-stream', now - 30 * MINUTE, 'WARN retrying'),
      cw.add('/aws/lambda/checkout-api', 'a-stream', now - 10 * MINUTE, 'END RequestId: 1'),
    ];
    cw.add('/aws/lambda/checkout-api', 'a-stream', now - 2 * MINUTE, 'inside the 5 min lag: next time');
    const id = await h.source({
      type: 'cloudwatch',
      credentials: { ...creds, region: 'eu-west-1', endpoint: cw.server.url },
      sources: ['/aws/lambda/checkout-api'],
    });
    expect(await h.pull.pollNow(id)).toEqual({ stored: 4, errors: [] });
    expect(cw.verified).toBe(cw.server.requests.length);
    const events = await h.events(id);
    expect(events.map((e) => (e.raw.pull as { id: string }).id).sort()).toEqual([...ids].sort());
    const json = events.find((e) => e.message?.includes('card declined'))!;
    expect(json).toMatchObject({ severity: 'error', user: 'alice', action: 'charge', outcome: 'failure' });
    expect(json.raw).toMatchObject({
      logStreamName: 'b-stream',
      logGroupName: '/aws/lambda/checkout-api',
      pull: { type: 'cloudwatch', target: '/aws/lambda/checkout-api' },
    });
    expect(events.find((e) => e.message === 'WARN retrying')!.severity).toBe('warn');
    h.clock.advance(5 * MINUTE);
    expect((await h.pull.pollNow(id)).stored).toBe(1);
  });

  it('corrects clock skew from the Date header when AWS says the signature expired, and backs off on ThrottlingException', async () => {
    const h = await harness(100);
    const cw = await startCloudWatchFake(h.clock, { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey });
    servers.push(cw.server);
    cw.server.skewMs = 11 * MINUTE; // the desktop clock is 11 minutes behind AWS
    cw.groups.push('/app');
    cw.add('/app', 's', h.clock.now() - 20 * MINUTE + 11 * MINUTE, 'hello');
    const corrected = (r: { headers: Record<string, unknown> }): boolean =>
      String(r.headers['x-amz-date']).startsWith(amzDay(h.clock.now() + 11 * MINUTE)) &&
      Math.abs(amzMs(String(r.headers['x-amz-date'])) - (h.clock.now() + 11 * MINUTE)) < 5 * MINUTE;
    cw.server.failNext({ status: 400, body: { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate exceeded' } }, 2, corrected);
    const id = await h.source({
      type: 'cloudwatch',
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, endpoint: cw.server.url },
      sources: ['/app'],
    });
    const r = await h.pull.pollNow(id);
    expect(r.errors).toEqual([]);
    expect(r.stored).toBe(1);
    // 1 refused as expired, 2 throttled (two backoff waits), 1 answered — all after the first were signed on AWS's clock.
    expect(cw.server.requests.length).toBe(4);
    expect(h.waits).toHaveLength(2);
  });

  it('an unknown log group and a bad secret are errors in AWS words, never containing the secret', async () => {
    const h = await harness();
    const cw = await startCloudWatchFake(h.clock, creds);
    servers.push(cw.server);
    cw.groups.push('/known');
    const id = await h.source({ type: 'cloudwatch', credentials: { ...creds, endpoint: cw.server.url }, sources: ['/missing'] });
    const r = await h.t.call('sources.test', { id });
    expect(r.targets[0]).toMatchObject({ target: '/missing', ok: false });
    expect(r.targets[0]!.error).toMatch(/ResourceNotFoundException: The specified log group does not exist/);
    const bad = await h.source({
      type: 'cloudwatch',
      credentials: { ...creds, secretAccessKey: 'totally-wrong-secret-value', endpoint: cw.server.url },
      sources: ['/known'],
    });
    const r2 = await h.t.call('sources.test', { id: bad });
    expect(r2.targets[0]!.error).toMatch(/InvalidSignatureException/);
    expect(JSON.stringify(r2)).not.toContain('totally-wrong-secret-value');
    expect((await h.t.call('sources.discover', { type: 'cloudwatch', credentials: { ...creds, endpoint: cw.server.url } })).items).toEqual(['/known']);
  });
});

describe('Datadog', () => {
  it('sends DD-API-KEY and DD-APPLICATION-KEY, pages by cursor, asks a timed-out page again, honours X-RateLimit-Reset', async () => {
    const h = await harness(2);
    const dd = await startDatadogFake(h.clock, { apiKey: 'dd-api-0123456789', appKey: 'dd-app-0123456789' });
    servers.push(dd.server);
    const now = h.clock.now();
    for (let i = 0; i < 5; i++)
      dd.add(now - 30 * MINUTE + i * 1000, {
        service: 'checkout-api',
        status: i === 0 ? 'error' : 'info',
        host: 'web-1',
        message: `msg ${i}`,
        attributes: { usr: { name: 'bob' } },
      });
    dd.add(now - 20 * MINUTE, { service: 'other', message: 'not selected' });
    dd.timeouts = 1;
    dd.server.failNext({ status: 429, body: { errors: ['Too many requests'] }, headers: { 'x-ratelimit-reset': '3' } });
    const id = await h.source({
      type: 'datadog',
      credentials: { apiKey: 'dd-api-0123456789', appKey: 'dd-app-0123456789', endpoint: dd.server.url },
      sources: ['service:checkout-api'],
    });
    expect(await h.pull.pollNow(id)).toEqual({ stored: 5, errors: [] });
    expect(h.waits).toContain(3000 + 25);
    const events = await h.events(id);
    expect(events[0]).toMatchObject({ message: 'msg 0', severity: 'error', host: 'web-1', user: 'bob' });
    expect((events[0]!.raw.pull as { id: string }).id).toMatch(/^AQAAAY/);
    expect((await h.pull.pollNow(id)).stored).toBe(0);
    expect(
      (
        await h.t.call('sources.discover', {
          type: 'datadog',
          credentials: { apiKey: 'dd-api-0123456789', appKey: 'dd-app-0123456789', endpoint: dd.server.url },
        })
      ).items,
    ).toEqual(['index:main', 'index:security']);
    await expect(
      h.t.call('sources.discover', { type: 'datadog', credentials: { apiKey: 'nope-nope-nope', appKey: 'x-x-x-x', endpoint: dd.server.url } }),
    ).rejects.toThrow(/403.*Forbidden/);
  });
});

describe('Splunk', () => {
  it('searches by index time with Bearer auth, falls back to the pre-9.0.2 export path, and stores nothing twice', async () => {
    const h = await harness();
    const sp = await startSplunkFake(h.clock, 'splunk-token-abcdef');
    servers.push(sp.server);
    sp.v1Only = true;
    const nowSec = Math.floor(h.clock.now() / 1000);
    sp.add('web', nowSec - 1800, '2026-11-29 11:30:00 ERROR payment failed', { user: 'carol' });
    sp.add('web', nowSec - 1700, 'INFO ok');
    sp.add('main', nowSec - 1700, 'other index');
    const id = await h.source({ type: 'splunk', credentials: { host: sp.server.url, token: 'splunk-token-abcdef' }, sources: ['index=web'] });
    expect(await h.pull.pollNow(id)).toEqual({ stored: 2, errors: [] });
    const form = new URLSearchParams(sp.server.requests.at(-1)!.body);
    expect(form.get('search')).toBe('search index=web');
    expect(form.get('output_mode')).toBe('json');
    const events = await h.events(id);
    expect(events.map((e) => e.message)).toEqual(['2026-11-29 11:30:00 ERROR payment failed', 'INFO ok']);
    expect(events[0]).toMatchObject({ severity: 'error', host: 'splunk-host', user: 'carol' });
    expect(events[0]!.raw).toMatchObject({ index: 'web', _indextime: String(nowSec - 1800), pull: { type: 'splunk', target: 'index=web' } });
    h.clock.advance(MINUTE);
    expect((await h.pull.pollNow(id)).stored).toBe(0);
    sp.server.failNext(
      { status: 503, body: { messages: [{ type: 'ERROR', text: 'The maximum number of concurrent historical searches on this instance has been reached.' }] } },
      5,
    );
    h.clock.advance(MINUTE);
    const r = await h.pull.pollNow(id);
    expect(r.errors[0]!.error).toMatch(/throttled|503.*concurrent historical searches/);
    expect((await h.t.call('sources.discover', { type: 'splunk', credentials: { host: sp.server.url, token: 'splunk-token-abcdef' } })).items).toEqual([
      'index=main',
      'index=web',
    ]);
  });
});

describe('Elasticsearch', () => {
  it('pages a point in time with search_after (newest PIT id each time), closes it, maps ECS fields; ApiKey and Basic both work', async () => {
    const h = await harness(2);
    const es = await startElasticFake(h.clock, { apiKey: 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==', basic: 'elastic:changeme-password' });
    servers.push(es.server);
    const now = h.clock.now();
    const t = now - 10 * MINUTE;
    for (let i = 0; i < 5; i++)
      es.add('logs-web', t, {
        message: `same ms ${i}`,
        'log.level': i ? 'info' : 'error',
        host: { name: 'web-1' },
        user: { name: 'dave' },
        event: { action: 'login', outcome: 'failure' },
      });
    es.add('logs-db', now - 5 * MINUTE, { message: 'db line' });
    const id = await h.source({
      type: 'elastic',
      credentials: { host: es.server.url, apiKey: 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==' },
      sources: ['logs-*'],
    });
    expect(await h.pull.pollNow(id)).toEqual({ stored: 6, errors: [] });
    expect(es.openPits.size).toBe(0);
    const events = await h.events(id);
    expect(events[0]).toMatchObject({ message: 'same ms 0', severity: 'error', host: 'web-1', user: 'dave', action: 'login', outcome: 'failure' });
    expect(events[0]!.raw).toMatchObject({ _index: 'logs-web', pull: { type: 'elastic', id: `logs-web/${events[0]!.raw._id as string}` } });
    h.clock.advance(MINUTE);
    expect((await h.pull.pollNow(id)).stored).toBe(0);
    const basic = await h.source({
      type: 'elastic',
      credentials: { host: es.server.url, username: 'elastic', password: 'changeme-password' },
      sources: ['logs-db'],
    });
    expect((await h.pull.pollNow(basic)).stored).toBe(1);
    expect(
      (await h.t.call('sources.discover', { type: 'elastic', credentials: { host: es.server.url, username: 'elastic', password: 'changeme-password' } })).items,
    ).toEqual(['logs-db', 'logs-web']);
    const wrong = await h.t.call('sources.testDraft', {
      type: 'elastic',
      credentials: { host: es.server.url, username: 'elastic', password: 'wrong-password-1' },
      sources: ['logs-*'],
    });
    expect(wrong.targets[0]!.error).toMatch(/401.*security_exception: unable to authenticate/);
    expect(JSON.stringify(wrong)).not.toMatch(/wrong-password-1|ZWxhc3RpYzp3cm9uZy1wYXNzd29yZC0x/);
  });
});

describe('GCP Logging', () => {
  it('exchanges an RS256 JWT at token_uri, pages entries (empty page with a token continues), refreshes an expired token', async () => {
    const h = await harness(2);
    const g = await startGcpFake(h.clock);
    servers.push(g.server);
    g.emptyPagesFirst = 1;
    const now = h.clock.now();
    g.add(now - 30 * MINUTE, { textPayload: 'plain text line', severity: 'WARNING' });
    g.add(now - 30 * MINUTE, { jsonPayload: { message: 'json line' }, severity: 'ERROR' });
    g.add(now - 20 * MINUTE, {
      protoPayload: { methodName: 'SetIamPolicy', authenticationInfo: { principalEmail: 'eve@example.com' }, status: { code: 7 } },
      severity: 'NOTICE',
    });
    g.add(now - 20 * MINUTE, { textPayload: 'other log', logName: 'projects/demo-project/logs/other' });
    const creds = { serviceAccountJson: g.serviceAccountJson, endpoint: g.server.url };
    const id = await h.source({ type: 'gcp_logging', credentials: creds, sources: ['logName="projects/demo-project/logs/app"'] });
    expect(await h.pull.pollNow(id)).toEqual({ stored: 3, errors: [] });
    expect(g.jwtsVerified).toBe(1);
    const events = await h.events(id);
    expect(events.map((e) => [e.message, e.severity])).toEqual([
      ['plain text line', 'warn'],
      ['json line', 'error'],
      [null, 'notice'],
    ]);
    expect(events[2]).toMatchObject({ user: 'eve@example.com', action: 'SetIamPolicy', outcome: 'failure', host: 'vm-1' });
    expect((events[0]!.raw.pull as { id: string }).id).toMatch(/^ins/);
    g.expireTokens();
    h.clock.advance(MINUTE);
    g.add(h.clock.now() - 150_000, { textPayload: 'after token expiry' });
    expect((await h.pull.pollNow(id)).stored).toBe(1);
    expect(g.jwtsVerified).toBe(2);
    expect((await h.t.call('sources.discover', { type: 'gcp_logging', credentials: creds })).items).toEqual([
      'logName="projects/demo-project/logs/app"',
      'logName="projects/demo-project/logs/other"',
    ]);
  });

  it('a desktop clock 20 minutes off still gets a token: iat follows the token endpoint’s Date header', async () => {
    const h = await harness();
    const g = await startGcpFake(h.clock);
    servers.push(g.server);
    g.server.skewMs = -20 * MINUTE;
    const r = await h.t.call('sources.testDraft', {
      type: 'gcp_logging',
      credentials: { serviceAccountJson: g.serviceAccountJson, endpoint: g.server.url },
      sources: ['severity>=DEFAULT'],
    });
    expect(r.targets[0]).toMatchObject({ ok: true });
    expect(g.jwtsVerified).toBe(1);
  });
});
