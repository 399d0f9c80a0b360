import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { startTestServer } from '../../helpers/http.ts';
import type { TestServer } from '../../helpers/http.ts';
import type { LogSource } from '../../../shared/types.ts';
import { freePort, search, searchUntil, send } from './intake-helpers.ts';

let srv: TestServer;
let key: string;
let port: number;
let sourceId: string;

beforeAll(async () => {
  srv = await startTestServer();
  port = await freePort();
  ({ key, id: sourceId } = await srv.newSource({ type: 'gelf', listenPort: port, rateLimit: 100_000 }));
  await srv.rt.gelf.settled();
});
afterAll(async () => {
  await srv.close();
});

/** gelf-pro as applications load it (CommonJS; setConfig derives a configured logger from the module object). */
const gelf = createRequire(import.meta.url)('gelf-pro') as typeof import('gelf-pro');

function gelfSend(adapterName: 'udp' | 'tcp', message: string, level: number, extra: Record<string, unknown>): Promise<void> {
  // gelf-pro keeps one adapter per logger object (its `adapter` holder is open for tests): one logger per transport
  const log = Object.assign(Object.create(gelf) as typeof gelf, { adapter: null }).setConfig({
    adapterName,
    adapterOptions: { host: '127.0.0.1', port },
    fields: { facility: 'test' },
  });
  return new Promise((resolve, reject) => log.message(message, level, extra, (err?: Error) => (err ? reject(err) : resolve())));
}

describe('GELF', () => {
  it('the gelf source listens on UDP and TCP', () => {
    expect(srv.rt.gelf.states()).toEqual([expect.objectContaining({ sourceId, port, udp: 'listening', tcp: 'listening' })]);
  });

  it('gelf-pro over UDP (deflated): short_message, level, host and _-fields', async () => {
    await gelfSend('udp', 'gelf-udp-hello', 3, { user: 'dave', request_id: 'r-1' });
    const [e] = await searchUntil(srv, 'gelf-udp-hello', 1);
    expect((await srv.api<LogSource>('GET', `/v1/config/log-sources/${sourceId}`)).json.data.lastTransport).toBe('udp');
    expect(e).toMatchObject({ message: 'gelf-udp-hello', severity: 'error', sourceId });
    expect(e!.raw).toMatchObject({ _user: 'dave', _request_id: 'r-1', _facility: 'test', level: 3 });
    expect(e!.user).toBe('dave');
  });

  it('gelf-pro over UDP with a message big enough to be chunked', async () => {
    const big = randomBytes(12_000).toString('hex'); // ~24 KB, still ~12 KB deflated: about nine chunks
    await gelfSend('udp', 'gelf-chunked-hello', 4, { blob: big });
    const [e] = await searchUntil(srv, 'gelf-chunked-hello', 1);
    expect(e!.severity).toBe('warn');
    expect(e!.raw._blob).toBe(big);
  });

  it('gelf-pro over TCP (NUL-delimited)', async () => {
    await gelfSend('tcp', 'gelf-tcp-hello', 6, { order: 42 });
    const [e] = await searchUntil(srv, 'gelf-tcp-hello', 1);
    expect(e).toMatchObject({ severity: 'info' });
    expect(e!.raw._order).toBe(42);
    expect((await srv.api<LogSource>('GET', `/v1/config/log-sources/${sourceId}`)).json.data.lastTransport).toBe('tcp');
  });

  it('a UDP datagram that is not GELF stores nothing, and the listener keeps working', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((resolve) => sock.send(Buffer.from('{"host":"x","no_short_message":"gelf-garbage"}'), port, '127.0.0.1', () => resolve()));
    await new Promise<void>((resolve) => sock.send(Buffer.from('not json at all gelf-garbage'), port, '127.0.0.1', () => resolve()));
    sock.close();
    await gelfSend('udp', 'gelf-after-garbage', 6, {});
    await searchUntil(srv, 'gelf-after-garbage', 1);
    expect(await search(srv, 'gelf-garbage')).toHaveLength(0);
  });

  it('POST /gelf with X-DF-Source-Key: 202 like Graylog; bad key, malformed body and wrong content type store nothing', async () => {
    const msg = JSON.stringify({ version: '1.1', host: 'app-3', short_message: 'gelf-http-hello', full_message: 'stack…', level: 7, _tenant: 'acme' });
    const ok = await send(srv, 'POST', '/gelf', { 'x-df-source-key': key, 'content-type': 'application/json' }, msg);
    expect(ok.status).toBe(202);
    const [e] = await search(srv, 'gelf-http-hello');
    expect(e).toMatchObject({ host: 'app-3', severity: 'debug', raw: { full_message: 'stack…', _tenant: 'acme' } });
    const bad = (headers: Record<string, string>, body: string) => send(srv, 'POST', '/gelf', { 'content-type': 'application/json', ...headers }, body);
    expect((await bad({}, msg.replace('gelf-http-hello', 'gelf-bad-0'))).status).toBe(401);
    expect((await bad({ 'x-df-source-key': 'wpk_wrong' }, msg.replace('gelf-http-hello', 'gelf-bad-1'))).status).toBe(401);
    const malformed = await bad({ 'x-df-source-key': key }, '{"short_message":"gelf-bad-2"');
    expect([malformed.status, malformed.json<{ error: string }>().error]).toEqual([400, expect.stringContaining('not valid JSON')]);
    expect(
      (await send(srv, 'POST', '/gelf', { 'x-df-source-key': key, 'content-type': 'text/xml' }, msg.replace('gelf-http-hello', 'gelf-bad-3'))).status,
    ).toBe(415);
    expect(await search(srv, 'gelf-bad-')).toHaveLength(0);
  });
});
