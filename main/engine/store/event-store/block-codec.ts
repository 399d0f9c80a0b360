import { unzstd, zstd, ZSTD_MAGIC } from './zstd.ts';
import { decodeColumnsV2 } from './block-codec-v2.ts';
import type { HeaderV2 } from './block-codec-v2.ts';
import { EnvelopeHoles, holeLiterals, MARKS, MESSAGE_MARK, messageHoles, restoreRaws, withoutHoles, withoutMessage } from './block-raw.ts';
import { aligned, decodeNumbersV3, encodeNumbers, PackBuilder } from './block-numbers.ts';
import type { NumberSpec } from './block-numbers.ts';
import { decodeTemplated, templatedCount, templateWords } from './block-template-reader.ts';
import { encodeTemplated } from './block-templates.ts';

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
/**
 * Format 3; 4 = format 3 with each raw text's copy of its message elided (block-raw.ts); 5 = the
 * message dictionary and the raw texts as templates and variables (block-templates.ts), raw
 * texts' copies of time stamp and host elided too. This build writes 5; 3 and 4 are written
 * only when asked for (the re-encoding bench compares them).
 */
const FORMAT = 3;
const FORMAT_ELIDED = 4;
export const FORMAT_TEMPLATED = 5;
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

/** A text column: its distinct values (JSON, in `frame`) and one code per row (0 = null, else index + 1). */
interface TextSpec {
  k: 'dict';
  words: [number, number];
  codes: NumberSpec;
  /** 0 = the uncompressed pack, 1 = the message frame (at the start of the raw blob). */
  frame: 0 | 1;
  /** 1 = the distinct values are a templated blob (format 5), else JSON. */
  tpl?: 1;
}
type ColumnSpec = NumberSpec | TextSpec;

interface Header {
  v: number;
  n: number;
  cols: (ColumnSpec | null)[];
  /** Byte length of the pack (stored as is after the header). */
  pack: number;
  /** Format 5: the raw frame is a templated blob (else lengths and texts, when a raw text holds a reserved character). */
  tpl?: 1;
}

/** Raw text as `[lengths]\n` + the values back to back: no escaping, one slice per value. */
function encodePlain(values: string[]): Buffer {
  return zstd(Buffer.from(`${JSON.stringify(values.map((v) => v.length))}\n${values.join('')}`, 'utf8'));
}

function decodePlain(frame: Uint8Array): string[] {
  const text = unzstd(frame).toString('utf8');
  const nl = text.indexOf('\n');
  const lengths = JSON.parse(text.slice(0, nl)) as number[];
  const out = new Array<string>(lengths.length);
  let at = nl + 1;
  for (let i = 0; i < lengths.length; i++) out[i] = text.slice(at, (at += lengths[i]!));
  return out;
}

/**
 * A text column as its distinct values and one code per row: each distinct string stored once,
 * as JSON or (`templated`, when no value holds a reserved character) as templates and variables.
 */
function encodeDictionary(values: (string | null)[], pack: PackBuilder, frame: 0 | 1, templated = false): TextSpec {
  const dict = new Map<string, number>();
  const codes = values.map((v) => {
    if (v === null) return 0;
    let i = dict.get(v);
    if (i === undefined) dict.set(v, (i = dict.size));
    return i + 1;
  });
  const tpl = templated ? encodeTemplated([...dict.keys()]) : null;
  const words = tpl ?? Buffer.from(JSON.stringify([...dict.keys()]), 'utf8');
  const spec: TextSpec = { k: 'dict', words: [pack.add(words), words.length], codes: encodeNumbers(codes, false, pack), frame };
  return tpl ? { ...spec, tpl: 1 } : spec;
}

/**
 * Row tuples (id order) → the block's blobs. `data` = 4-byte header length, a JSON header, then the
 * pack, stored uncompressed: narrow binary columns (ids and times as deltas or runs, enums and
 * dictionary codes as bytes, the dictionaries of host, user, action and tags), read in place as
 * typed arrays. zstd would save a few KB per block and cost a decompression (~50–200 µs of fixed
 * cost in node:zlib) on every read of a histogram's three columns. `raw` = 4-byte length, the
 * message column (a dictionary, often one value per event; zstd), then the raw texts (zstd): the
 * large text a page or a text search reads, and an aggregation never does.
 *
 * Which format: where eliding each raw text's message removes at least MIN_ELIDED_SHARE of the raw
 * text (real log lines), format 5: the message dictionary and the raw texts (their copies of
 * message, time stamp and host elided) as templates and variables; blocks whose raw texts hold a
 * marker character get format 4 (message elision alone) instead. Elsewhere (short messages among
 * structured fields: the bench mix) format 3, whose plain text frames decode faster than templates
 * (docs/benchmarks.md). `format` 4 writes what builds before format 5 wrote, for comparison.
 */
