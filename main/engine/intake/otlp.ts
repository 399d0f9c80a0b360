/**
 * OTLP/HTTP logs (SPEC §3a): `POST /v1/logs` as JSON or protobuf (`ExportLogsServiceRequest`),
 * gzip allowed. One event per LogRecord: body → message, severityNumber/severityText → severity,
 * resource `host.name` → host; raw keeps the record with its attributes, resource, scope and hex
 * trace/span ids. Answers in the request's content type; a record refused on its own is reported as
 * OTLP partial success.
 */
import { keyFromAuthorization, header, mediaType } from './pipeline.ts';
import type { Outcome, Parsed, Protocol, RefusalReason, WireReply, WireRequest } from './pipeline.ts';
import { anyValue, attributes } from './any-value.ts';
import { OtlpLogsRequest, OtlpLogsResponse, OtlpStatus, protoToObject } from './proto-schemas.ts';
import { isObject, MalformedBody, nanosToMs } from './record.ts';
import type { Envelope, MappedRecord } from './record.ts';

type Obj = Record<string, unknown>;

/** OTLP SeverityNumber (1–24) → envelope severity: TRACE/DEBUG → debug, INFO, WARN, ERROR, FATAL → critical. */
export function otlpSeverity(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 1 || n > 24) return undefined;
  return ['debug', 'debug', 'info', 'warn', 'error', 'critical'][Math.floor((n - 1) / 4)];
}

function hexId(v: unknown): string | undefined {
  if (Buffer.isBuffer(v)) return v.length ? v.toString('hex') : undefined;
  if (typeof v === 'string' && v !== '') return v.toLowerCase();
  return undefined;
}

function list(v: unknown, where: string): Obj[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new MalformedBody(`${where} must be an array`);
  return v as Obj[];
}

/** True when the object has at least one own key (without building the key list). */
function hasKeys(o: Obj): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/** Map the decoded request (JSON or protobuf, same camelCase shape) to one record per LogRecord. */
export function mapOtlpRequest(req: Obj): MappedRecord[] {
  const out: MappedRecord[] = [];
  const rls = list(req.resourceLogs, 'resourceLogs');
  for (let ri = 0; ri < rls.length; ri++) {
    const rl = rls[ri];
    if (!isObject(rl)) throw new MalformedBody(`resourceLogs[${ri}] must be an object`);
    const resource = attributes(isObject(rl.resource) ? rl.resource.attributes : undefined);
    const resHost = isObject(resource.host) ? resource.host.name : resource['host.name'];
    const sls = list(rl.scopeLogs, `resourceLogs[${ri}].scopeLogs`);
    for (let si = 0; si < sls.length; si++) {
      const sl = sls[si];
      if (!isObject(sl)) throw new MalformedBody(`resourceLogs[${ri}].scopeLogs[${si}] must be an object`);
      const scope: Obj = {};
      if (isObject(sl.scope)) {
        if (sl.scope.name) scope.name = sl.scope.name;
        if (sl.scope.version) scope.version = sl.scope.version;
        const sa = attributes(sl.scope.attributes);
        if (hasKeys(sa)) scope.attributes = sa;
      }
      const ctx = {
        resource: hasKeys(resource) ? resource : undefined,
        scope: hasKeys(scope) ? scope : undefined,
        host: typeof resHost === 'string' ? resHost : undefined,
      };
      const lrs = list(sl.logRecords, `resourceLogs[${ri}].scopeLogs[${si}].logRecords`);
      for (let li = 0; li < lrs.length; li++) {
        const lr = lrs[li];
        if (!isObject(lr)) throw new MalformedBody(`resourceLogs[${ri}].scopeLogs[${si}].logRecords[${li}] must be an object`);
        out.push(mapLogRecord(lr, ctx));
      }
    }
  }
  return out;
}

const NUMERIC = new Set(['severityNumber', 'flags', 'droppedAttributesCount']);
const COPIED = ['timeUnixNano', 'observedTimeUnixNano', 'severityText', 'severityNumber', 'eventName', 'flags', 'droppedAttributesCount'] as const;

