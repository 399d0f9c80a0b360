import { describe, expect, it } from 'vitest';
import { Logger as SeqLogger } from 'seq-logging';
import type { TestServer } from '../../helpers/http.ts';
import type { LogSource } from '../../../shared/types.ts';
import { baseUrl, overOneMb, search, send, useIntakeServer } from './intake-helpers.ts';

let srv: TestServer;
let key: string;

useIntakeServer((s, k) => {
  srv = s;
  key = k;
});

describe('Seq', () => {
  it('seq-logging (Seq JSON events) is stored with the rendered template, level and properties', async () => {
    const errors: unknown[] = [];
    const logger = new SeqLogger({ serverUrl: baseUrl(srv), apiKey: key, onError: (e: Error) => errors.push(e) });
    logger.emit({
      timestamp: new Date('2024-06-01T12:00:00.000Z'),
      level: 'Warning',
      messageTemplate: 'User {UserName} failed login from {Ip}',
      properties: { UserName: 'erin', Ip: '10.0.0.9' },
    });
    logger.emit({
      timestamp: new Date(),
      level: 'Fatal',
      messageTemplate: 'seq-client-fatal {Code}',
      properties: { Code: 7 },
      exception: 'Error: boom\n  at x',
    });
    await logger.flush();
    await logger.close();
    expect(errors).toEqual([]);
    const [w] = await search(srv, '"failed login from 10.0.0.9"');
    expect(w).toMatchObject({ message: 'User erin failed login from 10.0.0.9', severity: 'warn', user: 'erin', timestamp: '2024-06-01T12:00:00.000Z' });
    expect(w!.raw).toMatchObject({ MessageTemplate: 'User {UserName} failed login from {Ip}', Properties: { Ip: '10.0.0.9' } });
    const [f] = await search(srv, 'seq-client-fatal');
    expect(f).toMatchObject({ message: 'seq-client-fatal 7', severity: 'critical' });
    expect(f!.raw.Exception).toContain('boom');
    expect((await srv.api<LogSource>('GET', `/v1/config/log-sources/${f!.sourceId}`)).json.data.lastTransport).toBe('http');
  });

  it('CLEF on /api/events/raw?clef and /ingest/clef: @t @mt @l @x @i mapped, @m wins over @mt', async () => {
    const clef = [
      { '@t': '2024-06-01T12:00:01.000Z', '@mt': 'clef-a {Item}', '@l': 'Error', '@x': 'trace', '@i': 'a1b2', Item: 'disk' },
      { '@t': '2024-06-01T12:00:02.000Z', '@m': 'clef-b rendered', '@mt': 'ignored {X}', X: 1 },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const r1 = await send(srv, 'POST', '/api/events/raw?clef', { 'x-seq-apikey': key, 'content-type': 'application/vnd.serilog.clef' }, clef);
    expect([r1.status, r1.json<object>()]).toEqual([201, {}]);
    const r2 = await send(
      srv,
      'POST',
      `/ingest/clef?apiKey=${encodeURIComponent(key)}`,
      { 'content-type': 'application/vnd.serilog.clef' },
      JSON.stringify({ '@mt': 'clef-c', '@l': 'Verbose' }),
    );
    expect(r2.status).toBe(201);
    const by = Object.fromEntries((await search(srv, 'clef-')).map((e) => [e.message, e]));
    expect(by['clef-a disk']).toMatchObject({ severity: 'error', raw: { '@x': 'trace', '@i': 'a1b2' } });
    expect(by['clef-b rendered']).toMatchObject({ severity: 'info', timestamp: '2024-06-01T12:00:02.000Z' });
    expect(by['clef-c']!.severity).toBe('debug');
  });

  it('bad inputs get Seq’s status codes and store nothing (not even the valid lines before a bad one)', async () => {
    const clef = { 'content-type': 'application/vnd.serilog.clef' };
    expect((await send(srv, 'POST', '/ingest/clef', clef, '{"@mt":"seq-bad-0"}')).status).toBe(401);
    expect((await send(srv, 'POST', '/ingest/clef', { ...clef, 'x-seq-apikey': 'wpk_wrong' }, '{"@mt":"seq-bad-1"}')).status).toBe(401);
    const malformed = await send(srv, 'POST', '/ingest/clef', { ...clef, 'x-seq-apikey': key }, '{"@mt":"seq-bad-2"}\n{"@mt": nope}\n');
    expect([malformed.status, malformed.json<{ Error: string }>().Error]).toEqual([400, expect.stringContaining('line 2')]);
    expect((await send(srv, 'POST', '/api/events/raw', { 'x-seq-apikey': key, 'content-type': 'text/plain' }, '{"Events":[]}')).status).toBe(415);
    expect((await send(srv, 'POST', '/ingest/clef', { ...clef, 'x-seq-apikey': key }, overOneMb('{"@mt":"seq-bad-3"}\n'))).status).toBe(413);
    expect(await search(srv, 'seq-bad-')).toHaveLength(0);
  });
});
