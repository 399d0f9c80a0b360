import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { Logger as SplunkLogger } from 'splunk-logging';
import type { TestServer } from '../../helpers/http.ts';
import { baseUrl, overOneMb, search, send, useIntakeServer } from './intake-helpers.ts';

/** HEC's answer shape. */
type HecAnswer = { text: string; code: number; 'invalid-event-number'?: number };

let srv: TestServer;
let key: string;

useIntakeServer((s, k) => {
  srv = s;
  key = k;
});

const hec = (body: string | Uint8Array, headers: Record<string, string> = {}, path = '/services/collector/event') =>
  send(srv, 'POST', path, { authorization: `Splunk ${key}`, ...headers }, body);

describe('Splunk HEC', () => {
  it('splunk-logging (form-urlencoded to /services/collector/event/1.0) is stored with message, severity, host and metadata', async () => {
    const logger = new SplunkLogger({ token: key, url: baseUrl(srv) });
    const body = await new Promise<unknown>((resolve, reject) => {
      logger.send(
        { message: { message: 'hec-client-hello', user: 'alice' }, severity: 'warning', metadata: { host: 'web-7', source: 'app.js', sourcetype: '_json' } },
        (err: unknown, _res: unknown, b: unknown) => (err ? reject(err) : resolve(b)),
      );
    });
    expect(body).toEqual({ text: 'Success', code: 0 });
    const [e] = await search(srv, 'hec-client-hello');
    expect(e).toMatchObject({ message: 'hec-client-hello', severity: 'warn', host: 'web-7', user: 'alice' });
    expect(e!.raw).toMatchObject({
      source: 'app.js',
      sourcetype: '_json',
      event: { message: { message: 'hec-client-hello', user: 'alice' }, severity: 'warning' },
    });
  });

  it('concatenated events with time (number or string), fields; gzip; /raw with query metadata; health without a token', async () => {
    const r = await hec(
      gzipSync('{"time":1700000000.5,"event":"hec-batch-1","fields":{"env":"prod"}} {"time":"1700000001","event":{"msg":"hec-batch-2","level":"error"}}'),
      { 'content-encoding': 'gzip' },
    );
    expect(r.status).toBe(200);
    const found = Object.fromEntries((await search(srv, 'hec-batch-')).map((e) => [e.message, e]));
    expect(found['hec-batch-1']).toMatchObject({ timestamp: '2023-11-14T22:13:20.500Z', raw: { fields: { env: 'prod' } } });
    expect(found['hec-batch-2']).toMatchObject({ severity: 'error', timestamp: '2023-11-14T22:13:21.000Z' });
    const raw = await hec('hec-raw-1\nhec-raw-2\n', {}, '/services/collector/raw?host=fw1&sourcetype=pan');
    expect(raw.json<HecAnswer>()).toEqual({ text: 'Success', code: 0 });
    const lines = await search(srv, 'hec-raw-');
    expect(lines.map((e) => e.host)).toEqual(['fw1', 'fw1']);
    expect(lines[0]!.raw).toMatchObject({ sourcetype: 'pan' });
    const health = await send(srv, 'GET', '/services/collector/health', {});
    expect([health.status, health.json<HecAnswer>()]).toEqual([200, { text: 'HEC is healthy', code: 17 }]);
  });

  it('bad inputs get HEC codes and store nothing', async () => {
    const none = await send(srv, 'POST', '/services/collector/event', {}, '{"event":"hec-bad-0"}');
    expect([none.status, none.json<HecAnswer>().code, none.json<HecAnswer>().text]).toEqual([401, 2, 'Token is required']);
    const wrong = await send(srv, 'POST', '/services/collector/event', { authorization: 'Splunk wpk_notarealkey' }, '{"event":"hec-bad-1"}');
    expect([wrong.status, wrong.json<HecAnswer>().code, wrong.json<HecAnswer>().text]).toEqual([403, 4, 'Invalid token']);
    const malformed = await hec('{"event":"hec-bad-2"}{"event": oops}');
    expect([malformed.status, malformed.json<HecAnswer>().code, malformed.json<HecAnswer>().text]).toEqual([400, 6, 'Invalid data format']);
    const noEvent = await hec('{"event":"hec-bad-3"}{"time":1}');
    expect([noEvent.status, noEvent.json<HecAnswer>().code, noEvent.json<HecAnswer>()['invalid-event-number']]).toEqual([400, 12, 1]);
    const big = await hec(overOneMb('{"event":"hec-bad-4"}'));
    expect([big.status, big.json<HecAnswer>().code]).toEqual([413, 6]);
    const enc = await hec('{"event":"hec-bad-5"}', { 'content-encoding': 'br' });
    expect(enc.status).toBe(415);
    expect(await search(srv, 'hec-bad-')).toHaveLength(0);
  });

  it('over the source rate limit: 503 "Server is busy" (code 9) with Retry-After, nothing stored', async () => {
    const slow = await srv.newSource({ rateLimit: 1 });
    const batch = (tag: string, n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ event: `${tag}-${i}` })).join('');
    const first = await send(srv, 'POST', '/services/collector', { authorization: `Splunk ${slow.key}` }, batch('hec-rl-ok', 500));
    expect(first.status).toBe(200);
    const over = await send(srv, 'POST', '/services/collector', { authorization: `Splunk ${slow.key}` }, batch('hec-rl-over', 10));
    expect([over.status, over.json<HecAnswer>().code]).toEqual([503, 9]);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await search(srv, 'hec-rl-over')).toHaveLength(0);
  });
});
