import type { TopValues } from '../../../shared/types.ts';
import { activeRanges, summaryTrusted } from './scan.ts';
import type { ResolvedQuery } from './input.ts';
import type { StatementCache } from './statements.ts';
import { parseTopField, TopCounter, valueSql } from './top.ts';

/**
 * Exact top values of `field` over the events matching the query in its window. Every matching
 * event is read (no sampling); a severity/source/platform part of the query limits the read to
 * minutes where the per-minute summary shows such events.
 */
export function topValues(statements: StatementCache, query: ResolvedQuery, field: unknown, limit: number): TopValues {
  const ref = parseTopField(field);
  const values = valueSql(ref);
  const where = ['e.ts >= @from', 'e.ts < @to', ...(query.filter ? [`(${query.filter.sql})`] : [])].join(' AND ');
  const inner = values.sql.replace('{src}', 'events e').replace('{where}', where);
  const stmt = statements.get(`WITH m AS MATERIALIZED (${inner}) SELECT v, count(*) AS c, (SELECT count(DISTINCT id) FROM m) AS t FROM m GROUP BY v`);
  const params = { ...(query.filter?.params ?? {}), ...values.params };
  const counter = new TopCounter();
  const { fromMs, toMs } = query.range;
  const ranges = query.guard && summaryTrusted(statements) ? activeRanges(statements, query.guard, fromMs, toMs) : [[fromMs, toMs]];
  for (const [lo, hi] of ranges) {
    if (lo! >= hi!) continue;
    const rows = stmt.all({ ...params, from: lo, to: hi }) as { v: unknown; c: number; t: number }[];
    counter.add(rows, rows[0]?.t ?? 0, values.label);
  }
  return counter.result(ref.kind === 'raw' ? `raw.${ref.path.join('.')}` : ref.name, limit);
}
