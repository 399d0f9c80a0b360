/**
 * Elasticsearch `_bulk` (SPEC §3a) for Beats, Logstash, Fluent Bit, Vector and the official clients:
 * NDJSON action + source lines, per-item results in Elasticsearch's shape, `X-Elastic-Product` on
 * every answer. Only `index` and `create` store; `update`/`delete` items are refused one by one (a
 * SIEM keeps what it received). ECS fields map to the envelope; raw is the `_source` plus `_index`.
 */
import { keyFromAuthorization, mediaType } from './pipeline.ts';
import type { Outcome, Parsed, Protocol, RefusalReason, WireReply, WireRequest } from './pipeline.ts';
import { isObject, MalformedBody, pathValue } from './record.ts';
import type { Envelope, MappedRecord, RecordError } from './record.ts';

export const ELASTIC_HEADERS = { 'x-elastic-product': 'Elasticsearch' } as const;
/** The version Watchpost answers as: 8.x is what Beats, Logstash, Vector and Fluent Bit all accept. */
export const ELASTIC_VERSION = '8.19.0';

interface BulkItem {
  action: string;
  index: string;
  id: string | undefined;
  /** Why this item was refused on its own (Elasticsearch error type + reason). */
  error?: { type: string; reason: string };
}

export interface BulkParsed extends Parsed {
  items: BulkItem[];
}

const ECS_CATEGORY: Record<string, string> = {
  authentication: 'auth',
  iam: 'auth',
  session: 'auth',
  network: 'network',
  web: 'network',
  intrusion_detection: 'network',
  process: 'system',
  host: 'system',
  file: 'system',
  driver: 'system',
  configuration: 'audit',
  database: 'app',
  package: 'system',
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** ECS (nested or dotted) → envelope. */
export function mapEcs(src: Record<string, unknown>): Envelope {
  const env: Envelope = {};
  const ts = pathValue(src, '@timestamp');
  if (ts !== undefined) env.timestamp = typeof ts === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(ts) ? `${ts}Z` : ts;
  const msg = pathValue(src, 'message');
  if (msg !== undefined) env.message = msg;
  const level = pathValue(src, 'log.level') ?? src.level ?? src.severity;
  if (level !== undefined) env.severity = level;
  const host = pathValue(src, 'host.name') ?? pathValue(src, 'host.hostname') ?? str(src.host);
  if (host !== undefined) env.host = host;
  const user = pathValue(src, 'user.name');
  if (user !== undefined) env.user = user;
  const action = pathValue(src, 'event.action');
  if (action !== undefined) env.action = action;
  const outcome = pathValue(src, 'event.outcome');
  if (outcome !== undefined) env.outcome = outcome;
  const cat = pathValue(src, 'event.category');
  const first = Array.isArray(cat) ? cat[0] : cat;
  if (typeof first === 'string' && ECS_CATEGORY[first]) env.category = ECS_CATEGORY[first];
  if (Array.isArray(src.tags)) env.tags = src.tags;
  return env;
}

function parseLine(line: string, what: string, lineNo: number): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    throw new MalformedBody(`line ${lineNo}: the ${what} is not valid JSON: ${(err as Error).message}`, 'x_content_parse_exception');
  }
}

/** Parse a bulk body. `pathIndex` is the `{index}` of `/{index}/_bulk`. */
export function parseBulk(text: string, pathIndex: string | undefined): BulkParsed {
  const lines = text.split('\n');
  const records: MappedRecord[] = [];
  const refused: RecordError[] = [];
  const items: BulkItem[] = [];
  let i = 0;
  const next = (): string | undefined => {
    while (i < lines.length) {
      const l = lines[i++]!;
      const t = l.endsWith('\r') ? l.slice(0, -1) : l;
      if (t.trim() !== '') return t;
    }
    return undefined;
  };
  let lastActionText = '';
  let lastAction: unknown;
  for (let line = next(); line !== undefined; line = next()) {
    const actionLineNo = i;
    // shippers repeat one action line ({"create":{"_index":"x"}}) for every document: parse it once
    const action = line === lastActionText ? lastAction : parseLine(line, 'action line', actionLineNo);
    lastActionText = line;
    lastAction = action;
    const keys = isObject(action) ? Object.keys(action) : [];
    const verb = keys[0];
    if (keys.length !== 1 || !['index', 'create', 'update', 'delete'].includes(verb!) || !isObject((action as Record<string, unknown>)[verb!])) {
      throw new MalformedBody(
        `line ${actionLineNo}: malformed action/metadata line, expected one of [create, delete, index, update]`,
        'illegal_argument_exception',
      );
    }
    const meta = (action as Record<string, Record<string, unknown>>)[verb!]!;
    const index = str(meta._index) ?? pathIndex;
    if (!index) throw new MalformedBody(`line ${actionLineNo}: index is missing (set _index or post to /{index}/_bulk)`, 'action_request_validation_exception');
    const item: BulkItem = { action: verb!, index, id: meta._id === undefined ? undefined : String(meta._id) };
    items.push(item);
    const pos = items.length - 1;
    if (verb === 'delete') {
      item.error = { type: 'action_request_validation_exception', reason: 'Watchpost keeps what it receives: delete is not supported' };
      refused.push({ index: pos, message: item.error.reason });
      continue;
    }
    const srcLine = next();
    if (srcLine === undefined) throw new MalformedBody(`line ${actionLineNo}: the ${verb} action has no source line after it`, 'illegal_argument_exception');
    if (verb === 'update') {
      item.error = { type: 'action_request_validation_exception', reason: 'Watchpost keeps what it receives: update is not supported; use index or create' };
      refused.push({ index: pos, message: item.error.reason });
      continue;
    }
    let src: unknown;
    try {
      src = JSON.parse(srcLine);
    } catch (err) {
      item.error = { type: 'document_parsing_exception', reason: `failed to parse: ${(err as Error).message}` };
      refused.push({ index: pos, message: item.error.reason });
      continue;
    }
    if (!isObject(src)) {
      item.error = { type: 'document_parsing_exception', reason: 'the document is not a JSON object' };
      refused.push({ index: pos, message: item.error.reason });
      continue;
    }
    const envelope = mapEcs(src);
    const hadIndex = Object.hasOwn(src, '_index');
    src._index = index; // raw = the _source plus the index it was sent to (an _index inside the document is overwritten)
    const rec: MappedRecord = { envelope, raw: src };
    const body = srcLine.trim();
    if (!hadIndex && body.endsWith('}'))
      rec.rawText = body === '{}' || /^\{\s*\}$/.test(body) ? `{"_index":${JSON.stringify(index)}}` : `{"_index":${JSON.stringify(index)},${body.slice(1)}`;
    records.push(rec);
  }
  return { records, refused, items };
}

