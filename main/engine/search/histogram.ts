import { SEVERITIES } from '../../../shared/enums.ts';
import type { Severity } from '../../../shared/enums.ts';
import type { Histogram } from '../../../shared/types.ts';
import { usesOnlySummaryColumns } from './compile.ts';
import { activeRanges, summaryTrusted } from './scan.ts';
import type { ResolvedQuery } from './input.ts';
import { candidateBlocks, headIsSmall, overParts } from './parts.ts';
import type { SearchStore } from './parts.ts';
import { minuteTotalsSql, OLDEST_TS_SQL, summaryCountSql } from '../store/event-store/index.ts';
import { bucketCountSql } from './statements.ts';
import { COL, CombinationAnswers, countCodes, decidedByEnvelope, judgeBlock, matchBlock, rowList, smallCodes } from './block-match.ts';
import type { BlockMeta } from '../store/event-store/index.ts';
import type { TimePart } from './split.ts';

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

/** Bucket × severity counters. */
class Counts {
  readonly rows: number[][];
  constructor(n: number) {
    this.rows = Array.from({ length: n }, () => new Array<number>(SEVERITIES.length).fill(0));
  }
  add(bucket: number, sev: number, c: number): void {
    const row = this.rows[bucket];
    if (row && sev >= 0 && sev < SEVERITIES.length) row[sev]! += c;
  }
  addRows(rows: CountRow[]): number[] {
    const bySeverity = new Array<number>(SEVERITIES.length).fill(0);
    for (const r of rows) {
      this.add(r.b, r.sev, r.c);
      if (r.sev >= 0 && r.sev < SEVERITIES.length) bySeverity[r.sev]! += r.c;
    }
    return bySeverity;
  }
}

/**
 * Counts by bucket and severity. When the query only restricts severity, source or platform,
 * whole minutes come from the ingest-maintained `event_counts` summary. Events are read only for
 * the range ends, the minute of the oldest stored event (retention may have removed part of a
 * minute the summary still counts), and minutes cut by a bucket edge: for a minute cut once, only
 * the shorter side is read and the other side is the summary total minus it. Exact, without
 * scanning the range. Other queries count every matching event of the range (exact, never
 * sampled), skipping minutes where their severity/source/platform part (if any) counts no events.
 */
