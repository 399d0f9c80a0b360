import { SEVERITIES } from '../../../shared/enums.ts';
import type { Severity } from '../../../shared/enums.ts';
import type { Histogram } from '../../../shared/types.ts';
import { usesOnlySummaryColumns } from './compile.ts';
import type { ResolvedQuery } from './input.ts';
import { bucketCountSql, summaryCountSql } from './statements.ts';
import type { StatementCache } from './statements.ts';

const MINUTE = 60_000;

interface CountRow {
  b: number;
  sev: number;
  c: number;
}

/**
 * Edges of `n` equal-width buckets over [from, to): edge i = from + ceil(i * span / n). Computed
 * in BigInt so the edges agree exactly with SQL's integer bucket formula for any span.
 */
export function bucketEdges(fromMs: number, toMs: number, n: number): number[] {
  const span = BigInt(toMs - fromMs);
  const big = BigInt(n);
  const edges: number[] = [];
  for (let i = 0n; i <= big; i++) edges.push(fromMs + Number((i * span + big - 1n) / big));
  return edges;
}

function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}
function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE) * MINUTE;
}

/**
 * Counts by bucket and severity. When the query only restricts severity, source or platform,
 * whole minutes come from the ingest-maintained `event_counts` summary and only the minutes cut
 * by a bucket edge, the range ends, or the oldest remaining event (retention may have removed
 * part of a minute the summary still counts) are counted from events — exact, without scanning
 * the range. Other queries scan the range in SQL.
 */
export function histogram(statements: StatementCache, query: ResolvedQuery, buckets: number): Histogram {
  const { fromMs, toMs } = query.range;
  const n = Math.min(buckets, toMs - fromMs);
  const edges = bucketEdges(fromMs, toMs, n);
  const counts = Array.from({ length: n }, () => new Array<number>(SEVERITIES.length).fill(0));
  const add = (rows: CountRow[]) => {
    for (const r of rows) {
      const row = counts[r.b];
      if (row && r.sev >= 0 && r.sev < SEVERITIES.length) row[r.sev]! += r.c;
    }
  };
  const shape = { origin: BigInt(fromMs), n: BigInt(n), span: BigInt(toMs - fromMs) };
  const filterSql = query.filter?.sql ?? null;
  const params = query.filter?.params ?? {};
  const exact = statements.get(bucketCountSql(filterSql));
  const countExact = (lo: number, hi: number) => {
    if (lo < hi) add(exact.all({ ...params, ...shape, from: lo, to: hi }) as CountRow[]);
  };

  const oldest = (statements.get('SELECT min(ts) AS t FROM events').get() as { t: number | null }).t;
  if (oldest === null) {
    // No events at all: nothing to count.
  } else if (query.ast === null || usesOnlySummaryColumns(query.ast)) {
    const lo = Math.max(ceilMinute(fromMs), floorMinute(oldest) + MINUTE);
    const hi = floorMinute(toMs);
    if (lo >= hi) {
      countExact(fromMs, toMs);
    } else {
      const split = [...new Set(edges.slice(1, -1).filter((e) => e % MINUTE !== 0 && e >= lo && e < hi).map(floorMinute))];
      const summary = statements.get(summaryCountSql(filterSql));
      add(summary.all({ ...params, ...shape, lo, hi, split: JSON.stringify(split) }) as CountRow[]);
      countExact(fromMs, lo);
      for (const m of split) countExact(m, m + MINUTE);
      countExact(hi, toMs);
    }
  } else {
    countExact(fromMs, toMs);
  }

  return {
    buckets: counts.map((row, i) => ({
      start: new Date(edges[i]!).toISOString(),
      end: new Date(edges[i + 1]!).toISOString(),
      counts: Object.fromEntries(SEVERITIES.map((s, k) => [s, row[k]!])) as Record<Severity, number>,
    })),
  };
}
