/**
 * The one request flow every compatible protocol goes through (SPEC §3a), so each protocol module
 * only parses, maps and shapes its answers: key (in the protocol's convention) → content type →
 * Content-Encoding (limits apply to the decompressed body) → parse → event count → per-record
 * limits → rate limit (whole request) → durable commit → answer. A refusal at any step stores
 * nothing; a 2xx is built only after the commit.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import { INGEST_LIMITS } from '../../../shared/limits.ts';
import type { SourceInfo } from '../context.ts';
import type { NormalizedEvent } from '../ingest/envelope.ts';
import { tooManyEventsMessage } from '../ingest/batch-advice.ts';
import { MalformedBody, toStoredEvent } from './record.ts';
import type { MappedRecord, RecordError } from './record.ts';

/** A request as the protocol sees it; the HTTP layer fills it from Fastify. */
export interface WireRequest {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
  params: Record<string, string | undefined>;
  body: Buffer;
  ipAddress?: string;
  /** The path without the query string. */
  path: string;
  /** How it arrived, recorded on the source for the source page. */
  transport?: 'http' | 'https';
}

/** What goes back on the wire; a string/Buffer body is sent as is, an object as JSON. */
export interface WireReply {
  status: number;
  body: string | Buffer | object | null;
  contentType?: string;
  headers?: Record<string, string>;
}

export type RefusalReason =
  | 'missing_key'
  | 'invalid_key'
  | 'source_inactive'
  | 'unsupported_media_type'
  | 'unsupported_encoding'
  | 'body_too_large'
  | 'too_many_events'
  | 'malformed'
  | 'empty_body'
  | 'rate_limited'
  | 'store_unavailable'
  | 'internal';

/** The HTTP status of each refusal where a protocol uses plain HTTP semantics (Loki, GELF, Seq; OTLP and Elasticsearch mostly agree). */
export const REFUSAL_STATUS: Record<RefusalReason, number> = {
  missing_key: 401,
  invalid_key: 401,
  source_inactive: 403,
  unsupported_media_type: 415,
  unsupported_encoding: 415,
  body_too_large: 413,
  too_many_events: 413,
  malformed: 400,
  empty_body: 400,
  rate_limited: 429,
  store_unavailable: 503,
  internal: 503,
};

export interface Refusal {
  ok: false;
  reason: RefusalReason;
  message: string;
  retryAfterSec?: number;
  /** The protocol's own code for this malformation, when its mapper named one. */
  detail?: string;
}

/** A committed request: per record index, the stored event id or the record's error. */
export interface Accepted<P> {
  ok: true;
  parsed: P;
  /** ids[i] = stored id of record i, or undefined when record i was refused (see errors). */
  ids: (number | undefined)[];
  errors: RecordError[];
  accepted: number;
}

export type Outcome<P> = Accepted<P> | Refusal;

/** What a protocol parse yields: the records to store (in order) plus whatever its answer needs. */
export interface Parsed {
  records: MappedRecord[];
  /** Records the parser already refused on their own (index = position among records + refused). */
  refused?: RecordError[];
}

export interface Protocol<P extends Parsed> {
  /** The `wpk_` key as this protocol carries it, or undefined when the request has none. */
  key(req: WireRequest): string | undefined;
  /** Where this protocol expects the key, for the missing-key message (`Authorization: Splunk <key>`). */
  keyHint: string;
  /** null when the content type is acceptable, else the message of a 415-kind refusal. */
  checkContentType(req: WireRequest): string | null;
  /** Undo a body encoding the protocol implies (Loki's snappy); Content-Encoding is handled here. */
  unwrap?(body: Buffer, req: WireRequest): Buffer;
  /** Parse and map; throws MalformedBody when the body as a whole is not valid. */
  parse(body: Buffer, req: WireRequest): P;
  /** true: a record refused on its own is reported per item and the rest stored (ES, OTLP); false: the whole request is refused. */
  partial: boolean;
  /** Shape the protocol's answer. */
  reply(outcome: Outcome<P>, req: WireRequest): WireReply;
}

/** Auth, rate limit and commit, as the ingest service provides them. */
export interface IntakeGate {
  authenticate(key: string | undefined, ipAddress: string | undefined): SourceInfo | Refusal;
  /** Rate limit `total` events (rejected ones included), then commit `events`; ids once durable. */
  store(
    source: SourceInfo,
    events: NormalizedEvent[],
    req: { total: number; rejected: number; ipAddress: string | undefined; now: number },
  ): Promise<number[] | Refusal>;
  countRejected(source: SourceInfo, rejected: number): void;
  now(): number;
}

function refusal(reason: RefusalReason, message: string, detail?: string): Refusal {
  return detail === undefined ? { ok: false, reason, message } : { ok: false, reason, message, detail };
}

