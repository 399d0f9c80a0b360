import { describe, expect, it } from 'vitest';
import winston from 'winston';
import LokiTransport from 'winston-loki';
import { compress } from 'snappyjs';
import type { TestServer } from '../../helpers/http.ts';
import { LokiPushRequest } from '../../../main/engine/intake/proto-schemas.ts';
import { baseUrl, overOneMb, search, searchUntil, send, useIntakeServer } from './intake-helpers.ts';

let srv: TestServer;
let key: string;

useIntakeServer((s, k) => {
  srv = s;
  key = k;
});

async function logWithWinstonLoki(json: boolean, tag: string): Promise<unknown[]> {
  const errors: unknown[] = [];
  const transport = new LokiTransport({
    host: baseUrl(srv),
    basicAuth: `tenant:${key}`,
    json,
    batching: false,
    labels: { app: 'shop', host: 'loki-host' },
    onConnectionError: (err: unknown) => errors.push(err),
  });
  const logger = winston.createLogger({ transports: [transport] });
  logger.log({ level: 'error', message: tag, labels: { job: 'billing' } });
  await searchUntil(srv, tag, 1);
  logger.close();
  return errors;
}

describe('Loki push', () => {
  it('winston-loki over JSON: line, labels, level and host', async () => {
    expect(await logWithWinstonLoki(true, 'loki-json-hello')).toEqual([]);
    const [e] = await search(srv, 'loki-json-hello');
    expect(e).toMatchObject({ severity: 'error', host: 'loki-host' });
    expect(e!.message).toContain('loki-json-hello');
    expect(e!.raw.labels).toMatchObject({ app: 'shop', job: 'billing', level: 'error' });
  });

  it('winston-loki over protobuf + snappy', async () => {
    expect(await logWithWinstonLoki(false, 'loki-proto-hello')).toEqual([]);
    const [e] = await search(srv, 'loki-proto-hello');
    expect(e).toMatchObject({ severity: 'error', host: 'loki-host' });
    expect(e!.raw.labels).toMatchObject({ app: 'shop', level: 'error' });
  });

  it('structured metadata, nanosecond timestamps and several streams in one JSON push', async () => {
    const body = {
      streams: [
        { stream: { app: 'a', detected_level: 'warn' }, values: [['1700000000123456789', 'loki-multi-1', { trace_id: 't1' }]] },
        { stream: { app: 'b' }, values: [['1700000001000000000', 'loki-multi-2']] },
      ],
    };
    const r = await send(srv, 'POST', '/loki/api/v1/push', { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, JSON.stringify(body));
    expect(r.status).toBe(204);
    const by = Object.fromEntries((await search(srv, 'loki-multi-')).map((e) => [e.message, e]));
    expect(by['loki-multi-1']).toMatchObject({
      severity: 'warn',
      timestamp: '2023-11-14T22:13:20.123Z',
      raw: { metadata: { trace_id: 't1' }, timestamp: '1700000000123456789' },
    });
    expect(by['loki-multi-2']!.raw.labels).toEqual({ app: 'b' });
  });

  it('bad inputs get Loki’s plain-text errors and store nothing', async () => {
    const good = JSON.stringify({ streams: [{ stream: { app: 'x' }, values: [['1700000000000000000', 'loki-bad-0']] }] });
    const json = { 'content-type': 'application/json' };
    const none = await send(srv, 'POST', '/loki/api/v1/push', json, good);
    expect(none.status).toBe(401);
    expect(none.text).toMatch(/Bearer/);
    const wrong = await send(srv, 'POST', '/loki/api/v1/push', { ...json, authorization: 'Bearer wpk_wrong' }, good);
    expect(wrong.status).toBe(401);
    const auth = { authorization: `Bearer ${key}` };
    const malformed = await send(
      srv,
      'POST',
      '/loki/api/v1/push',
      { ...json, ...auth },
      JSON.stringify({
        streams: [
          { stream: { app: 'x' }, values: [['1700000000000000000', 'loki-bad-1']] },
          { stream: { app: 'y' }, values: [[1, 'loki-bad-2']] },
        ],
      }),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.text).toMatch(/streams\[1\]\.values\[0\]/);
    const snappy = await send(srv, 'POST', '/loki/api/v1/push', { 'content-type': 'application/x-protobuf', ...auth }, new Uint8Array([1, 2, 3, 4]));
    expect(snappy.status).toBe(400);
    const ct = await send(srv, 'POST', '/loki/api/v1/push', { 'content-type': 'text/plain', ...auth }, good);
    expect(ct.status).toBe(415);
    const big = await send(srv, 'POST', '/loki/api/v1/push', { ...json, ...auth }, overOneMb(' '));
    expect(big.status).toBe(413);
    expect(await search(srv, 'loki-bad-')).toHaveLength(0);
  });

  it('a hand-built protobuf push (labels string, entries) round-trips', async () => {
    const msg = LokiPushRequest.fromObject({
      streams: [{ labels: '{app="pb", level="debug"}', entries: [{ timestamp: { seconds: 1700000000, nanos: 5_000_000 }, line: 'loki-pb-hand' }] }],
    });
    const body = compress(LokiPushRequest.encode(msg).finish());
    const r = await send(srv, 'POST', '/loki/api/v1/push', { 'content-type': 'application/x-protobuf', authorization: `Bearer ${key}` }, body);
    expect(r.status).toBe(204);
    const [e] = await search(srv, 'loki-pb-hand');
    expect(e).toMatchObject({ severity: 'debug', timestamp: '2023-11-14T22:13:20.005Z' });
  });
});
