/**
 * The same synthetic events (bench/lib/events.ts) encoded as each protocol's request body, so the
 * intake benchmark compares protocols on equal content: 500 events per request (one per request
 * for GELF, whose HTTP form carries a single message).
 */
import { compress } from 'snappyjs';
import { makeEvent, rng } from '../lib/events.ts';
import { LokiPushRequest, OtlpLogsRequest } from '../../main/engine/intake/proto-schemas.ts';

type Ev = Record<string, unknown>;
export interface Body {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  events: number;
}

export function batchesOf(seed: number, n: number, size: number): Ev[][] {
  const r = rng(seed);
  const now = Date.now();
  return Array.from({ length: n }, () => Array.from({ length: size }, () => makeEvent(r, now - Math.floor(r() * 60_000))));
}

function rest(e: Ev, ...drop: string[]): Ev {
  return Object.fromEntries(Object.entries(e).filter(([k]) => !drop.includes(k)));
}

function any(v: unknown): Record<string, unknown> {
  if (typeof v === 'number' && Number.isInteger(v)) return { intValue: v };
  if (typeof v === 'number') return { doubleValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'string') return { stringValue: v };
  return { stringValue: JSON.stringify(v) };
}

function otlpRequest(events: Ev[]): Record<string, unknown> {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
        scopeLogs: [
          {
            scope: { name: 'bench' },
            logRecords: events.map((e) => ({
              timeUnixNano: `${Date.parse(e.timestamp as string)}000000`,
              severityText: String(e.severity).toUpperCase(),
              body: { stringValue: e.message },
              attributes: Object.entries(rest(e, 'timestamp', 'severity', 'message')).map(([key, v]) => ({ key, value: any(v) })),
            })),
          },
        ],
      },
    ],
  };
}

function lokiStreams(events: Ev[]): { labels: Record<string, string>; values: [string, string][] }[] {
  const by = new Map<string, { labels: Record<string, string>; values: [string, string][] }>();
  for (const e of events) {
    const labels = { job: 'bench', host: String(e.host), level: String(e.severity) };
    const k = `${labels.host}|${labels.level}`;
    if (!by.has(k)) by.set(k, { labels, values: [] });
    by.get(k)!.values.push([`${Date.parse(e.timestamp as string)}000000`, JSON.stringify(rest(e, 'timestamp', 'host', 'severity'))]);
  }
  return [...by.values()];
}

const json = { 'content-type': 'application/json' };

/** One request body of `protocol` for `events`, with its path and headers (key added by the caller). */
export function encode(protocol: string, events: Ev[], key: string): Body {
  const lines = (f: (e: Ev) => unknown) => Buffer.from(events.map((e) => JSON.stringify(f(e))).join('\n'));
  const n = events.length;
  switch (protocol) {
    case 'native NDJSON':
      return { path: '/v1/ingest', headers: { 'content-type': 'application/x-ndjson', 'x-df-source-key': key }, body: lines((e) => e), events: n };
    case 'Splunk HEC':
      return {
        path: '/services/collector/event',
        headers: { authorization: `Splunk ${key}` },
        events: n,
        body: Buffer.from(
          events
            .map((e) =>
              JSON.stringify({ time: Date.parse(e.timestamp as string) / 1000, host: e.host, sourcetype: '_json', event: rest(e, 'timestamp', 'host') }),
            )
            .join('\n'),
        ),
      };
    case 'Elasticsearch _bulk':
      return {
        path: '/_bulk',
        headers: { 'content-type': 'application/x-ndjson', authorization: `ApiKey ${key}` },
        events: n,
        body: Buffer.from(
          `${events
            .map(
              (e) =>
                `{"create":{"_index":"bench"}}\n${JSON.stringify({
                  '@timestamp': e.timestamp,
                  message: e.message,
                  log: { level: e.severity },
                  host: { name: e.host },
                  user: { name: e.user },
                  event: { action: e.action, outcome: e.outcome },
                  ...rest(e, 'timestamp', 'message', 'severity', 'host', 'user', 'action', 'outcome'),
                })}`,
            )
            .join('\n')}\n`,
        ),
      };
    case 'OTLP JSON':
      return { path: '/v1/logs', headers: { ...json, authorization: `Bearer ${key}` }, body: Buffer.from(JSON.stringify(otlpRequest(events))), events: n };
    case 'OTLP protobuf':
      return {
        path: '/v1/logs',
        headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${key}` },
        events: n,
        body: Buffer.from(OtlpLogsRequest.encode(OtlpLogsRequest.fromObject(otlpRequest(events))).finish()),
      };
    case 'Loki JSON':
      return {
        path: '/loki/api/v1/push',
        headers: { ...json, authorization: `Bearer ${key}` },
        events: n,
        body: Buffer.from(JSON.stringify({ streams: lokiStreams(events).map((s) => ({ stream: s.labels, values: s.values })) })),
      };
    case 'Loki protobuf': {
      const streams = lokiStreams(events).map((s) => ({
        labels: `{${Object.entries(s.labels)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(', ')}}`,
        entries: s.values.map(([ns, line]) => ({ timestamp: { seconds: Number(ns.slice(0, -9)), nanos: Number(ns.slice(-9)) }, line })),
      }));
      return {
        path: '/loki/api/v1/push',
        headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${key}` },
        events: n,
        body: Buffer.from(compress(LokiPushRequest.encode(LokiPushRequest.fromObject({ streams })).finish())),
      };
    }
    case 'Seq CLEF':
      return {
        path: '/ingest/clef',
        headers: { 'content-type': 'application/vnd.serilog.clef', 'x-seq-apikey': key },
        events: n,
        body: lines((e) => ({ '@t': e.timestamp, '@mt': e.message, '@l': e.severity, ...rest(e, 'timestamp', 'message', 'severity') })),
      };
    case 'GELF HTTP (1 event/request)': {
      const e = events[0]!;
      return {
        path: '/gelf',
        headers: { ...json, 'x-df-source-key': key },
        events: 1,
        body: Buffer.from(
          JSON.stringify({
            version: '1.1',
            host: e.host,
            short_message: e.message,
            timestamp: Date.parse(e.timestamp as string) / 1000,
            level: 6,
            ...Object.fromEntries(Object.entries(rest(e, 'timestamp', 'message', 'host', 'severity')).map(([k, v]) => [`_${k}`, v])),
          }),
        ),
      };
    }
    default:
      throw new Error(`unknown protocol ${protocol}`);
  }
}
