/**
 * Seq (SPEC §3a): CLEF on `POST /api/events/raw?clef` and `/ingest/clef` (one JSON object per line:
 * `@t @m @mt @l @x @i` plus properties), and Seq's JSON `{"Events":[{Timestamp, Level,
 * MessageTemplate, Properties, Exception}]}` on `/api/events/raw` (what seq-logging sends). Key in
 * `X-Seq-ApiKey` or `?apiKey=`. Success 201 `{}` as Seq answers; errors `{"Error": "…"}`.
 */
import { REFUSAL_STATUS, header, mediaType } from './pipeline.ts';
import type { Outcome, Parsed, Protocol, RefusalReason, WireReply, WireRequest } from './pipeline.ts';
import { renderTemplate } from './message-template.ts';
import { isObject, MalformedBody } from './record.ts';
import type { Envelope, MappedRecord } from './record.ts';

type Obj = Record<string, unknown>;

/** Seq level names → envelope (Verbose/Debug → debug, Information → info, Warning → warn, Fatal → critical). */
const LEVELS: Record<string, string> = { verbose: 'debug', debug: 'debug', information: 'info', warning: 'warn', error: 'error', fatal: 'critical' };

function seqLevel(v: unknown): unknown {
  return typeof v === 'string' ? (LEVELS[v.toLowerCase()] ?? v) : v;
}

function envelopeOf(ts: unknown, level: unknown, message: string | undefined, props: Obj): Envelope {
  const env: Envelope = {};
  if (typeof ts === 'string') env.timestamp = ts;
  env.severity = level === undefined ? 'info' : seqLevel(level);
  if (message !== undefined) env.message = message;
  for (const [f, keys] of [
    ['host', ['MachineName', 'Host', 'host']],
    ['user', ['UserName', 'User', 'user']],
    ['action', ['EventType', 'Action', 'action']],
  ] as const) {
    for (const k of keys) {
      if (typeof props[k] === 'string') {
        env[f] = props[k];
        break;
      }
    }
  }
  return env;
}

/** One CLEF object → record (raw = the object as sent). */
export function mapClef(obj: Obj): MappedRecord {
  const mt = typeof obj['@mt'] === 'string' ? obj['@mt'] : undefined;
  const message = typeof obj['@m'] === 'string' ? obj['@m'] : mt === undefined ? undefined : renderTemplate(mt, obj);
  return { envelope: envelopeOf(obj['@t'], obj['@l'], message, obj), raw: obj };
}

/** CLEF body: NDJSON; every line must be a JSON object (Seq refuses the batch otherwise). */
export function parseClef(text: string): MappedRecord[] {
  const out: MappedRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw new MalformedBody(`line ${i + 1}: invalid JSON: ${(err as Error).message}`);
    }
    if (!isObject(v)) throw new MalformedBody(`line ${i + 1}: a CLEF event must be a JSON object`);
    const rec = mapClef(v);
    rec.rawText = line;
    out.push(rec);
  }
  return out;
}

/** Seq's JSON format: `{"Events": [...]}`. */
export function parseSeqJson(text: string): MappedRecord[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new MalformedBody(`body is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(body) || !Array.isArray(body.Events)) throw new MalformedBody('body must be {"Events": [...]} (or send CLEF with ?clef)');
  return body.Events.map((e: unknown, i: number) => {
    if (!isObject(e)) throw new MalformedBody(`Events[${i}] must be an object`);
    const props = isObject(e.Properties) ? e.Properties : {};
    const mt = typeof e.MessageTemplate === 'string' ? e.MessageTemplate : undefined;
    const message = typeof e.RenderedMessage === 'string' ? e.RenderedMessage : mt === undefined ? undefined : renderTemplate(mt, props);
    return { envelope: envelopeOf(e.Timestamp, e.Level, message, props), raw: e };
  });
}

/** Seq's error answer: `{"Error": "…"}` with its status (Retry-After on 429/503). */
export function seqRefusal(reason: RefusalReason, message: string, retryAfterSec?: number): WireReply {
  const reply: WireReply = { status: REFUSAL_STATUS[reason], body: { Error: message } };
  if (retryAfterSec !== undefined) reply.headers = { 'retry-after': String(retryAfterSec) };
  return reply;
}

function seqReply(outcome: Outcome<Parsed>): WireReply {
  if (outcome.ok) return { status: 201, body: {} };
  return seqRefusal(outcome.reason, outcome.message, outcome.retryAfterSec);
}

const CLEF_TYPE = 'application/vnd.serilog.clef';

function isClef(req: WireRequest): boolean {
  return req.path.endsWith('/clef') || Object.hasOwn(req.query, 'clef') || mediaType(req) === CLEF_TYPE;
}

/** `/api/events/raw` (JSON or, with `?clef` or the CLEF content type, CLEF) and `/ingest/clef`. */
export const seqProtocol: Protocol<Parsed> = {
  key: (req) => header(req, 'x-seq-apikey') ?? req.query.apiKey,
  keyHint: 'X-Seq-ApiKey: <key> (or ?apiKey=)',
  checkContentType(req) {
    const ct = mediaType(req);
    if (isClef(req))
      return ct === CLEF_TYPE || ct === 'application/json' || ct === 'text/plain' || ct === ''
        ? null
        : `unsupported Content-Type ${JSON.stringify(ct)}: CLEF is ${CLEF_TYPE}`;
    return ct === 'application/json'
      ? null
      : `unsupported Content-Type ${JSON.stringify(ct || 'none')}: send application/json ({"Events": [...]}) or ${CLEF_TYPE}`;
  },
  parse: (body, req) => ({ records: isClef(req) ? parseClef(body.toString('utf8')) : parseSeqJson(body.toString('utf8')) }),
  partial: false,
  reply: seqReply,
};
