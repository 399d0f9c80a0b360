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
const MESSAGE = 10;
/** The text columns a bare search term may match: host, user, action, message, tags, raw. */
export const TEXT_COLUMNS = [7, 8, 9, 10, 11, 12] as const;
/** Columns coded as delta sequences (ids and times grow nearly monotonically). */
const DELTA = new Set([0, 2, 3]);
/** zstd level 1: on event text as small as level 3's output here, at a fraction of the CPU. */
const ZSTD_LEVEL = 1;
const FORMAT = 2;

/** A block's columns as arrays (index = ROW_COLUMNS position); undefined = not decoded. */
export type BlockColumns = ((number | string | null)[] | undefined)[];

/** The two blobs of a sealed block: every column but raw, and raw (read only when a query needs it). */
export interface EncodedBlock {
  data: Buffer;
  raw: Buffer;
}

interface Header {
  v: number;
  n: number;
  /** [offset, length] in UTF-8 bytes of each packed column inside the decompressed pack frame. */
  at: [number, number][];
  /** [offset, length] of the pack frame and of the message frame after the header. */
  frames: [number, number][];
}

function zstd(text: string): Buffer {
  return zstdCompressSync(Buffer.from(text, 'utf8'), { params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL } });
}

/** Raw text as `[lengths]\n` + the values back to back: no escaping, one slice per value. */
function encodePlain(values: string[]): Buffer {
  return zstd(`${JSON.stringify(values.map((v) => v.length))}\n${values.join('')}`);
}

function decodePlain(frame: Uint8Array): string[] {
  const text = zstdDecompressSync(frame).toString('utf8');
  const nl = text.indexOf('\n');
  const lengths = JSON.parse(text.slice(0, nl)) as number[];
  const out = new Array<string>(lengths.length);
  let at = nl + 1;
  for (let i = 0; i < lengths.length; i++) out[i] = text.slice(at, (at += lengths[i]!));
  return out;
}

/**
 * An envelope text column as `[[distinct values], [index per row, -1 = null]]`: a block holds a
 * few hosts, users and actions, so rows share one string each and a filter tests each value once.
 */
function encodeDictionary(values: (string | null)[]): string {
  const dict = new Map<string, number>();
  const idx = values.map((v) => {
    if (v === null) return -1;
    let i = dict.get(v);
    if (i === undefined) dict.set(v, (i = dict.size));
    return i;
  });
  return JSON.stringify([[...dict.keys()], idx]);
}

function decodeDictionary(text: string): (string | null)[] {
  const [dict, idx] = JSON.parse(text) as [string[], number[]];
  return idx.map((i) => (i < 0 ? null : dict[i]!));
}

function encodeNumbers(xs: number[], delta: boolean): string {
  return JSON.stringify(delta ? xs.map((x, i) => (i === 0 ? x : x - xs[i - 1]!)) : xs);
}

function decodeNumbers(text: string, delta: boolean): number[] {
  const xs = JSON.parse(text) as number[];
  if (delta) for (let i = 1; i < xs.length; i++) xs[i]! += xs[i - 1]!;
  return xs;
}

/**
 * Row tuples (id order) → the block's blobs. `data` = 4-byte header length, a JSON header, then
 * two zstd frames: the pack (ids, times, enums, source, host, user, action, tags, each its own
 * JSON text: numbers delta-coded where they grow, text as a dictionary) and message (a
 * dictionary). `raw` = the raw column (lengths + concatenation). A histogram on user reads one
 * small frame; only queries that need raw decompress it.
 */
export function encodeBlock(rows: RowTuple[]): EncodedBlock {
  const parts: string[] = [];
  const at: [number, number][] = [];
  let offset = 0;
  for (let c = 0; c < RAW; c++) {
    if (c === MESSAGE) {
      at.push([0, 0]);
      continue;
    }
    const col = rows.map((r) => r[c]!);
    const text = c < 7 ? encodeNumbers(col as number[], DELTA.has(c)) : encodeDictionary(col as (string | null)[]);
    const bytes = Buffer.byteLength(text, 'utf8');
    parts.push(text);
    at.push([offset, bytes]);
    offset += bytes;
  }
  const pack = zstd(parts.join(''));
  const message = zstd(encodeDictionary(rows.map((r) => r[MESSAGE])));
  const header: Header = {
    v: FORMAT,
    n: rows.length,
    at,
    frames: [
      [0, pack.length],
      [pack.length, message.length],
    ],
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  return { data: Buffer.concat([len, head, pack, message]), raw: encodePlain(rows.map((r) => r[RAW])) };
}

/** Decode the listed columns of a block into `into` (columns already there are kept). */
export function decodeColumns(block: { data?: Uint8Array; raw?: Uint8Array }, want: readonly number[], into: BlockColumns): BlockColumns {
  const missing = want.filter((c) => !into[c]);
  if (missing.includes(RAW)) into[RAW] = decodePlain(block.raw!);
  if (!missing.some((c) => c !== RAW)) return into;
  const data = Buffer.from(block.data!.buffer, block.data!.byteOffset, block.data!.byteLength);
  const len = data.readUInt32LE(0);
  const header = JSON.parse(data.subarray(4, 4 + len).toString('utf8')) as Header;
  if (header.v !== FORMAT) throw new Error(`event block format ${String(header.v)} is not supported by this build`);
  const frame = (k: number) => zstdDecompressSync(data.subarray(4 + len + header.frames[k]![0], 4 + len + header.frames[k]![0] + header.frames[k]![1]));
  let pack: Buffer | null = null;
  for (const c of missing) {
    if (c === RAW) continue;
    if (c === MESSAGE) {
      into[c] = decodeDictionary(frame(1).toString('utf8'));
      continue;
    }
    pack ??= frame(0);
    const [o, n] = header.at[c]!;
    const text = pack.toString('utf8', o, o + n);
    into[c] = c < 7 ? decodeNumbers(text, DELTA.has(c)) : decodeDictionary(text);
  }
  return into;
}

/** Decoded columns (all of them) → row tuples in id order. */
export function toTuples(cols: BlockColumns): RowTuple[] {
  return cols[0]!.map((_, i) => cols.map((c) => c![i]!) as RowTuple);
}

/** Every column of a block as row tuples (id order). */
export function decodeBlock(data: Uint8Array, raw: Uint8Array): RowTuple[] {
  return toTuples(
    decodeColumns(
      { data, raw },
      ROW_COLUMNS.map((_, i) => i),
      [],
    ),
  );
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