export function encodeBlock(rows: RowTuple[], format: typeof FORMAT_ELIDED | typeof FORMAT_TEMPLATED = FORMAT_TEMPLATED): EncodedBlock {
  const raws = rows.map((r) => r[RAW]);
  const messages = rows.map((r) => r[MESSAGE]);
  const elided = raws.some((t) => t.includes(MESSAGE_MARK)) ? null : messageHoles(raws, messages, MIN_ELIDED_SHARE);
  const templated = format === FORMAT_TEMPLATED && elided !== null && !raws.some((t) => MARKS.test(t));
  const pack = new PackBuilder();
  const message = new PackBuilder();
  const cols: ColumnSpec[] = [];
  for (let c = 0; c < RAW; c++) {
    const col = rows.map((r) => r[c]!);
    if (c === MESSAGE) cols.push(encodeDictionary(col as (string | null)[], message, 1, templated));
    else cols.push(c < 7 ? encodeNumbers(col as number[], DELTA.has(c), pack) : encodeDictionary(col as (string | null)[], pack, 0));
  }
  const packed = pack.bytes();
  let fields: { v: number; tpl?: 1 } = { v: elided ? FORMAT_ELIDED : FORMAT };
  let rawFrame: Buffer;
  if (templated) {
    const envelope = new EnvelopeHoles();
    const holes = rows.map((r, i) => envelope.of(raws[i]!, elided, i, r[3], r[7]));
    const tpl = encodeTemplated(raws, (i) => holes[i]!);
    fields = tpl ? { v: FORMAT_TEMPLATED, tpl: 1 } : { v: FORMAT_TEMPLATED };
    rawFrame = tpl ? zstd(tpl) : encodePlain(raws.map((t, i) => withoutHoles(t, holes[i]!)));
  } else rawFrame = encodePlain(elided ? raws.map((t, i) => withoutMessage(t, elided, i)) : raws);
  const header = Buffer.from(JSON.stringify({ ...fields, n: rows.length, cols, pack: packed.length } satisfies Header), 'utf8');
  // The pack starts 8-byte aligned within the blob: 4-byte length + header + padding (JSON allows trailing spaces).
  const padded = Buffer.alloc(Math.ceil((4 + header.length) / 8) * 8 - 4, 0x20);
  header.copy(padded);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(padded.length);
  const msg = zstd(message.bytes());
  const msgLen = Buffer.alloc(4);
  msgLen.writeUInt32LE(msg.length);
  return { data: Buffer.concat([len, padded, packed]), raw: Buffer.concat([msgLen, msg, rawFrame]) };
}

