import { constants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';

/**
 * One stored event as the events table holds it (no source join). The same shape comes out of the
 * head table and out of a decoded block.
 */
export interface StoredRow {
  id: number;
  source_seq: number;
  received_at: number;
  ts: number;
  severity: number;
  category: number;
  outcome: number;
  host: string | null;
  user: string | null;
  action: string | null;
  message: string | null;
  tags: string | null;
  raw: string;
}

/** Column order of a decoded row tuple (and of the `event_block` virtual table). */
export const ROW_COLUMNS = [
  'id',
  'source_seq',
  'received_at',
  'ts',
  'severity',
  'category',
  'outcome',
  'host',
  'user',
  'action',
  'message',
  'tags',
  'raw',
] as const;
export type RowTuple = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
];

const ZSTD_LEVEL = 3;

/** Differences from the previous value: ids and times compress to a few repeated small numbers. */
function deltas(xs: number[]): number[] {
  return xs.map((x, i) => (i === 0 ? x : x - xs[i - 1]!));
}
function undelta(ds: number[]): number[] {
  const out = new Array<number>(ds.length);
  let acc = 0;
  for (let i = 0; i < ds.length; i++) out[i] = acc = i === 0 ? ds[0]! : acc + ds[i]!;
  return out;
}

/** Rows (in id order) → one compressed blob: JSON columns, ids/times delta-coded, zstd. */
export function encodeBlock(rows: StoredRow[]): Buffer {
  const col = <K extends keyof StoredRow>(k: K) => rows.map((r) => r[k]);
  const json = JSON.stringify({
    v: 1,
    id: deltas(col('id')),
    src: col('source_seq'),
    rcv: deltas(col('received_at')),
    ts: deltas(col('ts')),
    sev: col('severity'),
    cat: col('category'),
    out: col('outcome'),
    host: col('host'),
    user: col('user'),
    action: col('action'),
    message: col('message'),
    tags: col('tags'),
    raw: col('raw'),
  });
  return zstdCompressSync(Buffer.from(json, 'utf8'), { params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL } });
}

interface BlockJson {
  v: 1;
  id: number[];
  src: number[];
  rcv: number[];
  ts: number[];
  sev: number[];
  cat: number[];
  out: number[];
  host: (string | null)[];
  user: (string | null)[];
  action: (string | null)[];
  message: (string | null)[];
  tags: (string | null)[];
  raw: string[];
}

/** A blob from encodeBlock → row tuples in ROW_COLUMNS order, id order. */
export function decodeBlock(blob: Uint8Array): RowTuple[] {
  const b = JSON.parse(zstdDecompressSync(blob).toString('utf8')) as BlockJson;
  if (b.v !== 1) throw new Error(`event block format ${String(b.v)} is not supported by this build`);
  const id = undelta(b.id);
  const rcv = undelta(b.rcv);
  const ts = undelta(b.ts);
  const out = new Array<RowTuple>(id.length);
  for (let i = 0; i < id.length; i++) {
    out[i] = [id[i]!, b.src[i]!, rcv[i]!, ts[i]!, b.sev[i]!, b.cat[i]!, b.out[i]!, b.host[i]!, b.user[i]!, b.action[i]!, b.message[i]!, b.tags[i]!, b.raw[i]!];
  }
  return out;
}

/** A row tuple as the StoredRow object the rest of the engine reads. */
export function tupleToRow(t: RowTuple): StoredRow {
  return {
    id: t[0],
    source_seq: t[1],
    received_at: t[2],
    ts: t[3],
    severity: t[4],
    category: t[5],
    outcome: t[6],
    host: t[7],
    user: t[8],
    action: t[9],
    message: t[10],
    tags: t[11],
    raw: t[12],
  };
}

/**
 * The block's skip-index document: every distinct text a query term can match (raw, the envelope
 * text columns, tags), one per line. The trigram index over it only has to be a superset: a block
 * whose document lacks a trigram of a term holds no event containing the term.
 */
export function blockDocument(rows: StoredRow[]): string {
  const seen = new Set<string>();
  for (const r of rows) {
    seen.add(r.raw);
    for (const v of [r.host, r.user, r.action, r.message, r.tags]) if (v) seen.add(v);
  }
  return [...seen].join('\n');
}
