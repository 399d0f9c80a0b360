/**
 * Loki push (SPEC §3a): `POST /loki/api/v1/push` as JSON (`{"streams":[{"stream":{…},"values":
 * [[ns, line, {metadata}?]]}]}`, gzip allowed) or protobuf + snappy (`logproto.PushRequest`, labels
 * as a `{k="v"}` string). One event per entry: message = the line, severity from the `level` /
 * `detected_level` label, host from `host`; raw = `{labels, line, timestamp, metadata?}`. Loki
 * answers 204 on success and plain-text errors.
 */
import { uncompress } from 'snappyjs';
import { INGEST_LIMITS } from '../../../shared/limits.ts';
import { REFUSAL_STATUS, keyFromAuthorization, mediaType } from './pipeline.ts';
import type { Outcome, Parsed, Protocol, RefusalReason, WireReply, WireRequest } from './pipeline.ts';
import { LokiPushRequest, protoToObject } from './proto-schemas.ts';
import { isObject, MalformedBody, nanosToMs } from './record.ts';
import type { Envelope, MappedRecord } from './record.ts';

type Labels = Record<string, string>;

/** Parse a Prometheus label set `{a="x", b="y\"z"}` (what Loki's protobuf carries). */
export function parseLabelString(s: string): Labels {
  const entries: [string, string][] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new MalformedBody(`invalid stream labels ${JSON.stringify(s.slice(0, 200))}: ${why} at offset ${i}`);
  };
  const skip = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  skip();
  if (s[i] !== '{') fail('expected "{"');
  i++;
  skip();
  while (s[i] !== '}') {
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(s.slice(i));
    if (!m) fail('expected a label name');
    const name = m![0];
    i += name.length;
    skip();
    if (s[i] !== '=') fail('expected "="');
    i++;
    skip();
    if (s[i] !== '"') fail('expected a quoted value');
    i++;
    let value = '';
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\') {
        const c = s[++i];
        value += c === 'n' ? '\n' : c === 't' ? '\t' : (c ?? '');
      } else value += s[i];
      i++;
    }
    if (i >= s.length) fail('unterminated value');
    i++;
    entries.push([name, value]);
    skip();
    if (s[i] === ',') {
      i++;
      skip();
    } else if (s[i] !== '}') fail('expected "," or "}"');
  }
  return Object.fromEntries(entries);
}

function entryRecord(labels: Labels, ns: string, line: string, metadata: Labels | undefined): MappedRecord {
  const envelope: Envelope = { message: line };
  const ms = nanosToMs(ns);
  if (ms !== undefined) envelope.timestamp = ms;
  const level = labels.level ?? labels.detected_level ?? metadata?.level ?? metadata?.detected_level;
  if (level !== undefined) envelope.severity = level;
  if (labels.host !== undefined) envelope.host = labels.host;
  const raw: Record<string, unknown> = { labels, line, timestamp: ns };
  if (metadata && Object.keys(metadata).length) raw.metadata = metadata;
  return { envelope, raw };
}

function stringMap(v: unknown, what: string): Labels {
  if (!isObject(v)) throw new MalformedBody(`${what} must be an object of strings`);
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') throw new MalformedBody(`${what}.${k} must be a string`);
  return v as Labels;
}

