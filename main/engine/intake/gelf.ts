/**
 * GELF (SPEC §3a): one JSON message per HTTP request (`POST /gelf`), UDP datagram (plain, zlib,
 * gzip or chunked — see gelf-frames.ts) or null-terminated TCP frame. `short_message` → message,
 * `host`, `timestamp` (epoch seconds), syslog `level` 0–7; raw is the whole message (`full_message`
 * and `_`-prefixed additional fields included). Graylog answers 202 with no body.
 */
import { REFUSAL_STATUS, header, mediaType } from './pipeline.ts';
import type { Outcome, Parsed, Protocol, RefusalReason, WireReply } from './pipeline.ts';
import { isObject, MalformedBody, secondsToMs } from './record.ts';
import type { Envelope, MappedRecord } from './record.ts';
import { SYSLOG_CODE_SEVERITY } from '../../../shared/severity-names.ts';

/** One parsed GELF object → envelope + raw. */
export function mapGelf(msg: Record<string, unknown>): MappedRecord {
  const short = msg.short_message ?? msg.message;
  if (typeof short !== 'string' || short === '') throw new MalformedBody('GELF message needs a non-empty "short_message"');
  const envelope: Envelope = { message: short };
  if (typeof msg.host === 'string' && msg.host !== '') envelope.host = msg.host;
  const ms = secondsToMs(msg.timestamp);
  if (ms !== undefined) envelope.timestamp = ms;
  const level = typeof msg.level === 'string' && /^\d$/.test(msg.level) ? Number(msg.level) : msg.level;
  if (typeof level === 'number' && Number.isInteger(level) && level >= 0 && level <= 7)
    envelope.severity = SYSLOG_CODE_SEVERITY[level]; // 0–2 critical, 3 error, 4 warn, 5 notice, 6 info, 7 debug
  else if (typeof level === 'string') envelope.severity = level;
  for (const [f, keys] of [
    ['user', ['_user', '_username', '_user_name']],
    ['action', ['_action', '_event_action']],
  ] as const) {
    for (const k of keys) {
      if (typeof msg[k] === 'string') {
        envelope[f] = msg[k];
        break;
      }
    }
  }
  return { envelope, raw: msg };
}

/** One GELF JSON text → record (MalformedBody when it is not a GELF object). */
export function parseGelfText(text: string): MappedRecord {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new MalformedBody(`GELF message is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(v)) throw new MalformedBody('GELF message must be a JSON object');
  const rec = mapGelf(v);
  rec.rawText = text;
  return rec;
}

/** GELF HTTP errors: the status and `{error}` naming what was wrong. */
export function gelfRefusal(reason: RefusalReason, message: string, retryAfterSec?: number): WireReply {
  const reply: WireReply = { status: REFUSAL_STATUS[reason], body: { error: message } };
  if (retryAfterSec !== undefined) reply.headers = { 'retry-after': String(retryAfterSec) };
  return reply;
}

/** `POST /gelf` with `X-DF-Source-Key`: one GELF message (gzip/deflate allowed), answered 202 like Graylog. */
export const gelfHttpProtocol: Protocol<Parsed> = {
  key: (req) => header(req, 'x-df-source-key'),
  keyHint: 'X-DF-Source-Key: <key>',
  checkContentType(req) {
    const ct = mediaType(req);
    return ct === '' || ct === 'application/json' ? null : `unsupported Content-Type ${JSON.stringify(ct)}: GELF over HTTP is application/json`;
  },
  parse: (body) => ({ records: [parseGelfText(body.toString('utf8').trim())] }),
  partial: false,
  reply(outcome: Outcome<Parsed>) {
    if (outcome.ok) return { status: 202, body: null };
    return gelfRefusal(outcome.reason, outcome.message, outcome.retryAfterSec);
  },
};
