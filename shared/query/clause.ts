/**
 * Building SPEC §5 query text from parts: one clause per value, and AND-ing queries without
 * changing what either side means. Used wherever a query is composed for the Log Viewer (filter on
 * a value, dashboard filters and drill-downs), so a composed query reads and matches the same.
 */

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

/**
 * True when `OR` joins terms at the top level (outside quotes and parentheses): the only operator
 * that binds looser than the implicit AND, so only such a query needs parentheses when ANDed.
 */
function hasTopLevelOr(q: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < q.length; i++) {
    const c = q[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && q.startsWith('OR', i) && /[\s()]|^$/.test(q[i - 1] ?? '') && /[\s()]|^$/.test(q[i + 2] ?? '')) return true;
  }
  return false;
}

/** Append a clause to a query (AND). Wraps a query with a top-level OR so precedence holds. */
export function appendClause(query: string, clause: string): string {
  const q = query.trim();
  if (q === '') return clause;
  return `${hasTopLevelOr(q) ? `(${q})` : q} ${hasTopLevelOr(clause) ? `(${clause})` : clause}`;
}

/** AND of several queries (blank ones dropped); each side keeps its meaning (see appendClause). */
export function andQueries(...queries: readonly string[]): string {
  return queries.reduce((out, q) => (q.trim() === '' ? out : appendClause(out, q.trim())), '');
}