function mapLogRecord(lr: Obj, ctx: { resource: Obj | undefined; scope: Obj | undefined; host: string | undefined }): MappedRecord {
  const body = lr.body === undefined ? undefined : anyValue(lr.body);
  const raw: Obj = {};
  if (body !== undefined) raw.body = body;
  const attrs = attributes(lr.attributes);
  if (hasKeys(attrs)) raw.attributes = attrs;
  for (const k of COPIED) {
    const v = lr[k];
    if (v !== undefined && v !== '' && v !== 0) raw[k] = NUMERIC.has(k) ? Number(v) : v;
  }
  const traceId = hexId(lr.traceId);
  if (traceId) raw.traceId = traceId;
  const spanId = hexId(lr.spanId);
  if (spanId) raw.spanId = spanId;
  if (ctx.resource) raw.resource = ctx.resource;
  if (ctx.scope) raw.scope = ctx.scope;
  const envelope: Envelope = {};
  if (body !== undefined && body !== null) envelope.message = typeof body === 'string' ? body : JSON.stringify(body);
  const ms = nanosToMs(lr.timeUnixNano) ?? nanosToMs(lr.observedTimeUnixNano);
  if (ms !== undefined) envelope.timestamp = ms;
  const sev = otlpSeverity(Number(lr.severityNumber ?? 0)) ?? lr.severityText;
  if (sev !== undefined) envelope.severity = sev;
  if (ctx.host !== undefined) envelope.host = ctx.host;
  return { envelope, raw };
}

function isProto(req: WireRequest): boolean {
  return mediaType(req) === 'application/x-protobuf';
}

/** The request body → records, by content type. */
export function parseOtlp(body: Buffer, proto: boolean): MappedRecord[] {
  let obj: unknown;
  try {
    obj = proto ? protoToObject(OtlpLogsRequest, body) : JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new MalformedBody(`body is not a valid OTLP ExportLogsServiceRequest (${proto ? 'protobuf' : 'JSON'}): ${(err as Error).message}`);
  }
  if (!isObject(obj)) throw new MalformedBody('body must be an ExportLogsServiceRequest object');
  return mapOtlpRequest(obj);
}

const REFUSALS: Record<RefusalReason, [number, number]> = {
  missing_key: [401, 16],
  invalid_key: [401, 16],
  source_inactive: [403, 7],
  unsupported_media_type: [415, 3],
  unsupported_encoding: [415, 3],
  body_too_large: [413, 3],
  too_many_events: [413, 3],
  malformed: [400, 3],
  empty_body: [400, 3],
  rate_limited: [429, 8],
  store_unavailable: [503, 14],
  internal: [503, 14],
};

function encode(req: WireRequest, status: number, type: typeof OtlpStatus, obj: Obj, headers?: Record<string, string>): WireReply {
  const reply: WireReply = isProto(req)
    ? { status, body: Buffer.from(type.encode(type.fromObject(obj)).finish()), contentType: 'application/x-protobuf' }
    : { status, body: obj, contentType: 'application/json' };
  if (headers) reply.headers = headers;
  return reply;
}

/** A refusal as OTLP's `Status {code, message}` in the request's content type (JSON for 415). */
export function otlpRefusal(req: WireRequest, reason: RefusalReason, message: string, retryAfterSec?: number): WireReply {
  const [status, code] = REFUSALS[reason];
  const r = reason === 'unsupported_media_type' ? { ...req, headers: { ...req.headers, 'content-type': 'application/json' } } : req;
  return encode(r, status, OtlpStatus, { code, message }, retryAfterSec === undefined ? undefined : { 'retry-after': String(retryAfterSec) });
}

function otlpReply(outcome: Outcome<Parsed>, req: WireRequest): WireReply {
  if (!outcome.ok) return otlpRefusal(req, outcome.reason, outcome.message, outcome.retryAfterSec);
  const partial: Obj = {};
  if (outcome.errors.length) {
    const first = outcome.errors[0]!;
    partial.partialSuccess = { rejectedLogRecords: outcome.errors.length, errorMessage: `log record ${first.index + 1}: ${first.message}` };
  }
  return encode(req, 200, OtlpLogsResponse, partial);
}

/** `POST /v1/logs`: `Authorization: Bearer <key>` or `X-DF-Source-Key`. */
export const otlpProtocol: Protocol<Parsed> = {
  key: (req) => keyFromAuthorization(req, ['bearer']) ?? header(req, 'x-df-source-key'),
  keyHint: 'Authorization: Bearer <key> or X-DF-Source-Key: <key>',
  checkContentType(req) {
    const ct = mediaType(req);
    return ct === 'application/json' || ct === 'application/x-protobuf'
      ? null
      : `unsupported Content-Type ${JSON.stringify(ct || 'none')}: OTLP/HTTP uses application/json or application/x-protobuf`;
  },
  parse: (body, req) => ({ records: parseOtlp(body, isProto(req)) }),
  partial: true,
  reply: otlpReply,
};
