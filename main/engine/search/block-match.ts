import { readsOnlyEnvelope } from '../../../shared/query/index.ts';
import type { QueryNode } from '../../../shared/query/index.ts';
import type { DecodedBlock } from '../store/event-store/index.ts';
import { BLOCK_SOURCE, columnsOf } from '../store/event-store/index.ts';
import type { SearchStore } from './parts.ts';
import type { CompiledFilter } from './sql-builder.ts';

/** Row positions of the event columns a block match reads (ROW_COLUMNS order). */
export const COL = { id: 0, source: 1, ts: 3, severity: 4, category: 5, outcome: 6, host: 7, user: 8, action: 9, message: 10, tags: 11 } as const;

/**
 * Whether a query can be decided per distinct combination of envelope values: it reads no raw
 * text (no bare terms, no `raw.` paths), so two events with the same source, severity, category,
 * outcome, host, user, action, message and tags match alike. Aggregations over sealed blocks use
 * this to evaluate the query's SQL once per combination (a block of 4,096 events holds a few
 * dozen) instead of serving every row to SQL.
 */
export function decidedByEnvelope(ast: QueryNode | null): boolean {
  return ast === null || readsOnlyEnvelope(ast);
}

/** The rows of one block that match, in id order, with the block's decoded columns. */
export interface BlockMatch {
  block: DecodedBlock;
  rows: number[];
}

/**
 * Answers of one query per value combination, kept across the blocks of one request: the answer
 * depends only on the values (and the sources table, fixed within the request's snapshot), so a
 * combination seen in one block is not asked again in the next.
 */
export type CombinationAnswers = Map<string, boolean>;

/**
 * The rows of block `id` stamped in [lo, hi) that match `filter` (a query decidedByEnvelope),
 * with at least `want` decoded. The filter's SQL runs over one representative row per distinct
 * combination of the columns it reads that `answers` does not know yet (the same SQL, through
 * the same `event_block` table, so the semantics are SQLite's as everywhere else); rows take
 * their combination's answer.
 */
export function matchBlock(
  store: SearchStore,
  id: number,
  filter: CompiledFilter | null,
  lo: number,
  hi: number,
  want: readonly number[],
  answers: CombinationAnswers = new Map(),
): BlockMatch {
  const block = store.blocks.decoded(id, [COL.ts, ...want]);
  const ts = block.cols[COL.ts]!;
  const n = ts.length;
  let pass: ((row: number) => boolean) | null = null;
  if (filter) {
    // The envelope columns the condition names (`e.x`); the id is how SQL answers, not a value.
    const read = columnsOf(filter.sql).filter((c) => c !== COL.id);
    const combos = store.blocks.combinations(id, read);
    const yes = new Uint8Array(combos.first.length);
    const keys = combos.first.map((row) => JSON.stringify(read.map((c) => block.cols[c]![row])));
    const ask: number[] = [];
    keys.forEach((key, k) => {
      const known = answers.get(key);
      if (known === undefined) ask.push(combos.first[k]!);
      else if (known) yes[k] = 1;
    });
    if (ask.length) {
      const sql = `SELECT e.id AS id FROM ${BLOCK_SOURCE} WHERE ${filter.sql}`;
      store.blocks.serveRows(id, sql, ask);
      const ids = store.blocks.decoded(id, [COL.id]).cols[COL.id]!;
      for (const r of store.statements.get(sql).all({ ...filter.params, blk: id }) as { id: number }[]) yes[combos.of[rowOfId(ids, r.id)]!] = 1;
      for (const row of ask) answers.set(keys[combos.of[row]!]!, yes[combos.of[row]!] === 1);
    }
    pass = (row) => yes[combos.of[row]!] === 1;
  }
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = ts[i] as number;
    if (t >= lo && t < hi && (pass === null || pass(i))) rows.push(i);
  }
  return { block, rows };
}

/** The row holding event `id` (ids ascend within a block). */
function rowOfId(ids: ArrayLike<number | string | null>, id: number): number {
  let a = 0;
  let b = ids.length - 1;
  while (a < b) {
    const m = (a + b) >> 1;
    if ((ids[m] as number) < id) a = m + 1;
    else b = m;
  }
  if (ids[a] !== id) throw new Error(`event ${id} is not in the block that served it`);
  return a;
}
