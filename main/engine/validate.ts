/**
 * The one input-checking kit of the engine. Every handler checks its input with these, so a bad
 * value is always refused the same way: VALIDATION_ERROR, a message that starts with the field's
 * name, and `{field}` in details (the UI puts the message next to that field). Limits come from
 * shared/limits.ts. Query strings (GET/DELETE) arrive as text: `queryInt` and `queryChoice` are the
 * one place a text value becomes a number or an optional choice.
 */
import { validationError } from '../../shared/errors.ts';
import { LIST_LIMITS } from '../../shared/limits.ts';

export type Input = Record<string, unknown>;

/** Refuse with `"<field> <message>"` and `{field}` in details. */
export function fail(field: string, message: string): never {
  throw validationError(`${field} ${message}`, { field });
}

/** The input as an object, or VALIDATION_ERROR naming `what` (e.g. "rule", "query"). */
export function asInput(v: unknown, what: string): Input {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw validationError(`${what} must be a JSON object`);
  return v as Input;
}

export function rejectUnknown(input: Input, allowed: readonly string[], what: string): void {
  for (const k of Object.keys(input)) {
    if (!allowed.includes(k)) throw validationError(`${what}: unknown field "${k}"`, { field: k });
  }
}

// ---- value checks: (field, value, limits) ----

/** A string of min..max characters, trimmed unless `trim: false` (secrets keep their spaces). */
export function text(field: string, v: unknown, opts: { min?: number; max: number; trim?: boolean }): string {
  if (typeof v !== 'string') fail(field, 'must be a string');
  const s = opts.trim === false ? v : v.trim();
  if (s.length < (opts.min ?? 0)) fail(field, `must be at least ${opts.min} character(s)`);
  if (s.length > opts.max) fail(field, `must be at most ${opts.max} characters (got ${s.length})`);
  return s;
}

/** An optional text that may be cleared: null, undefined, '' and blanks all mean "none" (null). */
export function clearableText(field: string, v: unknown, max: number): string | null {
  if (v === null || v === undefined) return null;
  const s = text(field, v, { max });
  return s === '' ? null : s;
}

/** A whole number in [min, max]; a numeric string is refused (JSON bodies carry numbers). */
export function whole(field: string, v: unknown, opts: { min: number; max: number }): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, 'must be a number');
  if (v < 0 && opts.min >= 0) fail(field, 'must not be negative');
  if (!Number.isInteger(v)) fail(field, 'must be a whole number');
  if (v < opts.min || v > opts.max) fail(field, `must be between ${opts.min} and ${opts.max} (got ${v})`);
  return v;
}

export function flag(field: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(field, 'must be true or false');
  return v;
}

export function choice<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) fail(field, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
  return v as T;
}

/** A list of non-empty id strings, duplicates dropped, at most `max`. */
export function idList(field: string, v: unknown, max: number): string[] {
  if (!Array.isArray(v)) fail(field, 'must be a list of ids');
  if (v.length > max) fail(field, `must hold at most ${max} ids`);
  const out: string[] = [];
  for (const [i, item] of v.entries()) {
    if (typeof item !== 'string' || item.trim() === '') fail(`${field}[${i}]`, 'must be a non-empty string');
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

/** The required `id` of a get/update/delete (a path parameter on the console API). */
export function idOf(input: unknown): string {
  const id = asInput(input, 'input')['id'];
  if (typeof id !== 'string' || id === '') fail('id', 'is required');
  return id;
}

// ---- query parameters (GET/DELETE: text from the query string, numbers from IPC) ----

/** An optional whole-number parameter in [1, max]; digit strings are taken as numbers. */
export function queryInt(field: string, v: unknown, opts: { fallback: number; max: number }): number {
  if (v === undefined || v === null || v === '') return opts.fallback;
  const n = typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw validationError(`${field} must be a whole number from 1 to ${opts.max}`, { field, value: v });
  if (n > opts.max) throw validationError(`${field} must be at most ${opts.max}`, { field, value: v });
  return n;
}

/** The `limit` of a list method: default 100, at most 1000. */
export function listLimit(v: unknown): number {
  return queryInt('limit', v, { fallback: LIST_LIMITS.defaultLimit, max: LIST_LIMITS.maxLimit });
}

/** An optional choice where '' (an empty select in a query string) means "any". */
export function queryChoice<T extends string>(field: string, v: unknown, allowed: readonly T[]): T | undefined {
  return v === undefined || v === null || v === '' ? undefined : choice(field, v, allowed);
}

// ---- field readers: (input, field, limits) for config objects ----

export function str(input: Input, field: string, opts: { min?: number; max: number; trim?: boolean }): string {
  return text(field, input[field], opts);
}

export function optStr(input: Input, field: string, opts: { min?: number; max: number }): string | undefined {
  return input[field] === undefined ? undefined : str(input, field, opts);
}

export function int(input: Input, field: string, opts: { min: number; max: number }): number {
  return whole(field, input[field], opts);
}

export function optInt(input: Input, field: string, opts: { min: number; max: number }): number | undefined {
  return input[field] === undefined ? undefined : int(input, field, opts);
}

export function bool(input: Input, field: string): boolean | undefined {
  return input[field] === undefined ? undefined : flag(field, input[field]);
}

export function oneOf<T extends string>(input: Input, field: string, values: readonly T[]): T | undefined {
  return input[field] === undefined ? undefined : choice(field, input[field], values);
}

export function strList(input: Input, field: string, opts: { maxItems: number; maxLen: number }): string[] | undefined {
  const v = input[field];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) fail(field, 'must be a list of strings');
  if (v.length > opts.maxItems) fail(field, `may hold at most ${opts.maxItems} items`);
  return v.map((x, i) => {
    if (typeof x !== 'string' || x.length === 0 || x.length > opts.maxLen) {
      throw validationError(`${field}[${i}] must be a non-empty string of at most ${opts.maxLen} characters`, { field, index: i });
    }
    return x;
  });
}

/** Accept null as "clear this field", otherwise a string id. */
export function optId(input: Input, field: string): string | null | undefined {
  const v = input[field];
  if (v === undefined || v === null) return v as null | undefined;
  if (v === '') return null;
  if (typeof v !== 'string') fail(field, 'must be an id string or null');
  return v;
}
