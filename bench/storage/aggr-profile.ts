/**
 * Where a block-by-block aggregation spends its CPU (issue 9), step by step, on the 100 M store:
 *   node bench/storage/aggr-profile.ts     (Q='user:user77@example.com', RANGE=all|24h, FIELD=raw path for a top)
 * Replays what histogram.ts / top-values.ts do per candidate block (block-match.ts), with the
 * process CPU time around each step: reading the data blob, decoding the columns (timed on a
 * private copy, then the reader's own read + decode + the verdict), the per-row loop, bucketOf,
 * and (FIELD set: a top of a raw path) the raw blob, its zstd + split, and JSON.parse of the matches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zstdDecompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { decodeColumns } from '../../main/engine/store/event-store/block-codec.ts';
import type { DecodedBlock } from '../../main/engine/store/event-store/index.ts';
import { BlockReader, columnsOf } from '../../main/engine/store/event-store/index.ts';
import { candidateBlocks } from '../../main/engine/search/parts.ts';
import { resolveQuery } from '../../main/engine/search/input.ts';
import { bucketEdges } from '../../main/engine/search/histogram.ts';
import { StatementCache } from '../../main/engine/search/statements.ts';
import { COL, CombinationAnswers, judgeBlock } from '../../main/engine/search/block-match.ts';
import type { BigStore } from '../lib/big-store.ts';
import { benchDataDir, DAY, fmt } from '../lib/env.ts';

/**
 * The proposed partial decode of a format-3 raw blob (a change to block-codec.ts, the lead's): the
 * zstd frame must be decompressed whole, but when every raw text is ASCII (bytes = UTF-16 units)
 * a row's text is a byte range, so only the matching rows become strings.
 */
function rawRowsOf(blob: Buffer, rows: number[]): string[] {
  const first = blob.readUInt32LE(0);
  const text = zstdDecompressSync(first === 0xfd2fb528 ? blob : blob.subarray(4 + first));
  const nl = text.indexOf(10);
  const lengths = JSON.parse(text.toString('latin1', 0, nl)) as number[];
  const at = new Float64Array(lengths.length + 1);
  for (let i = 0; i < lengths.length; i++) at[i + 1] = at[i]! + lengths[i]!;
  if (at[lengths.length] !== text.length - nl - 1) throw new Error('not an ASCII block: decode it whole');
  return rows.map((i) => text.toString('latin1', nl + 1 + at[i]!, nl + 1 + at[i + 1]!));
}

const dir = benchDataDir('storage-big');
const meta = JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8')) as BigStore;
const db = new Database(join(dir, 'watchpost.db'), { readonly: true, fileMustExist: true });
const q = process.env.Q ?? 'user:user77@example.com';
const range = process.env.RANGE ?? 'all';
const field = process.env.FIELD ?? '';
const end = meta.endMs;
const from = new Date(end - (range === '24h' ? 1 : meta.days + 1) * DAY).toISOString();
const query = resolveQuery({ q, from, to: new Date(end + DAY).toISOString() }, end);
const store = { statements: new StatementCache(db), blocks: BlockReader.for(db) };
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const split = new Map<string, number>();
const add = (k: string, t0: number) => {
  const t = cpu();
  split.set(k, (split.get(k) ?? 0) + t - t0);
  return t;
};
db.transaction(() => {
  let t = cpu();
  const plan = candidateBlocks(store, query, query.range.fromMs, query.range.toMs);
  t = add('block list + skip index', t);
  const data = db.prepare('SELECT data FROM event_blocks WHERE id = ?').pluck();
  const raw = db.prepare('SELECT raw FROM event_blocks WHERE id = ?').pluck();
  const read = columnsOf(query.filter?.sql ?? '').filter((c) => c !== COL.id);
  let rows = 0;
  const answers = new CombinationAnswers();
  const cells = new Map<number, number>();
  const lo = query.range.fromMs;
  const hi = query.range.toMs;
  const n = 60;
  const edges = bucketEdges(lo, hi, n);
  const bucketOf = (x: number): number => {
    let b = Math.min(n - 1, Math.floor(((x - lo) * n) / (hi - lo)));
    while (b > 0 && edges[b]! > x) b--;
    while (b + 1 < n && edges[b + 1]! <= x) b++;
    return b;
  };
  for (const b of plan.blocks) {
    const d = data.get(b.id) as Buffer;
    t = add('read data blob', t);
    const block: DecodedBlock = { cols: [], dicts: [] };
    decodeColumns({ data: () => d, raw: () => Buffer.alloc(0) }, [COL.ts, COL.severity, ...read], block);
    t = add('decode ts, severity, filter columns', t);
    // The verdict as a request computes it (answers remembered across blocks), on the reader's own decode.
    store.blocks.decoded(b.id, [COL.ts, COL.severity, ...read]);
    t = add('the reader reads + decodes the same (as a request does)', t);
    const v = judgeBlock(store, b.id, query.filter, [COL.ts, COL.severity], answers);
    t = add('verdict (combinations, answers, SQL for new ones)', t);
    const ts = v.block.cols[COL.ts]!;
    const sev = v.block.cols[COL.severity]!;
    const hit: number[] = [];
    for (let i = 0; i < v.n; i++) {
      const x = ts[i] as number;
      if (x >= lo && x < hi && (v.of === null || v.yes[v.of[i]!] === 1)) hit.push(i);
    }
    t = add('per-row loop (time test, combination answer)', t);
    for (const i of hit) {
      const key = bucketOf(ts[i] as number) * 64 + (sev[i] as number);
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    t = add('bucketOf + cells', t);
    rows += hit.length;
    const m = { rows: hit };
    if (field) {
      const r = raw.get(b.id) as Buffer;
      t = add('read raw blob', t);
      const into: DecodedBlock = { cols: [], dicts: [] };
      decodeColumns({ data: () => d, raw: () => r }, [12], into);
      t = add('zstd + split raw texts', t);
      const texts = into.cols[12]!;
      for (const i of m.rows) JSON.parse(texts[i] as string);
      t = add('JSON.parse of the matching rows', t);
      const some = rawRowsOf(r, m.rows);
      t = add('proposed: zstd, then only the matching rows (ASCII blocks)', t);
      if (some.some((x, k) => x !== texts[m.rows[k]!])) throw new Error(`block ${b.id}: the partial decode differs`);
      t = cpu();
    }
  }
  console.log(`${q} over ${range}: ${fmt(plan.blocks.length)} blocks, ${fmt(rows)} matching rows`);
})();
for (const [k, v] of split) console.log(`${fmt(v).padStart(7)} ms  ${k}`);
db.close();
