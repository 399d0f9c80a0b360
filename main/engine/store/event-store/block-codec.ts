import { constants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { decodeColumnsV2 } from './block-codec-v2.ts';
import type { HeaderV2 } from './block-codec-v2.ts';

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
export const MESSAGE = 10;
/** The text columns a bare search term may match: host, user, action, message, tags, raw. */
export const TEXT_COLUMNS = [7, 8, 9, 10, 11, 12] as const;
/** Columns coded as delta sequences (ids and times grow nearly monotonically). */
export const DELTA = new Set([0, 2, 3]);
/** zstd level 1: on event text as small as level 3's output here, at a fraction of the CPU. */
const ZSTD_LEVEL = 1;
/** Format 3; 4 = format 3 with each raw text's copy of its message elided (see elideMessage). */
const FORMAT = 3;
const FORMAT_ELIDED = 4;
/** Stands for the message's JSON string inside a stored raw text: valid JSON text never holds a bare NUL. */
const ELIDED = '\u0000';
/** Shorter messages are left in place: the saving would not pay for the look-up. */
const MIN_ELIDED = 8;
/**
 * A block is stored with elided messages only when that removes at least this share of its raw
 * text: reading raw then also decodes the message column, which costs little beside the raw frame
 * only when the messages are a large part of it (real log lines: ~40 %), not for short messages
 * among structured fields (the bench mix: ~8 %).
 */
export const MIN_ELIDED_SHARE = 0.25;

/** One decoded column: a typed array for numbers, an array of strings/nulls for text. */
export type ColumnValues = ArrayLike<number | string | null>;
/** A block's columns (index = ROW_COLUMNS position); undefined = not decoded. */
export type BlockColumns = (ColumnValues | undefined)[];
/** A dictionary-coded text column: its distinct values and one code per row (-1 = null). */
export interface Dictionary {
  values: string[];
  codes: Int32Array;
}
/** What a block has decoded so far: columns, and the dictionaries behind its text columns. */
export interface DecodedBlock {
  cols: BlockColumns;
  dicts: (Dictionary | undefined)[];
}

/** The two blobs of a sealed block: every column but raw, and raw (read only when a query needs it). */
export interface EncodedBlock {
  data: Buffer;
  raw: Buffer;
}

/** Integer widths a number column can be stored in, narrowest first. */
const WIDTHS = [
  { k: 'i8', min: -0x80, max: 0x7f, Kind: Int8Array },
  { k: 'u8', min: 0, max: 0xff, Kind: Uint8Array },
  { k: 'i16', min: -0x8000, max: 0x7fff, Kind: Int16Array },
  { k: 'u16', min: 0, max: 0xffff, Kind: Uint16Array },
  { k: 'i32', min: -0x80000000, max: 0x7fffffff, Kind: Int32Array },
] as const;
type Width = (typeof WIDTHS)[number]['k'];

/**
 * How a number column is stored: `seq` = base + i × step (no bytes: ids, a constant source);
 * `delta` = base plus per-row differences in a narrow integer type (times); `int` = the values in
 * a narrow integer type; `f64` = anything else, exactly.
 */
type NumberSpec =
  | { k: 'seq'; base: number; step: number }
  /** Runs of equal values: run lengths (Int32) then values (Float64); receive times come in batches. */
  | { k: 'runs'; runs: number; at: number }
  | { k: 'delta'; w: Width; base: number; at: number }
  | { k: 'int'; w: Width; at: number }
  | { k: 'f64'; at: number };
/** A text column: its distinct values (JSON, in `frame`) and one code per row (0 = null, else index + 1). */
interface TextSpec {
  k: 'dict';
  words: [number, number];
  codes: NumberSpec;
  /** 0 = the uncompressed pack, 1 = the message frame (at the start of the raw blob). */
  frame: 0 | 1;
}
type ColumnSpec = NumberSpec | TextSpec;

interface Header {
  v: number;
  n: number;
  cols: (ColumnSpec | null)[];
  /** Byte length of the pack (stored as is after the header). */
  pack: number;
}

/**
 * A raw text with the first copy of its message's JSON string literal (`"…"`, as JSON.stringify
 * spells it) replaced by ELIDED, or the text as is. The message column holds that text already:
 * on real logs the message is most of the raw line, and compressed twice it was ~40 % of a
 * block's bytes (the Loghub corpus, docs/benchmarks.md). Exactly reversible (restoreMessage): the
 * marker sits where the literal was, and a block whose raw texts hold a NUL of their own is
 * stored without elision.
 */
function elideMessage(raw: string, message: string | null): string {
  if (message === null || message.length < MIN_ELIDED) return raw;
  const literal = JSON.stringify(message);
  const at = raw.indexOf(literal);
  return at < 0 ? raw : raw.slice(0, at) + ELIDED + raw.slice(at + literal.length);
}

function restoreMessage(stored: string, message: string | null): string {
  const at = stored.indexOf(ELIDED);
  if (at < 0) return stored;
  if (message === null) throw new Error('event block damaged: an elided raw text has no message');
  return stored.slice(0, at) + JSON.stringify(message) + stored.slice(at + 1);
}

function zstd(bytes: Uint8Array): Buffer {
  return zstdCompressSync(bytes, { params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL } });
}

