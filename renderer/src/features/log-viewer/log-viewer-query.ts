/**
 * Query-text helpers for the Log Viewer: building "filter on this value" clauses in the SPEC §5
 * syntax, reading the error position the API returns for a query it cannot parse, and hints.
 */
import { parseQuery, QuerySyntaxError } from '../../../../shared/query/index.ts';

// One composition of query text for the whole app (the engine's dashboard drill-downs use it too).
export { appendClause, filterClause, quoteValue } from '../../../../shared/query/clause.ts';

export interface QueryError {
  message: string;
  /** 0-based character offset into the query text, or null when the API did not name one. */
  position: number | null;
}

/**
 * Read `details.position` from a VALIDATION_ERROR, clamped to the query's length. The engine's
 * "query error at position N:" prefix (0-based) is dropped: the bar says "at character N+1", one
 * way of counting on screen.
 */
export function queryErrorFrom(message: string, details: unknown, query: string): QueryError {
  let position: number | null = null;
  if (details && typeof details === 'object') {
    const p = (details as Record<string, unknown>).position;
    if (typeof p === 'number' && Number.isFinite(p)) position = Math.max(0, Math.min(Math.trunc(p), query.length));
  }
  return { message: message.replace(/^query error at position \d+:\s*/i, ''), position };
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

/**
 * A hint (not an error) when the query uses lowercase `or`/`and`/`not` as words: the grammar reads
 * them as search terms, which is rarely what was meant. Quoted text is left alone.
 */
export function operatorHint(q: string): string | null {
  const unquoted = q.replace(/"(?:[^"\\]|\\.)*"?/g, ' ');
  const m = /(?:^|[\s(])(or|and|not)(?=[\s)]|$)/.exec(unquoted);
  if (!m) return null;
  const word = m[1]!;
  return `Lowercase “${word}” searches for the word “${word}”. To combine terms write ${word.toUpperCase()}${word === 'and' ? ' (or just a space)' : ''}.`;
}
