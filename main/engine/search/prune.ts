import type { FieldMatch, QueryNode } from '../../../shared/query/index.ts';
import { TEXT_COLUMNS } from '../store/event-store/index.ts';
import type { BlockWords, DecodedBlock, Dictionary, RowFilter } from '../store/event-store/index.ts';
import { dottedPiece, literalPieces, runsContain } from '../store/event-store/index.ts';
import type { StoredRuns } from '../store/event-store/index.ts';
import { isJsonSafe, longestSafeRun } from './like.ts';

/**
 * What a block's skip-index document must contain for the block to hold a match: a formula of
 * texts (each: every trigram of it appears in the document). `null` = no constraint. Sound by
 * construction: every rule below only names text that a matching event's stored columns contain
 * literally (up to ASCII case, which the trigram index folds too); `cols` are the columns (block
 * column indexes) one of which holds it.
 */
export type Need =
  | null
  | { kind: 'text'; text: string; cols: readonly number[] }
  /** The event comes from one of these sources (by seq): a bare term some source's name contains. */
  | { kind: 'source'; seqs: readonly number[] }
  | { kind: 'and' | 'or'; of: Need[] };

const RAW_COL = [12];
const TAGS_COL = [11];
const ENVELOPE_COL: Record<string, number[]> = { host: [7], user: [8], action: [9], message: [10] };
const MESSAGE_COL = 10;
const SOURCE_COL = 1;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const PLAIN_INTEGER = /^-?\d{1,15}$/;
const JSON_LITERALS = new Set(['true', 'false', 'null']);

/**
 * "One of `cols` contains `s`". Any length: a text under three characters has no trigram, so it
 * skips no block (gramsQuery), but it still drives the row filter: `host:vm` tests each block's
 * host dictionary instead of serving every column of every block to SQL (measured on the Loghub
 * store, 3 days: 39 s → see docs/benchmarks.md "Stop 15").
 */
function text(s: string, cols: readonly number[]): Need {
  return s.length > 0 ? { kind: 'text', text: s, cols } : null;
}

function and(of: Need[]): Need {
  const kept = of.filter((n) => n !== null);
  return kept.length === 0 ? null : kept.length === 1 ? kept[0]! : { kind: 'and', of: kept };
}

function or(of: Need[]): Need {
  return of.some((n) => n === null) ? null : { kind: 'or', of };
}

/** The longest `*`-free piece of a glob: the whole value contains it. */
function globPiece(pattern: string): string {
  return pattern.split('*').reduce((a, s) => (s.length > a.length ? s : a), '');
}

/** Text stored literally in an envelope column when it matches (the column text is in the document as is). */
function columnNeed(match: FieldMatch, cols: readonly number[]): Need {
  if (match.op === 'contains' || match.op === 'exact') return text(match.value, cols);
  if (match.op === 'glob') return text(globPiece(match.pattern), cols);
  return null;
}

/** Raw text is the sender's spelling (tags are JSON too): only a JSON-safe run is sure to appear literally. */
function rawText(s: string, cols: readonly number[]): Need {
  return text(isJsonSafe(s) ? s : longestSafeRun(s), cols);
}

function rawPathNeed(path: string[], match: FieldMatch): Need {
  let value = '';
  if (match.op === 'contains') value = match.value;
  else if (match.op === 'exact' && (!NUMBER.test(match.value) || PLAIN_INTEGER.test(match.value))) value = match.value;
  else if (match.op === 'glob') value = globPiece(match.pattern);
  if (JSON_LITERALS.has(value)) value = '';
  const key = path.at(-1)!;
  return and([rawText(value, RAW_COL), isJsonSafe(key) ? text(`"${key}"`, RAW_COL) : null]);
}

/**
 * The skip-index formula of a query. `sourcesNamed(term)` lists the sources (by seq) whose name
 * contains a bare term: such a term also matches every event of those sources, whatever its text
 * (SPEC §5), so it needs its text OR one of those sources.
 */
export function needOf(node: QueryNode, sourcesNamed: (term: string) => readonly number[]): Need {
  switch (node.kind) {
    case 'and':
      return and(node.children.map((c) => needOf(c, sourcesNamed)));
    case 'or':
      return or(node.children.map((c) => needOf(c, sourcesNamed)));
    case 'not':
      return null;
    case 'text': {
      const seqs = sourcesNamed(node.value);
      const text = rawText(node.value, TEXT_COLUMNS);
      return seqs.length === 0 ? text : or([text, { kind: 'source', seqs }]);
    }
    case 'field': {
      const f = node.field;
      if (f.kind === 'raw') return rawPathNeed(f.path, node.match);
      if (f.name === 'tag')
        return node.match.op === 'exists'
          ? null
          : rawText(node.match.op === 'glob' ? globPiece(node.match.pattern) : 'value' in node.match ? String(node.match.value) : '', TAGS_COL);
      const cols = ENVELOPE_COL[f.name];
      if (cols) return columnNeed(node.match, cols);
      return null;
    }
  }
}

/**
 * FTS5 query for "the document has every trigram of `s`" (at most 32, each quoted; trigrams with a
 * NUL are left out: FTS5's query parser stops at one). Empty when no trigram is usable.
 */
