import { validationError } from '../../shared/errors.ts';

/** Small input checks that name the offending field, for every config input path. */
export type Input = Record<string, unknown>;

export function asInput(v: unknown, what: string): Input {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw validationError(`${what} must be a JSON object`);
  return v as Input;
}

export function rejectUnknown(input: Input, allowed: readonly string[], what: string): void {
  for (const k of Object.keys(input)) {
    if (!allowed.includes(k)) throw validationError(`${what}: unknown field "${k}"`, { field: k });
  }
}

export function str(input: Input, field: string, opts: { min?: number; max: number; trim?: boolean }): string {
  const v = input[field];
  if (typeof v !== 'string') throw validationError(`${field} must be a string`, { field });
  const s = opts.trim === false ? v : v.trim();
  if (s.length < (opts.min ?? 0)) throw validationError(`${field} must be at least ${opts.min} character(s)`, { field });
  if (s.length > opts.max) throw validationError(`${field} must be at most ${opts.max} characters (got ${s.length})`, { field });
  return s;
}

export function optStr(input: Input, field: string, opts: { min?: number; max: number }): string | undefined {
  return input[field] === undefined ? undefined : str(input, field, opts);
}

export function int(input: Input, field: string, opts: { min: number; max: number }): number {
  const v = input[field];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw validationError(`${field} must be an integer`, { field });
  if (v < opts.min || v > opts.max) throw validationError(`${field} must be between ${opts.min} and ${opts.max} (got ${v})`, { field });
  return v;
}

export function optInt(input: Input, field: string, opts: { min: number; max: number }): number | undefined {
  return input[field] === undefined ? undefined : int(input, field, opts);
}

export function bool(input: Input, field: string): boolean | undefined {
  const v = input[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw validationError(`${field} must be true or false`, { field });
  return v;
}

export function oneOf<T extends string>(input: Input, field: string, values: readonly T[]): T | undefined {
  const v = input[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !values.includes(v as T)) {
    throw validationError(`${field} must be one of ${values.join(', ')} (got ${JSON.stringify(v)})`, { field });
  }
  return v as T;
}

export function strList(input: Input, field: string, opts: { maxItems: number; maxLen: number }): string[] | undefined {
  const v = input[field];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw validationError(`${field} must be a list of strings`, { field });
  if (v.length > opts.maxItems) throw validationError(`${field} may hold at most ${opts.maxItems} items`, { field });
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
  if (typeof v !== 'string') throw validationError(`${field} must be an id string or null`, { field });
  return v;
}
