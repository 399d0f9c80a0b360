/**
 * Input checks specific to saved searches and dashboards, on top of the engine's one kit
 * (validate.ts): every refusal names the full path of the bad value (`panels[2].query`).
 */
import { validationError, WatchpostError } from '../../../shared/errors.ts';
import { parseQuery, parseTimeRange, QuerySyntaxError } from '../../../shared/query/index.ts';
import type { TimeRange } from '../../../shared/query/index.ts';
import { DASHBOARD_LIMITS, TABLE_COLUMNS } from '../../../shared/dashboards.ts';
import { parseTopField } from '../search/top.ts';
import { fail, text } from '../validate.ts';

/** A SPEC §5 query that parses; '' (everything) when absent. */
export function queryText(field: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  const q = text(field, v, { max: DASHBOARD_LIMITS.queryChars });
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof QuerySyntaxError)
      throw validationError(`${field} has a syntax error at position ${err.position}: ${err.message}`, { field, position: err.position });
    throw err;
  }
  return q;
}

/** A time bound as the events API takes it (`24h`, `now`, ISO 8601), checked against `now`. */
export function rangeBounds(fromField: string, toField: string, from: string, to: string, nowMs: number): TimeRange {
  try {
    return parseTimeRange(from, to, nowMs);
  } catch (err) {
    if (!(err instanceof WatchpostError)) throw err;
    const param = (err.details as { param?: string } | undefined)?.param === 'to' ? 'to' : 'from';
    const field = param === 'to' ? toField : fromField;
    throw validationError(`${field}: ${err.message}`, { field });
  }
}

/** A field a panel counts by: an envelope field or `raw.<path>` (what events.top accepts). */
export function panelField(field: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') fail(field, 'is required (an envelope field or raw.<path>)');
  try {
    parseTopField(v);
  } catch (err) {
    if (err instanceof WatchpostError) throw validationError(`${field}: ${err.message}`, { field });
    throw err;
  }
  return v.toLowerCase().startsWith('raw.') ? `raw.${v.slice(4)}` : v.toLowerCase();
}

const RAW_PATH = /^raw\.[^.\s"():]+(\.[^.\s"():]+)*$/;

/** Columns: `raw.` paths, plus the standard columns when `standard` is set; duplicates refused. */
export function columnList(field: string, v: unknown, opts: { standard: boolean }): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(field, 'must be a list of column names');
  if (v.length > DASHBOARD_LIMITS.maxColumns) fail(field, `may hold at most ${DASHBOARD_LIMITS.maxColumns} columns`);
  const out: string[] = [];
  for (const [i, c] of v.entries()) {
    const ok = typeof c === 'string' && (RAW_PATH.test(c) || (opts.standard && (TABLE_COLUMNS as readonly string[]).includes(c)));
    if (!ok)
      fail(`${field}[${i}]`, opts.standard ? `must be one of ${TABLE_COLUMNS.join(', ')} or raw.<path>` : 'must be a raw.<path> (e.g. raw.request.path)');
    if (out.includes(c)) fail(`${field}[${i}]`, `repeats column ${c}`);
    out.push(c);
  }
  return out;
}

/** A lower-cased name for uniqueness checks ("Prod" and "prod" are the same name). */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
