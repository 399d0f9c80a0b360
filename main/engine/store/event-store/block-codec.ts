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

/** Index of the raw column: the only column stored in its own blob (`event_blocks.raw`). */
export const RAW = 12;
/** The text columns a bare search term may match: host, user, action, message, tags, raw. */
export const TEXT_COLUMNS = [7, 8, 9, 10, 11, 12] as const;
/** Columns coded as delta sequences (ids and times grow nearly monotonically). */
const DELTA = new Set([0, 2, 3]);
const ZSTD_LEVEL = 3;
const FORMAT = 2;

/** A block's columns as arrays (index = ROW_COLUMNS position); undefined = not decoded. */
export type BlockColumns = ((number | string | null)[] | undefined)[];

/** The two blobs of a sealed block: every column but raw (separately compressed frames), and raw. */
export interface EncodedBlock {
  data: Buffer;
  raw: Buffer;
}

function zstd(text: string): Buffer {
  return zstdCompressSync(Buffer.from(text, 'utf8'), { params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL } });
}

/** A text column as `[lengths]\n` + the values back to back (-1 = null): no escaping, one slice per value. */
function encodeText(values: (string | null)[]): Buffer {
  const lengths = values.map((v) => (v === null ? -1 : v.length));
  return zstd(`${JSON.stringify(lengths)}\n${values.map((v) => v ?? '').join('')}`);
}

function decodeText(frame: Uint8Array): (string | null)[] {
  const text = zstdDecompressSync(frame).toString('utf8');
  const nl = text.indexOf('\n');
  const lengths = JSON.parse(text.slice(0, nl)) as number[];
  const out = new Array<string | null>(lengths.length);
  let at = nl + 1;
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i]!;
    if (n < 0) out[i] = null;
    else {
      out[i] = text.slice(at, at + n);
      at += n;
    }
  }
  return out;
}

function encodeNumbers(xs: number[], delta: boolean): Buffer {
  return zstd(JSON.stringify(delta ? xs.map((x, i) => (i === 0 ? x : x - xs[i - 1]!)) : xs));
}

function decodeNumbers(frame: Uint8Array, delta: boolean): number[] {
  const xs = JSON.parse(zstdDecompressSync(frame).toString('utf8')) as number[];
  if (delta) for (let i = 1; i < xs.length; i++) xs[i]! += xs[i - 1]!;
  return xs;
}

/**
 * Row tuples (id order) → the block's blobs. `data` = 4-byte header length, a JSON header
 * `{v, n, at: [[offset, length] per column]}`, then one zstd frame per column (numbers as JSON,
 * ids and times delta-coded; text as lengths + concatenation); `raw` = the raw column's frame. A
 * query decodes only the frames of the columns it reads.
 */
export function encodeBlock(rows: RowTuple[]): EncodedBlock {
  const frames: Buffer[] = [];
  for (let c = 0; c < RAW; c++) {
    const col = rows.map((r) => r[c]!);
    frames.push(c < 7 ? encodeNumbers(col as number[], DELTA.has(c)) : encodeText(col as (string | null)[]));
  }
  const at: [number, number][] = [];
  let offset = 0;
  for (const f of frames) {
    at.push([offset, f.length]);
    offset += f.length;
  }
  const header = Buffer.from(JSON.stringify({ v: FORMAT, n: rows.length, at }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  return { data: Buffer.concat([len, header, ...frames]), raw: encodeText(rows.map((r) => r[RAW])) };
}

/** Decode the listed columns of a block into `into` (columns already there are kept). */
export function decodeColumns(block: { data?: Uint8Array; raw?: Uint8Array }, want: readonly number[], into: BlockColumns): BlockColumns {
  let header: { v: number; n: number; at: [number, number][] } | null = null;
  let body = 0;
  for (const c of want) {
    if (into[c]) continue;
    if (c === RAW) {
      into[c] = decodeText(block.raw!);
      continue;
    }
    const data = Buffer.from(block.data!.buffer, block.data!.byteOffset, block.data!.byteLength);
    if (!header) {
      const len = data.readUInt32LE(0);
      header = JSON.parse(data.subarray(4, 4 + len).toString('utf8')) as { v: number; n: number; at: [number, number][] };
      if (header.v !== FORMAT) throw new Error(`event block format ${String(header.v)} is not supported by this build`);
      body = 4 + len;
    }
    const [o, n] = header.at[c]!;
    const frame = data.subarray(body + o, body + o + n);
    into[c] = c < 7 ? decodeNumbers(frame, DELTA.has(c)) : decodeText(frame);
  }
  return into;
}

/** Every column of a block as row tuples (id order). */
export function decodeBlock(data: Uint8Array, raw: Uint8Array): RowTuple[] {
  const cols = decodeColumns({ data, raw }, ROW_COLUMNS.map((_, i) => i), []);
  return cols[0]!.map((_, i) => cols.map((c) => c![i]!) as RowTuple);
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