/** The JSON push body. */
export function parseLokiJson(text: string): MappedRecord[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new MalformedBody(`body is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(body) || !Array.isArray(body.streams)) throw new MalformedBody('body must be {"streams": [...]}');
  const out: MappedRecord[] = [];
  body.streams.forEach((stream: unknown, si: number) => {
    if (!isObject(stream)) throw new MalformedBody(`streams[${si}] must be an object`);
    const labels = stringMap(stream.stream ?? {}, `streams[${si}].stream`);
    if (!Array.isArray(stream.values)) throw new MalformedBody(`streams[${si}].values must be an array`);
    stream.values.forEach((v: unknown, vi: number) => {
      const where = `streams[${si}].values[${vi}]`;
      if (!Array.isArray(v) || v.length < 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string') {
        throw new MalformedBody(`${where} must be ["<unix epoch in nanoseconds>", "<log line>"]`);
      }
      if (!/^\d{1,20}$/.test(v[0])) throw new MalformedBody(`${where}: timestamp ${JSON.stringify(v[0])} is not a number of nanoseconds`);
      out.push(entryRecord(labels, v[0], v[1], v[2] === undefined ? undefined : stringMap(v[2], `${where}[2]`)));
    });
  });
  return out;
}

/** The protobuf push body (already snappy-decoded). */
export function parseLokiProto(bytes: Uint8Array): MappedRecord[] {
  let msg: Record<string, unknown>;
  try {
    msg = protoToObject(LokiPushRequest, bytes);
  } catch (err) {
    throw new MalformedBody(`body is not a Loki PushRequest: ${(err as Error).message}`);
  }
  const out: MappedRecord[] = [];
  for (const stream of (msg.streams ?? []) as {
    labels?: string;
    entries?: { timestamp?: { seconds?: string; nanos?: number }; line?: string; structuredMetadata?: { name?: string; value?: string }[] }[];
  }[]) {
    const labels = parseLabelString(stream.labels ?? '{}');
    for (const e of stream.entries ?? []) {
      const ns = (BigInt(e.timestamp?.seconds ?? '0') * 1_000_000_000n + BigInt(e.timestamp?.nanos ?? 0)).toString();
      const meta = e.structuredMetadata?.length ? Object.fromEntries(e.structuredMetadata.map((p) => [p.name ?? '', p.value ?? ''])) : undefined;
      out.push(entryRecord(labels, ns, e.line ?? '', meta));
    }
  }
  return out;
}

/** Loki's answers: 204 with no body, or a plain-text error (Retry-After on 429/503). */
export function lokiRefusal(reason: RefusalReason, message: string, retryAfterSec?: number): WireReply {
  const reply: WireReply = { status: REFUSAL_STATUS[reason], body: `${message}\n`, contentType: 'text/plain; charset=utf-8' };
  if (retryAfterSec !== undefined) reply.headers = { 'retry-after': String(retryAfterSec) };
  return reply;
}

function isProto(req: WireRequest): boolean {
  return mediaType(req) === 'application/x-protobuf';
}

/** `POST /loki/api/v1/push`. Bearer or Basic (key as password). */
export const lokiProtocol: Protocol<Parsed> = {
  key: (req) => keyFromAuthorization(req, ['bearer']),
  keyHint: 'Authorization: Bearer <key> (or Basic with the key as password)',
  checkContentType(req) {
    const ct = mediaType(req);
    return ct === 'application/json' || ct === 'application/x-protobuf'
      ? null
      : `unsupported Content-Type ${JSON.stringify(ct || 'none')}: use application/json or application/x-protobuf (snappy)`;
  },
  unwrap(body, req) {
    if (!isProto(req)) return body;
    try {
      return Buffer.from(uncompress(body, INGEST_LIMITS.maxBodyBytes));
    } catch (err) {
      const tooBig = /too big/.test((err as Error).message);
      throw new MalformedBody(
        tooBig ? `decompressed body exceeds ${INGEST_LIMITS.maxBodyBytes} bytes (1 MB)` : `protobuf body is not valid snappy: ${(err as Error).message}`,
        tooBig ? 'body_too_large' : undefined,
      );
    }
  },
  parse: (body, req) => ({ records: isProto(req) ? parseLokiProto(body) : parseLokiJson(body.toString('utf8')) }),
  partial: false,
  reply(outcome: Outcome<Parsed>) {
    if (outcome.ok) return { status: 204, body: null };
    return lokiRefusal(outcome.reason, outcome.message, outcome.retryAfterSec);
  },
};