/** Raw text as `[lengths]\n` + the values back to back: no escaping, one slice per value. */
function encodePlain(values: string[]): Buffer {
  return zstd(Buffer.from(`${JSON.stringify(values.map((v) => v.length))}\n${values.join('')}`, 'utf8'));
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

/** Sections of one pack, each starting at a multiple of 8 so typed arrays can view them in place. */
class PackBuilder {
  private readonly parts: Uint8Array[] = [];
  size = 0;
  add(bytes: Uint8Array): number {
    const pad = (8 - (this.size % 8)) % 8;
    if (pad) this.parts.push(new Uint8Array(pad));
    const at = this.size + pad;
    this.parts.push(bytes);
    this.size = at + bytes.byteLength;
    return at;
  }
  bytes(): Buffer {
    const pad = (8 - (this.size % 8)) % 8;
    return Buffer.concat(pad ? [...this.parts, new Uint8Array(pad)] : this.parts);
  }
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The narrowest integer width holding every value, or null (non-integers, or beyond Int32). */
function widthFor(xs: ArrayLike<number>): (typeof WIDTHS)[number] | null {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!Number.isInteger(x)) return null;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return WIDTHS.find((w) => lo >= w.min && hi <= w.max) ?? null;
}

function encodeNumbers(xs: number[], delta: boolean, pack: PackBuilder): NumberSpec {
  const n = xs.length;
  const safe = xs.every((x) => Number.isSafeInteger(x));
  if (safe && n > 0) {
    const step = n > 1 ? xs[1]! - xs[0]! : 0;
    if (Number.isSafeInteger(step) && xs.every((x, i) => x === xs[0]! + i * step)) return { k: 'seq', base: xs[0]!, step };
  }
  let runs = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (xs[i] !== xs[i - 1]) runs++;
  if (runs * 12 <= n) {
    const lengths = new Int32Array(runs);
    const values = new Float64Array(runs);
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && xs[i] !== xs[i - 1]) r++;
      lengths[r]!++;
      values[r] = xs[i]!;
    }
    const at = pack.add(bytesOf(values));
    pack.add(bytesOf(lengths));
    return { k: 'runs', runs, at };
  }
  if (delta && safe && n > 0) {
    const d = xs.map((x, i) => (i === 0 ? 0 : x - xs[i - 1]!));
    const w = widthFor(d);
    if (w) return { k: 'delta', w: w.k, base: xs[0]!, at: pack.add(bytesOf(w.Kind.from(d))) };
  }
  const w = widthFor(xs);
  if (w) return { k: 'int', w: w.k, at: pack.add(bytesOf(w.Kind.from(xs))) };
  return { k: 'f64', at: pack.add(bytesOf(Float64Array.from(xs))) };
}

/** A text column as its distinct values and one code per row: each distinct string stored once. */
function encodeDictionary(values: (string | null)[], pack: PackBuilder, frame: 0 | 1): TextSpec {
  const dict = new Map<string, number>();
  const codes = values.map((v) => {
    if (v === null) return 0;
    let i = dict.get(v);
    if (i === undefined) dict.set(v, (i = dict.size));
    return i + 1;
  });
  const words = Buffer.from(JSON.stringify([...dict.keys()]), 'utf8');
  return { k: 'dict', words: [pack.add(words), words.length], codes: encodeNumbers(codes, false, pack), frame };
}

