/**
 * Splunk HTTP Event Collector (SPEC §3a): `/services/collector[/event[/1.0]]` takes concatenated
 * JSON events with any content type (splunk-logging sends form-urlencoded), `/services/collector/raw`
 * takes line-broken text. Answers and errors in HEC's `{text, code}` shape, which HEC clients read.
 */
import { splitConcatenatedObjects } from './json-stream.ts';
import { keyFromAuthorization } from './pipeline.ts';
import type { Outcome, Parsed, Protocol, RefusalReason, WireReply, WireRequest } from './pipeline.ts';
import { isObject, MalformedBody, secondsToMs } from './record.ts';
import type { Envelope, MappedRecord } from './record.ts';

export const HEC_HEALTH = { text: 'HEC is healthy', code: 17 } as const;

const REFUSALS: Record<RefusalReason, [number, string, number]> = {
  missing_key: [401, 'Token is required', 2],
  invalid_key: [403, 'Invalid token', 4],
  source_inactive: [403, 'Token disabled', 1],
  unsupported_media_type: [415, 'Unsupported content type', 6],
  unsupported_encoding: [415, 'Unsupported content encoding', 6],
  body_too_large: [413, 'Content too large', 6],
  too_many_events: [413, 'Too many events', 6],
  malformed: [400, 'Invalid data format', 6],
  empty_body: [400, 'No data', 5],
  rate_limited: [503, 'Server is busy', 9],
  store_unavailable: [503, 'Server is busy', 9],
  internal: [503, 'Server is busy', 9],
};

/** HEC's own codes for a missing or blank `event` (what a Splunk indexer answers). */
const DETAIL_CODES: Record<string, [string, number]> = {
  event_required: ['Event field is required', 12],
  event_blank: ['Event field cannot be blank', 13],
};

/** The HEC answer for an outcome: `{"text":"Success","code":0}` or the error with a `reason` naming what was wrong. */
function hecReply(outcome: Outcome<Parsed>): WireReply {
  if (outcome.ok) return { status: 200, body: { text: 'Success', code: 0 } };
  const [status, text, code] = REFUSALS[outcome.reason];
  const named = outcome.detail ? DETAIL_CODES[outcome.detail] : undefined;
  const body: Record<string, unknown> = { text: named ? named[0] : text, code: named ? named[1] : code, reason: outcome.message };
  const invalid = /^event (\d+):/.exec(outcome.message);
  if (invalid) body['invalid-event-number'] = Number(invalid[1]) - 1;
  const reply: WireReply = { status, body };
  if (outcome.retryAfterSec !== undefined) reply.headers = { 'retry-after': String(outcome.retryAfterSec) };
  return reply;
}

/** `Authorization: Splunk <key>` (also Bearer, or Basic with the key as password). */
function hecKey(req: WireRequest): string | undefined {
  return keyFromAuthorization(req, ['splunk', 'bearer']);
}

/** One HEC event object → envelope + raw (the whole event object). */
export function mapHecEvent(obj: Record<string, unknown>, index: number): MappedRecord {
  if (!Object.hasOwn(obj, 'event')) throw new MalformedBody(`event ${index + 1}: the "event" field is required`, 'event_required');
  const event = obj.event;
  if (event === '' || event === null) throw new MalformedBody(`event ${index + 1}: the "event" field cannot be blank`, 'event_blank');
  const envelope: Envelope = {};
  const ms = secondsToMs(obj.time);
  if (ms !== undefined) envelope.timestamp = ms;
  if (typeof obj.host === 'string') envelope.host = obj.host;
  if (typeof event === 'string') envelope.message = event;
  else if (isObject(event)) {
    // splunk-logging wraps the logged value: {message: <string or object>, severity}; an object's own message wins.
    const inner = isObject(event.message) ? event.message : null;
    const m = inner ? (inner.message ?? inner.msg) : (event.message ?? event.msg);
    envelope.message = typeof m === 'string' ? m : JSON.stringify(inner ?? m ?? event);
    const sev = event.severity ?? event.level ?? inner?.severity ?? inner?.level;
    if (sev !== undefined) envelope.severity = sev;
    for (const f of ['user', 'action', 'outcome', 'category', 'host'] as const) {
      const v = typeof event[f] === 'string' ? event[f] : inner?.[f];
      if (typeof v === 'string' && envelope[f] === undefined) envelope[f] = v;
    }
  } else envelope.message = JSON.stringify(event);
  if (envelope.severity === undefined && isObject(obj.fields)) {
    const sev = obj.fields.severity ?? obj.fields.level;
    if (sev !== undefined) envelope.severity = sev;
  }
  return { envelope, raw: obj };
}

/** The event endpoint's body: JSON objects back to back (whitespace between them allowed). */
export function parseHecEvents(text: string): MappedRecord[] {
  const pieces = splitConcatenatedObjects(text);
  const out: MappedRecord[] = new Array(pieces.length);
  for (let i = 0; i < pieces.length; i++) {
    let v: unknown;
    try {
      v = JSON.parse(pieces[i]!);
    } catch (err) {
      throw new MalformedBody(`event ${i + 1}: invalid JSON: ${(err as Error).message}`);
    }
    const rec = mapHecEvent(v as Record<string, unknown>, i);
    rec.rawText = pieces[i]!;
    out[i] = rec;
  }
  return out;
}

/** The raw endpoint's body: one event per non-blank line; `host`, `source`, `sourcetype` from the query. */
export function parseHecRaw(text: string, query: WireRequest['query']): MappedRecord[] {
  const meta: Record<string, string> = {};
  for (const k of ['host', 'source', 'sourcetype', 'index'] as const) {
    const v = query[k];
    if (typeof v === 'string' && v !== '') meta[k] = v;
  }
  const out: MappedRecord[] = [];
  for (const line of text.split('\n')) {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l.trim() === '') continue;
    const envelope: Envelope = { message: l };
    if (meta.host) envelope.host = meta.host;
    out.push({ envelope, raw: { ...meta, event: l } });
  }
  return out;
}

/** `/services/collector`, `/services/collector/event`, `/services/collector/event/1.0`. */
export const hecEventProtocol: Protocol<Parsed> = {
  key: hecKey,
  keyHint: 'Authorization: Splunk <key>',
  checkContentType: () => null,
  parse: (body) => ({ records: parseHecEvents(body.toString('utf8')) }),
  partial: false,
  reply: hecReply,
};

/** `/services/collector/raw`. */
export const hecRawProtocol: Protocol<Parsed> = {
  key: hecKey,
  keyHint: 'Authorization: Splunk <key>',
  checkContentType: () => null,
  parse: (body, req) => ({ records: parseHecRaw(body.toString('utf8'), req.query) }),
  partial: false,
  reply: hecReply,
};

/** HEC answers for a failure outside the pipeline (body over the server's limit). */
export function hecRefusal(reason: RefusalReason, message: string): WireReply {
  return hecReply({ ok: false, reason, message });
}