/** A dictionary column; with `rows` (a templated one), only the values those rows use are built (the others are ''). */
function decodeDictionaryV3(spec: TextSpec, frame: Uint8Array, n: number, rows: Uint8Array | null = null): Dictionary {
  const words = Buffer.from(frame.buffer, frame.byteOffset + spec.words[0], spec.words[1]);
  const stored = decodeNumbersV3(spec.codes, frame, n);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = (stored[i] as number) - 1;
  let used: Uint8Array | null = null;
  if (rows && spec.tpl) {
    used = new Uint8Array(templatedCount(words));
    for (let i = 0; i < n; i++) if (rows[i] && codes[i]! >= 0) used[codes[i]!] = 1;
  }
  const values = spec.tpl ? decodeTemplated(words, null, used) : (JSON.parse(words.toString('utf8')) as string[]);
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

/** The raw texts and (format 3) the message frame inside a raw blob: a format-2 raw blob is one bare zstd frame, a format-3 one starts with a length. */
function rawParts(blob: Uint8Array): { message: Uint8Array | null; raw: Uint8Array } {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const first = b.readUInt32LE(0);
  if (first === ZSTD_MAGIC) return { message: null, raw: b };
  return { message: b.subarray(4, 4 + first), raw: b.subarray(4 + first) };
}

/** A data blob, its header's byte length and the header (4-byte length, then JSON). */
function readHeader(blob: Uint8Array): { data: Buffer; len: number; header: Header } {
  const data = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const len = data.readUInt32LE(0);
  return { data, len, header: JSON.parse(data.subarray(4, 4 + len).toString('utf8')) as Header };
}

/**
 * Decode the listed columns of a block into `into` (columns already there are kept). With `rows`
 * (rows[i] = 1 for the rows that will be read), templated text — format 5's message dictionary and
 * raw texts — is built only for those rows and is '' for the others: `into` then holds a partial
 * block that must not be cached or read past those rows (BlockReader serves such views only).
 */
export function decodeColumns(block: BlockBlobs, want: readonly number[], into: DecodedBlock, rows: Uint8Array | null = null): DecodedBlock {
  const missing = want.filter((c) => !into.cols[c]);
  if (missing.length === 0) return into;
  let parts: ReturnType<typeof rawParts> | null = null;
  const rawBlob = () => (parts ??= rawParts(block.raw()));
  const { data, len, header } = readHeader(block.data());
  if (header.v === 2) {
    if (missing.includes(RAW)) into.cols[RAW] = decodePlain(rawBlob().raw);
    return decodeColumnsV2(data.subarray(4 + len), header as unknown as HeaderV2, missing, into);
  }
  if (header.v !== FORMAT && header.v !== FORMAT_ELIDED && header.v !== FORMAT_TEMPLATED)
    throw new Error(`event block format ${String(header.v)} is not supported by this build`);
  // An elided raw text needs the columns its copies were taken from.
  const cols = missing.includes(RAW) ? [...missing, ...restoredFrom(header).filter((c) => !into.cols[c] && !missing.includes(c))] : missing;
  let pack: Uint8Array | null = null;
  let message: Uint8Array | null = null;
  for (const c of cols) {
    if (c === RAW) continue;
    const spec = header.cols[c]!;
    if (spec.k === 'dict') {
      const frame = spec.frame === 0 ? (pack ??= aligned(data.subarray(4 + len, 4 + len + header.pack))) : (message ??= aligned(unzstd(rawBlob().message!)));
      const d = decodeDictionaryV3(spec, frame, header.n, rows);
      into.dicts[c] = d;
      into.cols[c] = dictionaryValues(d);
    } else into.cols[c] = decodeNumbersV3(spec, (pack ??= aligned(data.subarray(4 + len, 4 + len + header.pack))), header.n);
  }
  if (missing.includes(RAW)) {
    const frame = rawBlob().raw;
    const envelope = header.v === FORMAT_TEMPLATED ? { ts: into.cols[3]!, host: into.cols[7]!, dict: into.dicts[7] } : null;
    const holes = header.v === FORMAT ? null : holeLiterals({ values: into.cols[MESSAGE], dict: into.dicts[MESSAGE] }, envelope);
    // A templated raw frame has its elided copies filled while it is decoded; plain ones after.
    const texts = header.tpl ? decodeTemplated(unzstd(frame), holes, rows) : decodePlain(frame);
    if (texts.length !== header.n) throw new Error(`event block damaged: ${texts.length} raw texts for ${header.n} events`);
    if (holes && !header.tpl) restoreRaws(texts, holes, envelope !== null);
    into.cols[RAW] = texts;
  }
  return into;
}

/**
 * The template words (block-template-reader.ts `templateWords`) of a format-5 block whose raw
 * texts and message dictionary are both templated: every literal byte of its raw texts and
 * messages, beside the variables (digits, addresses, hex ids) and the elided copies. Null for
 * other blocks. Reads and decompresses the raw blob, builds no text.
 */
export function templatedWords(block: BlockBlobs): { raw: Uint8Array; message: Uint8Array } | null {
  const { header } = readHeader(block.data());
  const spec = header.cols[MESSAGE] as TextSpec | null;
  if (header.v !== FORMAT_TEMPLATED || !header.tpl || !spec || spec.k !== 'dict' || !spec.tpl || spec.frame !== 1) return null;
  const parts = rawParts(block.raw());
  if (!parts.message) return null;
  const message = unzstd(parts.message);
  return { raw: templateWords(unzstd(parts.raw)), message: templateWords(message.subarray(spec.words[0], spec.words[0] + spec.words[1])) };
}

/** The columns a block's raw texts are restored from: the message (formats 4 and 5), time and host (5). */
function restoredFrom(header: Header): number[] {
  return header.v === FORMAT_ELIDED ? [MESSAGE] : header.v === FORMAT_TEMPLATED ? [MESSAGE, 3, 7] : [];
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