export function histogram(store: SearchStore, query: ResolvedQuery, buckets: number, part: TimePart | null = null): Histogram {
  const { statements } = store;
  const { fromMs, toMs } = query.range;
  const n = Math.min(buckets, toMs - fromMs);
  const edges = bucketEdges(fromMs, toMs, n);
  const counts = new Counts(n);
  const shape = { origin: BigInt(fromMs), n: BigInt(n), span: BigInt(toMs - fromMs) };
  const filterSql = query.filter?.sql ?? null;
  const params = query.filter?.params ?? {};
  // The events counted: the window, or the part of it this call counts (split.ts; the buckets stay the window's).
  const a = part ? Math.max(fromMs, part.fromMs) : fromMs;
  const z = part ? Math.min(toMs, part.toMs) : toMs;
  const plan = candidateBlocks(store, query, a, z);
  const sql = (source: string) => bucketCountSql(filterSql, source);
  const perCombination = decidedByEnvelope(query.ast);
  const answers = new CombinationAnswers();
  /** Bucket of event time t (the SQL formula's answer, found from the exact edges). */
  const bucketOf = (t: number): number => {
    let b = Math.min(n - 1, Math.floor(((t - fromMs) * n) / (toMs - fromMs)));
    while (b > 0 && edges[b]! > t) b--;
    while (b + 1 < n && edges[b + 1]! <= t) b++;
    return b;
  };
  /** Counts of the blocks' matching events in [lo, hi): SQL per row, or per value combination (block-match.ts). */
  const blockRows = (blocks: BlockMeta[], lo: number, hi: number): CountRow[] => {
    if (!perCombination) return overParts(store, { blocks, filter: plan.filter }, sql, { ...params, ...shape, from: lo, to: hi }, false) as CountRow[];
    const cells = new Map<number, number>();
    for (const b of blocks) {
      const whole = b.minTs >= lo && b.maxTs < hi && bucketOf(b.minTs) === bucketOf(b.maxTs);
      if (!whole) {
        const { block, rows } = matchBlock(store, b, query.filter, lo, hi, [COL.ts, COL.severity], answers);
        const ts = block.cols[COL.ts]!;
        const sev = block.cols[COL.severity]!;
        for (const i of rows) {
          const key = bucketOf(ts[i] as number) * 64 + (sev[i] as number);
          cells.set(key, (cells.get(key) ?? 0) + 1);
        }
        continue;
      }
      // The whole block lies in one bucket inside [lo, hi): count its matching rows by severity, no times read.
      const verdict = judgeBlock(store, b.id, query.filter, [COL.severity], answers);
      const at = bucketOf(b.minTs) * 64;
      const add = (sev: number, c: number) => {
        if (c > 0) cells.set(at + sev, (cells.get(at + sev) ?? 0) + c);
      };
      const sev = smallCodes(verdict.block, COL.severity, verdict.n);
      if (sev) countCodes(sev, verdict).forEach((c, k) => add(Number(sev.value(k)), c));
      else for (const i of rowList(verdict)) add(verdict.block.cols[COL.severity]![i] as number, 1);
    }
    return [...cells].map(([key, c]) => ({ b: Math.floor(key / 64), sev: key % 64, c }));
  };
  /** Exact counts of [lo, hi) over the head and the blocks in it (or only the head). */
  const countExact = (lo: number, hi: number, headOnly = false): number[] => {
    if (lo >= hi) return counts.addRows([]);
    const inRange = headOnly ? [] : plan.blocks.filter((b) => b.maxTs >= lo && b.minTs < hi);
    const head = overParts(store, { blocks: [], filter: null }, sql, { ...params, ...shape, from: lo, to: hi }) as CountRow[];
    return counts.addRows(inRange.length ? head.concat(blockRows(inRange, lo, hi)) : head);
  };
  const oldest = (statements.get(OLDEST_TS_SQL).get() as { t: number | null }).t;
  const lo = oldest === null ? 0 : Math.max(ceilMinute(a), floorMinute(oldest) + MINUTE);
  const hi = floorMinute(z);
  const trusted = oldest !== null && summaryTrusted(statements);
  if (oldest === null || a >= z) {
    // No events at all (or an empty part): nothing to count.
  } else if (trusted && (query.ast === null || usesOnlySummaryColumns(query.ast)) && lo < hi) {
    // Inner edges that cut a summary minute, grouped by minute: edge index list per minute.
    const cuts = new Map<number, number[]>();
    edges.forEach((e, i) => {
      if (i > 0 && i < n && e % MINUTE !== 0 && e >= lo && e < hi) cuts.set(floorMinute(e), [...(cuts.get(floorMinute(e)) ?? []), i]);
    });
    const summary = statements.get(summaryCountSql(filterSql));
    counts.addRows(summary.all({ ...params, ...shape, lo, hi, split: JSON.stringify([...cuts.keys()]) }) as CountRow[]);
    countExact(a, lo);
    countExact(hi, z);
    const once = [...cuts].filter(([, idx]) => idx.length === 1).map(([m]) => m);
    for (const [m, idx] of cuts) if (idx.length > 1) countExact(m, m + MINUTE);
    const totals = new Map<number, CountRow[]>();
    for (const t of statements.get(minuteTotalsSql(filterSql)).all({ ...params, minutes: JSON.stringify(once) }) as CountRow[]) {
      totals.set(t.b, [...(totals.get(t.b) ?? []), t]);
    }
    for (const m of once) {
      const i = cuts.get(m)![0]!;
      const edge = edges[i]!;
      const left = edge - m <= MINUTE / 2;
      const read = left ? countExact(m, edge) : countExact(edge, m + MINUTE);
      const rest = left ? i : i - 1;
      for (const t of totals.get(m) ?? []) counts.add(rest, t.sev, Math.max(0, t.c - read[t.sev]!));
    }
  } else if (trusted && query.guard && !headIsSmall(statements)) {
    // A large head (a store still being sealed): read it minute range by minute range; blocks once each.
    for (const [x, y] of activeRanges(statements, query.guard, a, z)) countExact(x, y, true);
    counts.addRows(blockRows(plan.blocks, a, z));
  } else {
    countExact(a, z);
  }

  return {
    buckets: counts.rows.map((row, i) => ({
      start: new Date(edges[i]!).toISOString(),
      end: new Date(edges[i + 1]!).toISOString(),
      counts: Object.fromEntries(SEVERITIES.map((s, k) => [s, row[k]!])) as Record<Severity, number>,
    })),
  };
}
