import type { SearchInput } from '../../../shared/api.ts';
import { validationError } from '../../../shared/errors.ts';
import { parseQuery, parseTimeRange, QuerySyntaxError } from '../../../shared/query/index.ts';
import type { QueryNode, TimeRange } from '../../../shared/query/index.ts';
import { compileFilter, summaryGuard } from './compile.ts';
import type { CompiledFilter } from './sql-builder.ts';

/**
 * A search request checked and compiled: the time window, the parsed query, its SQL (null =
 * everything), and the part of it event_counts can answer (see summaryGuard).
 */
export interface ResolvedQuery {
  range: TimeRange;
  ast: QueryNode | null;
  filter: CompiledFilter | null;
  guard: CompiledFilter | null;
}

/** Parse `q`, `from`, `to`. Query errors become VALIDATION_ERROR with `{position, q}` in details. */
export function resolveQuery(input: SearchInput, nowMs: number): ResolvedQuery {
  const q = input.q ?? '';
  if (typeof q !== 'string') throw validationError('q must be a string', { field: 'q' });
  const range = parseTimeRange(input.from, input.to, nowMs);
  let ast: QueryNode | null;
  try {
    ast = parseQuery(q);
  } catch (err) {
    if (err instanceof QuerySyntaxError) {
      throw validationError(`query error at position ${err.position}: ${err.message}`, { position: err.position, q });
    }
    throw err;
  }
  const guard = ast ? summaryGuard(ast) : null;
  return { range, ast, filter: ast ? compileFilter(ast) : null, guard: guard ? compileFilter(guard) : null };
}

/**
 * An optional integer parameter in [1, max]. Accepts a digit string too, since GET parameters
 * may arrive uncoerced; anything else, or over `max`, is VALIDATION_ERROR naming the parameter.
 */
export function intParam(name: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw validationError(`${name} must be a whole number from 1 to ${max}`, { field: name, value });
  }
  if (n > max) throw validationError(`${name} must be at most ${max}`, { field: name, value });
  return n;
}
