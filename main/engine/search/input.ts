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