/**
 * Row tuples (id order) → the block's blobs. `data` = 4-byte header length, a JSON header, then the
 * pack, stored uncompressed: narrow binary columns (ids and times as deltas or runs, enums and
 * dictionary codes as bytes, the dictionaries of host, user, action and tags), read in place as
 * typed arrays. zstd would save a few KB per block and cost a decompression (~50–200 µs of fixed
 * cost in node:zlib) on every read of a histogram's three columns. `raw` = 4-byte length, the
 * message column (a dictionary, often one value per event; zstd), then the raw texts (lengths +
 * the texts; zstd): the large text a page or a text search reads, and an aggregation never does.
 * Format 4 when elision removed at least MIN_ELIDED_SHARE of the raw text (elideMessage), else 3.
 */
export function encodeBlock(rows: RowTuple[]): EncodedBlock {
  const pack = new PackBuilder();
  const message = new PackBuilder();
  const cols: ColumnSpec[] = [];
  for (let c = 0; c < RAW; c++) {
    const col = rows.map((r) => r[c]!);
    if (c === MESSAGE) cols.push(encodeDictionary(col as (string | null)[], message, 1));
    else cols.push(c < 7 ? encodeNumbers(col as number[], DELTA.has(c), pack) : encodeDictionary(col as (string | null)[], pack, 0));
  }
  const packed = pack.bytes();
  const raws = rows.map((r) => r[RAW]);
  let stored = raws;
  if (!raws.some((t) => t.includes(ELIDED))) {
    const elided = raws.map((t, i) => elideMessage(t, rows[i]![MESSAGE] as string | null));
    const length = (ts: string[]) => ts.reduce((n, t) => n + t.length, 0);
    const before = length(raws);
    if (before - length(elided) >= MIN_ELIDED_SHARE * before && before > 0) stored = elided;
  }
  const v = stored === raws ? FORMAT : FORMAT_ELIDED;
  const header = Buffer.from(JSON.stringify({ v, n: rows.length, cols, pack: packed.length } satisfies Header), 'utf8');
  // The pack starts 8-byte aligned within the blob: 4-byte length + header + padding (JSON allows trailing spaces).
  const padded = Buffer.alloc(Math.ceil((4 + header.length) / 8) * 8 - 4, 0x20);
  header.copy(padded);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(padded.length);
  const msg = zstd(message.bytes());
  const msgLen = Buffer.alloc(4);
  msgLen.writeUInt32LE(msg.length);
  return { data: Buffer.concat([len, padded, packed]), raw: Buffer.concat([msgLen, msg, encodePlain(stored)]) };
}

/** `bytes` itself when 8-byte aligned (typed arrays can view it), else an aligned copy. */
function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
}

function widthView(w: Width, frame: Uint8Array, at: number, n: number): ArrayLike<number> {
  const Kind = WIDTHS.find((x) => x.k === w)!.Kind;
  return new Kind(frame.buffer as ArrayBuffer, frame.byteOffset + at, n);
}

/** A number column's values (a typed array; times and ids rebuilt as Float64 from their deltas). */
function decodeNumbersV3(spec: NumberSpec, frame: Uint8Array, n: number): ColumnValues {
  switch (spec.k) {
    case 'seq': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = spec.base + i * spec.step;
      return out;
    }
    case 'runs': {
      const values = new Float64Array(frame.buffer as ArrayBuffer, frame.byteOffset + spec.at, spec.runs);
      const lengths = new Int32Array(frame.buffer as ArrayBuffer, frame.byteOffset + spec.at + spec.runs * 8, spec.runs);
      const out = new Float64Array(n);
      for (let r = 0, i = 0; r < spec.runs; r++) out.fill(values[r]!, i, (i += lengths[r]!));
      return out;
    }
    case 'delta': {
      const d = widthView(spec.w, frame, spec.at, n);
      const out = new Float64Array(n);
      let x = spec.base;
      for (let i = 0; i < n; i++) out[i] = x += i === 0 ? 0 : d[i]!;
      return out;
    }
    case 'int':
      return widthView(spec.w, frame, spec.at, n);
    case 'f64':
      return new Float64Array(frame.buffer, frame.byteOffset + spec.at, n);
  }
}

