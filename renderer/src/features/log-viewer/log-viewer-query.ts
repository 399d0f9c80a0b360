/**
 * Query-text helpers for the Log Viewer: building "filter on this value" clauses in the SPEC §5
 * syntax, reading the error position the API returns for a query it cannot parse, and the
 * `#/logs?q=…&from=…&to=…` deep link other screens (Alerts) open the viewer with.
 */
import { parseQuery, QuerySyntaxError } from '../../../../shared/query/index.ts';
import { isPresetId, parseUtcInstant } from './log-viewer-time.ts';
import type { TimeRange } from './log-viewer-time.ts';

const ENUM_FIELDS = new Set(['severity', 'category', 'outcome']);

/** Quote a value when it holds anything the grammar treats specially (space, quote, paren, glob, colon). */
export function quoteValue(value: string): string {
  if (value !== '' && /^[^\s"():*<>=\\-][^\s"():*\\]*$/.test(value) && value !== 'OR' && value !== 'NOT') return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Clause that keeps (or with `exclude`, drops) events whose `field` equals `value`. Enums use the
 * plain form (they match exactly anyway); other fields use `:=` so the value is not a substring or glob.
 */
export function filterClause(field: string, value: string, exclude = false): string {
  const op = ENUM_FIELDS.has(field) ? ':' : ':=';
  return `${exclude ? '-' : ''}${field}${op}${quoteValue(value)}`;
}

/** Append a clause to a query (AND). Wraps a query containing a top-level OR so precedence holds. */
export function appendClause(query: string, clause: string): string {
  const q = query.trim();
  if (q === '') return clause;
  if (/\bOR\b/.test(q)) return `(${q}) ${clause}`;
  return `${q} ${clause}`;
}

export interface QueryError {
  message: string;
  /** 0-based character offset into the query text, or null when the API did not name one. */
  position: number | null;
}

/** Read `details.position` from a VALIDATION_ERROR, clamped to the query's length. */
export function queryErrorFrom(message: string, details: unknown, query: string): QueryError {
  let position: number | null = null;
  if (details && typeof details === 'object') {
    const p = (details as Record<string, unknown>).position;
    if (typeof p === 'number' && Number.isFinite(p)) position = Math.max(0, Math.min(Math.trunc(p), query.length));
  }
  return { message, position };
}

/**
 * Check query text with the shared grammar before asking the engine, so a typo is pointed at
 * instantly; the engine checks again and its VALIDATION_ERROR position is shown the same way.
 */
export function checkSyntax(q: string): QueryError | null {
  try {
    parseQuery(q);
    return null;
  } catch (err) {
    if (err instanceof QuerySyntaxError) return queryErrorFrom(err.message, { position: err.position }, q);
    throw err;
  }
}

export interface LogViewerLink {
  q: string;
  range: TimeRange | null;
}

/**
 * Parse the query part of a `#/logs?q=…&from=…&to=…` hash. `from` may be a preset (`15m`, `1h`,
 * `24h`, `7d`) or an instant; an instant `from` without `to` runs until `nowMs`.
 */
export function parseLink(hash: string, nowMs: number = Date.now()): LogViewerLink | null {
  const qIndex = hash.indexOf('?');
  if (qIndex < 0) return null;
  const params = new URLSearchParams(hash.slice(qIndex + 1));
  if (!params.has('q') && !params.has('from') && !params.has('to')) return null;
  const q = params.get('q') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  let range: TimeRange | null = null;
  if (isPresetId(from) && (to === '' || to === 'now')) range = { kind: 'relative', preset: from };
  else {
    const f = parseUtcInstant(from);
    const t = to === '' || to === 'now' ? new Date(nowMs).toISOString() : parseUtcInstant(to);
    if (f && t && Date.parse(f) < Date.parse(t)) range = { kind: 'absolute', from: f, to: t };
  }
  return { q, range };
}

/** The hash query string for a query and range, e.g. `?q=host%3Aweb-01&from=15m`. */
export function linkQuery(q: string, range: TimeRange): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (range.kind === 'relative') params.set('from', range.preset);
  else {
    params.set('from', range.from);
    params.set('to', range.to);
  }
  return `?${params.toString()}`;
}
