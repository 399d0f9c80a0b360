import { describe, expect, it } from 'vitest';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPLogExporter as HttpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { TestServer } from '../../helpers/http.ts';
import { OtlpStatus } from '../../../main/engine/intake/proto-schemas.ts';
import { baseUrl, overOneMb, search, send, useIntakeServer } from './intake-helpers.ts';

let srv: TestServer;
let key: string;

useIntakeServer((s, k) => {
  srv = s;
  key = k;
});

async function emitWith(exporter: LogRecordExporter, body: string): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'host.name': 'otel-host', 'service.name': 'checkout' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  provider.getLogger('payments', '2.1.0').emit({
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body,
    attributes: { 'http.method': 'POST', retries: 3 },
  });
  await provider.forceFlush();
  await provider.shutdown();
}

describe('OTLP/HTTP logs', () => {
  for (const [name, make] of [
    ['JSON', () => new HttpJsonExporter({ url: `${baseUrl(srv)}/v1/logs`, headers: { Authorization: `Bearer ${key}` } })],
    ['JSON gzip', () => new HttpJsonExporter({ url: `${baseUrl(srv)}/v1/logs`, headers: { 'X-DF-Source-Key': key }, compression: 'gzip' as never })],
    ['protobuf', () => new ProtoExporter({ url: `${baseUrl(srv)}/v1/logs`, headers: { Authorization: `Bearer ${key}` } })],
  ] as const) {
    it(`the OpenTelemetry JS SDK exporter (${name}) is stored with body, severity, host, attributes, resource and scope`, async () => {
      const tag = `otlp-${name.replace(' ', '-').toLowerCase()}-hello`;
      await emitWith(make(), tag);
      const [e] = await search(srv, tag);
      expect(e).toMatchObject({ message: tag, severity: 'warn', host: 'otel-host' });
      expect(e!.raw).toMatchObject({
        body: tag,
        severityText: 'WARN',
        severityNumber: 13,
        attributes: { http: { method: 'POST' }, retries: 3 },
        resource: { service: { name: 'checkout' } },
        scope: { name: 'payments', version: '2.1.0' },
      });
      expect(await search(srv, `raw.resource.service.name:=checkout ${tag}`)).toHaveLength(1);
    });
  }

  it('trace/span ids are stored as hex; a record over 100 KB is rejected by partial success, the rest stored', async () => {
    const rec = (body: string, extra: Record<string, unknown> = {}) => ({ timeUnixNano: '1700000000000000000', body: { stringValue: body }, ...extra });
    const req = {
      resourceLogs: [
        {
          scopeLogs: [
            { logRecords: [rec('otlp-partial-ok', { traceId: '5B8EFFF798038103D269B633813FC60C', spanId: 'EEE19B7EC3C1B174' }), rec('x'.repeat(110_000))] },
          ],
        },
      ],
    };
    const r = await send(srv, 'POST', '/v1/logs', { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, JSON.stringify(req));
    expect(r.status).toBe(200);
    expect(r.json<{ partialSuccess?: object }>().partialSuccess).toMatchObject({ rejectedLogRecords: 1, errorMessage: expect.stringContaining('100 KB') });
    const [e] = await search(srv, 'otlp-partial-ok');
    expect(e!.raw).toMatchObject({ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' });
    expect(e!.timestamp).toBe('2023-11-14T22:13:20.000Z');
  });

  it('bad inputs get an OTLP Status in the request’s content type and store nothing', async () => {
    const body = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'otlp-bad' } }] }] }] });
    const json = { 'content-type': 'application/json' };
    const none = await send(srv, 'POST', '/v1/logs', json, body);
    expect([none.status, none.json<{ code: number }>().code]).toEqual([401, 16]);
    const proto = await send(
      srv,
      'POST',
      '/v1/logs',
      { 'content-type': 'application/x-protobuf', authorization: 'Bearer wpk_wrong' },
      new Uint8Array([0x0a, 0x00]),
    );
    expect(proto.status).toBe(401);
    expect(proto.headers.get('content-type')).toMatch(/application\/x-protobuf/);
    expect(OtlpStatus.toObject(OtlpStatus.decode(Buffer.from(proto.text, 'latin1')))).toMatchObject({ code: 16 });
    const malformed = await send(srv, 'POST', '/v1/logs', { ...json, authorization: `Bearer ${key}` }, `${body.slice(0, -3)}`);
    expect([malformed.status, malformed.json<{ code: number }>().code]).toEqual([400, 3]);
    const ct = await send(srv, 'POST', '/v1/logs', { 'content-type': 'text/plain', authorization: `Bearer ${key}` }, body);
    expect(ct.status).toBe(415);
    const big = await send(srv, 'POST', '/v1/logs', { ...json, authorization: `Bearer ${key}` }, overOneMb(' '));
    expect(big.status).toBe(413);
    expect(await search(srv, 'otlp-bad')).toHaveLength(0);
  });
});
