import type { BlockMeta, BlockReader, RowFilter, StoredRuns } from '../store/event-store/index.ts';
import { BLOCK_SOURCE, HEAD_ROW_AT_SQL, HEAD_SOURCE, RUNS_AT_ONCE } from '../store/event-store/index.ts';
import type { ResolvedQuery } from './input.ts';
import { ESCAPE, likeContains } from './like.ts';
import { evalNeed, needOf, rowFilter, runsTest } from './prune.ts';
import { activeMinuteTest, activeRanges, summaryTrusted } from './scan.ts';
import type { StatementCache } from './statements.ts';

/** What search reads: the head table through cached statements, and the sealed blocks. */
export interface SearchStore {
  statements: StatementCache;
  blocks: BlockReader;
}

/**
 * The blocks a query reads, and a cheap per-row test of their decoded events that every match
 * passes (only passing rows reach SQL); null = every row goes to SQL.
 */
export interface BlockPlan {
  blocks: BlockMeta[];
  filter: RowFilter | null;
  /**
   * With `lazyGuard`: whether a block may hold a match by the summary guard and its dotted runs,
   * asked per block as a walk reaches it (neither was applied to `blocks`); absent when every
   * block may.
   */
  mayHold?: (b: BlockMeta) => boolean;
}

/** Head rows beyond which the head is read minute by minute under a summary guard (a store still being sealed). */
const SMALL_HEAD = 50_000;

/** True when the head holds few events: reading its whole window is cheaper than walking the summary. */
export function headIsSmall(statements: StatementCache): boolean {
  return statements.get(HEAD_ROW_AT_SQL).get(SMALL_HEAD) === undefined;
}

/**
 * The sealed blocks a query must read in its window, newest (by max ts) first: the window's
 * blocks, minus those the skip index rules out, minus those outside every minute where the
 * query's severity/source/platform part counts events (or, with `lazyGuard`, a test of that per
 * block: a walk that stops early reads only the summary it reaches). Every remaining block is decoded and the
 * full query is checked on each of its events, so pruning only ever saves work.
 */
export function candidateBlocks(store: SearchStore, query: ResolvedQuery, fromMs: number, toMs: number, lazyGuard = false): BlockPlan {
  if (fromMs >= toMs) return { blocks: [], filter: null };
  let list = store.blocks.inWindow(fromMs, toMs);
  if (list.length === 0) return { blocks: list, filter: null };
  let filter: BlockPlan['filter'] = null;
  let runs: ((b: BlockMeta) => boolean) | null = null;
  /** The blocks in the order the caller will test them (set once `list` is final). */
  let order: BlockMeta[] = [];
  if (query.ast) {
    const named = store.statements.get(`SELECT seq FROM sources WHERE name LIKE ? ${ESCAPE}`);
    const need = needOf(query.ast, (term) => named.pluck().all(likeContains(term)) as number[]);
    let lo = Number.MAX_SAFE_INTEGER;
    let hi = 0;
    for (const b of list) {
      if (b.id < lo) lo = b.id;
      if (b.id > hi) hi = b.id;
    }
    const keep = evalNeed(need, (fts) => store.blocks.withGrams(fts, lo, hi));
    if (keep) list = list.filter((b) => keep.has(b.id));
    filter = rowFilter(need);
    // Dotted runs (block-runs.ts): read as the walk reaches a block, so a page's walk reads only
    // the runs of the blocks it reaches, those of the next RUNS_AT_ONCE blocks in its order at a time.
    const test = runsTest(need);
    if (test) {
      let read = new Map<number, StoredRuns>();
      let readTo = 0;
      let at = 0;
      runs = (b) => {
        while (at < order.length && order[at] !== b) at++;
        if (at >= readTo) {
          readTo = Math.min(order.length, at + RUNS_AT_ONCE);
          read = store.blocks.runsOf(order.slice(at, readTo).map((x) => x.id));
        }
        const stored = read.get(b.id);
        return stored === undefined || test(stored);
      };
    }
  }
  let guard: ((b: BlockMeta) => boolean) | null = null;
  if (query.guard && list.length > 0 && summaryTrusted(store.statements)) {
    if (lazyGuard) {
      const test = activeMinuteTest(store.statements, query.guard, fromMs, toMs);
      guard = (b) => test(b.minTs, b.maxTs + 1);
    } else {
      const ranges = activeRanges(store.statements, query.guard, fromMs, toMs).sort((a, b) => a[0] - b[0]);
      list = list.filter((b) => overlapsAny(ranges, b.minTs, b.maxTs + 1));
    }
  }
  order = list;
  if (!lazyGuard) return { blocks: runs ? list.filter(runs) : list, filter };
  const byRuns = runs;
  const mayHold = guard && byRuns ? (b: BlockMeta) => guard(b) && byRuns(b) : (guard ?? byRuns);
  return mayHold ? { blocks: list, filter, mayHold } : { blocks: list, filter };
}

/** Whether [lo, hi) meets one of the sorted, disjoint ranges (binary search). */
function overlapsAny(ranges: [number, number][], lo: number, hi: number): boolean {
  let a = 0;
  let b = ranges.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (ranges[mid]![1] <= lo) a = mid + 1;
    else b = mid;
  }
  return a < ranges.length && ranges[a]![0] < hi;
}

/**
 * Run `sqlFor(source)` with `params` over the head and over each block, concatenating the rows.
 * `source` is the table expression aliased `e` (HEAD_SOURCE or BLOCK_SOURCE, whose @blk is bound here).
 */
export function overParts(store: SearchStore, plan: BlockPlan, sqlFor: (source: string) => string, params: Record<string, unknown>, head = true): unknown[] {
  const out: unknown[] = head ? store.statements.get(sqlFor(HEAD_SOURCE)).all(params) : [];
  if (plan.blocks.length === 0) return out;
  const sql = sqlFor(BLOCK_SOURCE);
  const stmt = store.statements.get(sql);
  for (const b of plan.blocks) {
    store.blocks.serve(b.id, sql, plan.filter);
    for (const r of stmt.all({ ...params, blk: b.id })) out.push(r);
  }
  return out;
}