export function gramsQuery(s: string): string {
  const chars = [...s];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length && grams.size < 32; i++) {
    const g = chars.slice(i, i + 3).join('');
    if (!g.includes('\u0000')) grams.add(g);
  }
  return [...grams].map((g) => `"${g.replace(/"/g, '""')}"`).join(' AND ');
}

/** Evaluate a formula to the set of block ids that may match (null = every block). */
export function evalNeed(need: Need, withGrams: (fts: string) => Set<number>): Set<number> | null {
  if (need === null || need.kind === 'source') return null;
  if (need.kind === 'text') {
    const q = gramsQuery(need.text);
    return q ? withGrams(q) : null;
  }
  const sets = need.of.map((n) => evalNeed(n, withGrams));
  if (need.kind === 'or') {
    if (sets.some((s) => s === null)) return null;
    const u = new Set<number>();
    for (const s of sets) for (const id of s!) u.add(id);
    return u;
  }
  let acc: Set<number> | null = null;
  for (const s of sets) {
    if (s === null) continue;
    if (acc === null) {
      acc = s;
      continue;
    }
    const both = new Set<number>();
    for (const id of acc) if (s.has(id)) both.add(id);
    acc = both;
  }
  return acc;
}

/**
 * The same formula as a test of one decoded event's columns: rows failing it cannot match, so only
 * the rest are handed to SQL. A text passes when one of its columns contains it up to case; the
 * regex `i` flag folds at least what SQLite's LIKE folds (ASCII), so the test stays a superset.
 * Null = every row passes.
 */
export function rowFilter(need: Need): RowFilter | null {
  if (need === null) return null;
  const used = new Set<number>();
  type Test = (block: DecodedBlock, row: number) => boolean;
  const compile = (n: Exclude<Need, null>): Test => {
    if (n.kind === 'text') {
      for (const c of n.cols) used.add(c);
      const re = /[a-z]/i.test(n.text) ? new RegExp(n.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i') : null;
      const needle = n.text;
      const has = re ? (s: string) => re.test(s) : (s: string) => s.includes(needle);
      // A dictionary-coded column (envelope columns, the message) is tested once per distinct value:
      // its verdicts are kept by code for the block at hand (0 = not tested, 1 = no, 2 = yes).
      const tests = n.cols.map((c): Test => {
        let dict: Dictionary | undefined;
        let verdicts = new Uint8Array(0);
        return (block, row) => {
          const d = block.dicts[c];
          if (!d) {
            const v = block.cols[c]![row];
            return typeof v === 'string' && has(v);
          }
          const code = d.codes[row]!;
          if (code < 0) return false;
          if (d !== dict) {
            dict = d;
            verdicts = new Uint8Array(d.values.length);
          }
          let r = verdicts[code]!;
          if (r === 0) verdicts[code] = r = has(d.values[code]!) ? 2 : 1;
          return r === 2;
        };
      });
      return tests.length === 1 ? tests[0]! : (block, row) => tests.some((t) => t(block, row));
    }
    if (n.kind === 'source') {
      used.add(SOURCE_COL);
      const seqs = new Set(n.seqs);
      return (block, row) => seqs.has(block.cols[SOURCE_COL]![row] as number);
    }
    const parts = n.of.map((c) => compile(c!));
    return n.kind === 'and' ? (b, r) => parts.every((p) => p(b, r)) : (b, r) => parts.some((p) => p(b, r));
  };
  const test = compile(need);
  const words = wordsTest(need);
  return words ? { cols: [...used], test, words } : { cols: [...used], test };
}

/**
 * The formula as a test of a block's template words (block-words.ts): each letter piece of a text
 * (`literalPieces`) must be among the literal words of one of the text's columns. Null when no
 * text of the formula has such a piece.
 */
function wordsTest(need: Need): ((w: BlockWords) => boolean) | null {
  if (need === null) return null;
  if (need.kind === 'text') {
    // Envelope values alone are tested by their dictionaries, cheaper than the words.
    const cols = need.cols;
    const pieces = cols.includes(MESSAGE_COL) || cols.includes(RAW_COL[0]!) ? literalPieces(need.text) : [];
    return pieces.length === 0 ? null : (w) => pieces.every((p) => cols.some((c) => w.has(c, p)));
  }
  if (need.kind === 'source') return (w) => w.fromAny(need.seqs);
  return combine(need.kind, need.of.map(wordsTest));
}

/** AND / OR of block tests, where null = "every block passes". */
function combine<T>(kind: 'and' | 'or', parts: (((x: T) => boolean) | null)[]): ((x: T) => boolean) | null {
  if (kind === 'or') return parts.some((p) => p === null) ? null : (x) => parts.some((p) => p!(x));
  const kept = parts.filter((p) => p !== null);
  return kept.length === 0 ? null : (x) => kept.every((p) => p(x));
}

/**
 * The formula as a test of a block's dotted runs (block-runs.ts: its distinct runs of digits and
 * dots with two dots or more): a text holding such a run (an address) can only be in
 * a block whose runs contain it. Null when no text of the formula holds one (every block passes).
 */
export function runsTest(need: Need): ((runs: StoredRuns) => boolean) | null {
  if (need === null || need.kind === 'source') return null;
  if (need.kind === 'text') {
    const piece = dottedPiece(need.text);
    return piece === null ? null : runsContain(piece);
  }
  return combine(need.kind, need.of.map(runsTest));
}