function decodeDictionaryV3(spec: TextSpec, frame: Uint8Array, n: number): Dictionary {
  const values = JSON.parse(Buffer.from(frame.buffer, frame.byteOffset + spec.words[0], spec.words[1]).toString('utf8')) as string[];
  const stored = decodeNumbersV3(spec.codes, frame, n);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = (stored[i] as number) - 1;
  return { values, codes };
}

/** The row values of a dictionary column. */
export function dictionaryValues(d: Dictionary): (string | null)[] {
  const out = new Array<string | null>(d.codes.length);
  for (let i = 0; i < d.codes.length; i++) {
    const c = d.codes[i]!;
    out[i] = c < 0 ? null : d.values[c]!;
  }
  return out;
}

/** Where a block's blobs come from: read on first use (a histogram never reads raw). */
export interface BlockBlobs {
  data(): Uint8Array;
  raw(): Uint8Array;
}

/** zstd's frame magic: a format-2 raw blob is one bare frame; a format-3 one starts with a length. */
const ZSTD_MAGIC = 0xfd2fb528;

/** The raw texts and (format 3) the message frame inside a raw blob. */
function rawParts(blob: Uint8Array): { message: Uint8Array | null; raw: Uint8Array } {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const first = b.readUInt32LE(0);
  if (first === ZSTD_MAGIC) return { message: null, raw: b };
  return { message: b.subarray(4, 4 + first), raw: b.subarray(4 + first) };
}

/** Decode the listed columns of a block into `into` (columns already there are kept). */
export function decodeColumns(block: BlockBlobs, want: readonly number[], into: DecodedBlock): DecodedBlock {
  const missing = want.filter((c) => !into.cols[c]);
  if (missing.length === 0) return into;
  let parts: ReturnType<typeof rawParts> | null = null;
  const rawBlob = () => (parts ??= rawParts(block.raw()));
  const blob = block.data();
  const data = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const len = data.readUInt32LE(0);
  const header = JSON.parse(data.subarray(4, 4 + len).toString('utf8')) as Header;
  if (header.v === 2) {
    if (missing.includes(RAW)) into.cols[RAW] = decodePlain(rawBlob().raw);
    return decodeColumnsV2(data.subarray(4 + len), header as unknown as HeaderV2, missing, into);
  }
  if (header.v !== FORMAT && header.v !== FORMAT_ELIDED) throw new Error(`event block format ${String(header.v)} is not supported by this build`);
  // An elided raw text needs its message back.
  const cols = header.v === FORMAT_ELIDED && missing.includes(RAW) && !into.cols[MESSAGE] ? [...missing, MESSAGE] : missing;
  let pack: Uint8Array | null = null;
  let message: Uint8Array | null = null;
  for (const c of cols) {
    if (c === RAW) continue;
    const spec = header.cols[c]!;
    if (spec.k === 'dict') {
      const frame =
        spec.frame === 0 ? (pack ??= aligned(data.subarray(4 + len, 4 + len + header.pack))) : (message ??= aligned(zstdDecompressSync(rawBlob().message!)));
      const d = decodeDictionaryV3(spec, frame, header.n);
      into.dicts[c] = d;
      into.cols[c] = dictionaryValues(d);
    } else into.cols[c] = decodeNumbersV3(spec, (pack ??= aligned(data.subarray(4 + len, 4 + len + header.pack))), header.n);
  }
  if (missing.includes(RAW)) {
    const texts = decodePlain(rawBlob().raw);
    if (header.v === FORMAT_ELIDED) {
      const messages = into.cols[MESSAGE]!;
      for (let i = 0; i < texts.length; i++) texts[i] = restoreMessage(texts[i]!, messages[i] as string | null);
    }
    into.cols[RAW] = texts;
  }
  return into;
}

/** Decoded columns (all of them) → row tuples in id order. */
export function toTuples(cols: BlockColumns): RowTuple[] {
  return Array.from({ length: cols[0]!.length }, (_, i) => cols.map((c) => c![i]!) as RowTuple);
}

/** Every column of a block as row tuples (id order). */
export function decodeBlock(data: Uint8Array, raw: Uint8Array): RowTuple[] {
  return toTuples(
    decodeColumns(
      { data: () => data, raw: () => raw },
      ROW_COLUMNS.map((_, i) => i),
      { cols: [], dicts: [] },
    ).cols,
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