/** A header's single value (the first when repeated). */
export function header(req: WireRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The media type of Content-Type, lower case, without parameters ('' when absent). */
export function mediaType(req: WireRequest): string {
  return (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * The key from an Authorization header: `<scheme> <key>` for the given schemes, or Basic with the
 * key as the password (any user). Other headers/schemes → undefined.
 */
export function keyFromAuthorization(req: WireRequest, schemes: string[]): string | undefined {
  const auth = header(req, 'authorization')?.trim();
  if (!auth) return undefined;
  const sp = auth.indexOf(' ');
  if (sp < 0) return undefined;
  const scheme = auth.slice(0, sp).toLowerCase();
  const value = auth.slice(sp + 1).trim();
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return schemes.includes(scheme) ? value : undefined;
}

/** Undo Content-Encoding (gzip, deflate) with the body limit applied to the output. */
export function decodeContent(body: Buffer, encoding: string | undefined): Buffer | Refusal {
  const enc = (encoding ?? 'identity').trim().toLowerCase();
  if (enc === 'identity' || enc === '') return body;
  if (enc !== 'gzip' && enc !== 'x-gzip' && enc !== 'deflate') {
    return refusal('unsupported_encoding', `Content-Encoding ${JSON.stringify(encoding)} is not supported; use gzip, deflate or none`);
  }
  try {
    const opts = { maxOutputLength: INGEST_LIMITS.maxBodyBytes };
    return enc === 'deflate' ? inflateSync(body, opts) : gunzipSync(body, opts);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /larger than|too large/i.test((err as Error).message)) {
      return refusal('body_too_large', `decompressed body exceeds ${INGEST_LIMITS.maxBodyBytes} bytes (1 MB)`);
    }
    return refusal('malformed', `body is not valid ${enc}: ${(err as Error).message}`);
  }
}

/** Run one request of `protocol` to its answer. Never throws for bad input; store failures become refusals. */
export async function runIntake<P extends Parsed>(gate: IntakeGate, protocol: Protocol<P>, req: WireRequest): Promise<WireReply> {
  return protocol.reply(await intake(gate, protocol, req), req);
}

async function intake<P extends Parsed>(gate: IntakeGate, protocol: Protocol<P>, req: WireRequest): Promise<Outcome<P>> {
  const source = gate.authenticate(protocol.key(req), req.ipAddress);
  if ('ok' in source) return source.reason === 'missing_key' ? refusal('missing_key', `no ingest key: send the source's key as ${protocol.keyHint}`) : source;
  const ctError = protocol.checkContentType(req);
  if (ctError !== null) return refusal('unsupported_media_type', ctError);
  const decoded = decodeContent(req.body, header(req, 'content-encoding'));
  if (!Buffer.isBuffer(decoded)) return decoded;
  if (decoded.length > INGEST_LIMITS.maxBodyBytes) {
    return refusal('body_too_large', `body is ${decoded.length} bytes; the limit is ${INGEST_LIMITS.maxBodyBytes} bytes (1 MB)`);
  }
  let parsed: P;
  try {
    parsed = protocol.parse(protocol.unwrap ? protocol.unwrap(decoded, req) : decoded, req);
  } catch (err) {
    if (err instanceof MalformedBody) return refusal(err.detail === 'body_too_large' ? 'body_too_large' : 'malformed', err.message, err.detail);
    throw err;
  }
  const refused = parsed.refused ?? [];
  const total = parsed.records.length + refused.length;
  if (total === 0) return refusal('empty_body', 'the body holds no events');
  if (total > INGEST_LIMITS.maxEventsPerRequest) {
    return refusal('too_many_events', tooManyEventsMessage(total));
  }
  const now = gate.now();
  const events: NormalizedEvent[] = [];
  const errors: RecordError[] = [...refused];
  const slots: number[] = [];
  const taken = new Set(refused.map((e) => e.index));
  let at = 0;
  for (const rec of parsed.records) {
    while (taken.has(at)) at++;
    const ev = toStoredEvent(rec, now);
    if (typeof ev === 'string') errors.push({ index: at, message: ev });
    else {
      events.push(ev);
      slots.push(at);
    }
    at++;
  }
  errors.sort((a, b) => a.index - b.index);
  if (errors.length && (!protocol.partial || events.length === 0)) {
    gate.countRejected(source, total);
    const first = errors[0]!;
    return refusal('malformed', `event ${first.index + 1}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}; nothing was stored`);
  }
  const stored = await gate.store(source, events, { total, rejected: errors.length, ipAddress: req.ipAddress, now });
  if (!Array.isArray(stored)) return stored;
  if (req.transport) source.lastTransport = req.transport;
  const ids: (number | undefined)[] = new Array(total).fill(undefined);
  for (let i = 0; i < slots.length; i++) ids[slots[i]!] = stored[i];
  return { ok: true, parsed, ids, errors, accepted: events.length };
}
