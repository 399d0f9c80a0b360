/**
 * Every reason the ingest endpoint refuses a whole request (SPEC §3), named once with its HTTP
 * status, and the one builder of the refusal body. The ingest service and the ingest server (body
 * too large, bad request, unknown path, internal failure) answer through it, so a sender always gets
 * the same shape: `{accepted: 0, rejected, errors: [{line: 0, code, message}], error: message}`.
 */
import type { LineError } from './ndjson.ts';

export const INGEST_REFUSALS = {
  missing_key: 401,
  invalid_key: 401,
  source_inactive: 403,
  unsupported_media_type: 415,
  unsupported_encoding: 415,
  bad_gzip: 400,
  body_too_large: 400,
  empty_body: 400,
  too_many_events: 400,
  bad_request: 400,
  not_found: 404,
  rate_limited: 429,
  store_unavailable: 503,
  internal: 503,
} as const;

export type IngestRefusalCode = keyof typeof INGEST_REFUSALS;
export type IngestStatus = 200 | 207 | 400 | 401 | 403 | 404 | 405 | 415 | 429 | 503;

/** A request-level error: line 0 means "the whole request", not one of its lines. */
export interface RequestError {
  line: number;
  code: string;
  message: string;
}

export interface IngestBody {
  accepted: number;
  rejected: number;
  errors: LineError[] | RequestError[];
  error?: string;
}

export interface IngestResult {
  status: IngestStatus;
  body: IngestBody;
  retryAfterSec?: number;
}

export interface RefuseOptions {
  /** Events counted as rejected by this refusal (default 0). */
  rejected?: number;
  /** Sent as the Retry-After header. */
  retryAfterSec?: number;
  /** Overrides the reason's usual status (405 for a wrong method on the ingest path). */
  status?: IngestStatus;
}

/** The refusal answer for `code`: status, body and optional Retry-After. */
export function refuse(code: IngestRefusalCode, message: string, opts: RefuseOptions = {}): IngestResult {
  const r: IngestResult = {
    status: opts.status ?? INGEST_REFUSALS[code],
    body: { accepted: 0, rejected: opts.rejected ?? 0, errors: [{ line: 0, code, message }], error: message },
  };
  if (opts.retryAfterSec !== undefined) r.retryAfterSec = opts.retryAfterSec;
  return r;
}