type EsError = { type: string; reason: string };

/** Elasticsearch's error document: `{error: {root_cause, type, reason}, status}`. */
export function elasticError(status: number, err: EsError): WireReply {
  return { status, body: { error: { root_cause: [err], ...err }, status }, headers: { ...ELASTIC_HEADERS } };
}

const REFUSALS: Record<RefusalReason, [number, string]> = {
  missing_key: [401, 'security_exception'],
  invalid_key: [401, 'security_exception'],
  source_inactive: [403, 'security_exception'],
  unsupported_media_type: [406, 'media_type_header_exception'],
  unsupported_encoding: [406, 'media_type_header_exception'],
  body_too_large: [413, 'content_too_long_exception'],
  too_many_events: [413, 'content_too_long_exception'],
  malformed: [400, 'illegal_argument_exception'],
  empty_body: [400, 'action_request_validation_exception'],
  rate_limited: [429, 'es_rejected_execution_exception'],
  store_unavailable: [503, 'unavailable_shards_exception'],
  internal: [503, 'unavailable_shards_exception'],
};

/** The answer to a refusal: Elasticsearch's error document, WWW-Authenticate on 401, Retry-After on 429/503. */
export function elasticRefusal(reason: RefusalReason, message: string, detail?: string, retryAfterSec?: number): WireReply {
  const [status, type] = REFUSALS[reason];
  const reply = elasticError(status, { type: detail ?? type, reason: message });
  if (status === 401) reply.headers = { ...reply.headers, 'www-authenticate': 'ApiKey, Basic realm="watchpost" charset="UTF-8"' };
  if (retryAfterSec !== undefined) reply.headers = { ...reply.headers, 'retry-after': String(retryAfterSec) };
  return reply;
}

function bulkReply(outcome: Outcome<BulkParsed>): WireReply {
  if (!outcome.ok) return elasticRefusal(outcome.reason, outcome.message, outcome.detail, outcome.retryAfterSec);
  const { items } = outcome.parsed;
  const results = items.map((item, i) => {
    const id = outcome.ids[i];
    if (id === undefined) {
      const error = item.error ?? { type: 'document_parsing_exception', reason: outcome.errors.find((e) => e.index === i)?.message ?? 'refused' };
      return { [item.action]: { _index: item.index, _id: item.id ?? null, status: 400, error } };
    }
    return {
      [item.action]: {
        _index: item.index,
        _id: item.id ?? String(id),
        _version: 1,
        result: 'created',
        _shards: { total: 1, successful: 1, failed: 0 },
        _seq_no: id,
        _primary_term: 1,
        status: 201,
      },
    };
  });
  return { status: 200, body: { took: 0, errors: outcome.errors.length > 0, items: results }, headers: { ...ELASTIC_HEADERS } };
}

const BULK_TYPES = new Set(['application/x-ndjson', 'application/json', 'application/vnd.elasticsearch+x-ndjson', 'application/vnd.elasticsearch+json']);

/**
 * `Authorization: ApiKey <key>` — the key itself or Elasticsearch's encoded `base64(id:key)` (what
 * Beats send for `api_key: id:key`) — or Basic with the key as password (any user), or Bearer.
 */
export function elasticKey(req: WireRequest): string | undefined {
  const k = keyFromAuthorization(req, ['apikey', 'bearer']);
  if (k === undefined || k.startsWith('wpk_')) return k;
  const decoded = Buffer.from(k, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && decoded.slice(colon + 1).startsWith('wpk_') ? decoded.slice(colon + 1) : k;
}

/** `POST /_bulk`, `POST /{index}/_bulk`. */
export const elasticBulkProtocol: Protocol<BulkParsed> = {
  key: elasticKey,
  keyHint: 'Authorization: ApiKey <key> (or Basic with the key as password)',
  checkContentType(req) {
    const ct = mediaType(req);
    return BULK_TYPES.has(ct) ? null : `Content-Type header [${ct || 'none'}] is not supported; use application/x-ndjson`;
  },
  parse: (body, req) => parseBulk(body.toString('utf8'), req.params.index),
  partial: true,
  reply: bulkReply,
};
