import { readsOnlyEnvelope } from '../../../shared/query/index.ts';
import type { QueryNode } from '../../../shared/query/index.ts';
import type { BlockMeta, Combinations, DecodedBlock } from '../store/event-store/index.ts';
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

/** One column of a block as per-row codes 0..size-1 and the value behind each code. */
export interface SmallCodes {
  codes: Int32Array<ArrayBuffer>;
  size: number;
  value(code: number): number | string | null;
}

/** Per-row codes of one column without a map: dictionary codes (0 = null), or small integers less their minimum; null otherwise. */
export function smallCodes(block: DecodedBlock, c: number, n: number): SmallCodes | null {
  const codes = new Int32Array(n);
  const dict = block.dicts[c];
  if (dict) {
    for (let i = 0; i < n; i++) codes[i] = dict.codes[i]! + 1;
    return { codes, size: dict.values.length + 1, value: (k) => (k === 0 ? null : dict.values[k - 1]!) };
  }
  const col = block.cols[c];
  if (!col || !ArrayBuffer.isView(col)) return null;
  // Number columns come as several typed array kinds (Int8, Uint16, Float64…, per block): integer
  // kinds are copied natively into Int32 (set(), ~1 ns/row; a loop reading every kind is ~10× slower),
  // so the loops below read one kind only.
  let min = Infinity;
  let max = -Infinity;
  if (col instanceof Float64Array) {
    for (let i = 0; i < n; i++) {
      const x = col[i]!;
      if (x !== Math.floor(x)) return null;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (n > 0 && max - min >= 1 << 16) return null;
    for (let i = 0; i < n; i++) codes[i] = col[i]! - min;
  } else {
    if (col instanceof Float32Array || col instanceof Uint32Array) return null;
    codes.set(col as ArrayLike<number>);
    for (let i = 0; i < n; i++) {
      const x = codes[i]!;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (n > 0 && max - min >= 1 << 16) return null;
    if (min !== 0) for (let i = 0; i < n; i++) codes[i] = codes[i]! - min;
  }
  return { codes, size: n > 0 ? max - min + 1 : 0, value: (k) => min + k };
}

/** Rows of a block to count: a list of row indexes, or every row a verdict passes (a block lying inside the window). */
export type BlockRows = number[] | BlockVerdict;

/** How many of `rows` hold each code (0..size-1). */
export function countCodes(col: { codes: ArrayLike<number>; size: number }, rows: BlockRows): Int32Array {
  const per = new Int32Array(col.size);
  const { codes } = col;
  if (Array.isArray(rows)) for (const i of rows) per[codes[i]!]!++;
  else if (rows.of === null) for (let i = 0; i < rows.n; i++) per[codes[i]!]!++;
  else {
    const { of, yes, n } = rows;
    for (let i = 0; i < n; i++) per[codes[i]!]! += yes[of[i]!]!;
  }
  return per;
}

/** The row indexes of `rows`. */
export function rowList(rows: BlockRows): number[] {
  if (Array.isArray(rows)) return rows;
  const out: number[] = [];
  for (let i = 0; i < rows.n; i++) if (rows.of === null || rows.yes[rows.of[i]!] === 1) out.push(i);
  return out;
}

/**
 * The distinct value combinations of `read` in a block (as BlockReader.combinations gives them)
 * when every column is a dictionary or small integers (host, user, enums, source): one dense
 * table per column instead of a map per row (a combination may hold no row: first = -1). Null when
 * a column is neither, or the table would be large.
 */
function smallCombinations(block: DecodedBlock, read: readonly number[], n: number): Combinations | null {
  let of = new Int32Array(n);
  let count = n > 0 ? 1 : 0;
  for (const c of read) {
    const col = smallCodes(block, c, n);
    if (!col || count * col.size > 1 << 20) return null;
    if (count === 1) {
      // The first column's codes are the combinations (some codes may have no row: first = -1).
      of = col.codes;
      count = col.size;
      continue;
    }
    const table = new Int32Array(count * col.size).fill(-1);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const key = of[i]! * col.size + col.codes[i]!;
      let k = table[key]!;
      if (k < 0) table[key] = k = m++;
      of[i] = k;
    }
    count = m;
  }
  const first = new Array<number>(count).fill(-1);
  for (let i = 0; i < n; i++) if (first[of[i]!]! < 0) first[of[i]!] = i;
  return { of, first };
}

/** The rows of one block that match, in id order, with the block's decoded columns. */
export interface BlockMatch {
  block: DecodedBlock;
  rows: number[];
}

/**
 * Answers of one query per value combination, kept across the blocks of one request: the answer
 * depends only on the values (and the sources table, fixed within the request's snapshot), so a
 * combination seen in one block is not asked again in the next. Kept as a tree of maps, one level
 * per column the query reads, keyed by the values themselves (no key strings to build per block).
 */
export class CombinationAnswers {
  private readonly root = new Map<unknown, unknown>();

  /** The answer for the value of a query reading one column: get([value]) without the array. */
  getOne(value: unknown): boolean | undefined {
    return this.root.get(value) as boolean | undefined;
  }

  /** The answer for these values (one per column read, in order), if known. */
  get(values: readonly unknown[]): boolean | undefined {
    let node: unknown = this.root;
    for (const v of values) {
      node = (node as Map<unknown, unknown>).get(v);
      if (node === undefined) return undefined;
    }
    return node as boolean;
  }

  set(values: readonly unknown[], yes: boolean): void {
    let node = this.root;
    values.forEach((v, i) => {
      if (i === values.length - 1) node.set(v, yes);
      else {
        let next = node.get(v) as Map<unknown, unknown> | undefined;
        if (!next) node.set(v, (next = new Map()));
        node = next;
      }
    });
  }
}

/**
 * Which rows of one block match a query decidedByEnvelope: row i matches when `yes[of[i]]` is 1
 * (`of` = null: no query, every row matches). Says nothing about time: the caller tests it.
 */
export interface BlockVerdict {
  block: DecodedBlock;
  /** Rows in the block. */
  n: number;
  of: Int32Array | null;
  yes: Uint8Array;
}

const NO_ANSWERS = new Uint8Array(0);

/**
 * The verdict of `filter` on block `id`, with at least the `want` columns decoded. The filter's
 * SQL runs over one representative row per distinct combination of the columns it reads that
 * `answers` does not know yet (the same SQL, through the same `event_block` table, so the
 * semantics are SQLite's as everywhere else); rows take their combination's answer.
 */
export function judgeBlock(store: SearchStore, id: number, filter: CompiledFilter | null, want: readonly number[], answers: CombinationAnswers): BlockVerdict {
  // The envelope columns the condition names (`e.x`); the id is how SQL answers, not a value.
  const read = filter ? columnsOf(filter.sql).filter((c) => c !== COL.id) : [];
  const first = [...want, ...read];
  const block = store.blocks.decoded(id, first.length ? first : [COL.ts]);
  const n = block.cols[first[0] ?? COL.ts]!.length;
  if (!filter) return { block, n, of: null, yes: NO_ANSWERS };
  const combos = smallCombinations(block, read, n) ?? store.blocks.combinations(id, read);
  const { of, first: firstRow } = combos;
  // One column read (the common `user:x`): its value is the key, no array per combination.
  const one = read.length === 1 ? block.cols[read[0]!]! : null;
  const valuesOf = (k: number) => (one ? [one[firstRow[k]!]] : read.map((c) => block.cols[c]![firstRow[k]!]));
  const yes = new Uint8Array(firstRow.length);
  const ask: number[] = [];
  const askValues = new Map<number, unknown[]>();
  for (let k = 0; k < firstRow.length; k++) {
    if (firstRow[k]! < 0) continue;
    const known = one ? answers.getOne(one[firstRow[k]!]) : answers.get(valuesOf(k));
    if (known === undefined) {
      ask.push(firstRow[k]!);
      askValues.set(k, valuesOf(k));
    } else if (known) yes[k] = 1;
  }
  if (ask.length) {
    ask.sort((a, b) => a - b);
    const sql = `SELECT e.id AS id FROM ${BLOCK_SOURCE} WHERE ${filter.sql}`;
    store.blocks.serveRows(id, sql, ask);
    const ids = store.blocks.decoded(id, [COL.id]).cols[COL.id]!;
    for (const r of store.statements.get(sql).all({ ...filter.params, blk: id }) as { id: number }[]) yes[of[rowOfId(ids, r.id)]!] = 1;
    for (const [k, values] of askValues) answers.set(values, yes[k] === 1);
  }
  return { block, n, of, yes };
}

/** The rows of one block that match, in id order, with the block's decoded columns. */
export interface BlockMatch {
  block: DecodedBlock;
  rows: number[];
}

/**
 * The rows of block `b` stamped in [lo, hi) that match `filter` (a query decidedByEnvelope), with
 * at least `want` decoded (see judgeBlock). A block lying wholly inside [lo, hi) skips the time test.
 */
export function matchBlock(
  store: SearchStore,
  b: BlockMeta,
  filter: CompiledFilter | null,
  lo: number,
  hi: number,
  want: readonly number[],
  answers: CombinationAnswers,
): BlockMatch {
  const inside = b.minTs >= lo && b.maxTs < hi;
  const { block, n, of, yes } = judgeBlock(store, b.id, filter, inside ? want : [COL.ts, ...want], answers);
  const ts = inside ? null : block.cols[COL.ts]!;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (ts !== null) {
      const t = ts[i] as number;
      if (t < lo || t >= hi) continue;
    }
    if (of === null || yes[of[i]!] === 1) rows.push(i);
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
