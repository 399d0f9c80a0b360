import { isRawPathKey } from '../../../../shared/query/index.ts';
import { ROW_COLUMNS } from './block-codec.ts';
import type { ColumnValues, Dictionary } from './block-codec.ts';
import { aligned } from './block-numbers.ts';
import { unzstd, zstd } from './zstd.ts';

/**
 * Path columns: the values a block's raw texts hold at each object path (`request.path`), one code
 * per event, built from the raw texts after the block is sealed (docs/storage.md, "Path columns").
 * A top of `raw.<path>` then counts codes instead of decompressing and walking every raw text.
 *
 * A column answers exactly what SQLite's JSON functions answer on the stored text (search/top.ts
 * valueSql), so a path gets one in a block only where every event's value there reads back the
 * same: strings (no NUL, no unpaired UTF-16 surrogate), integers spelled as plain digits (up to 15),
 * booleans; null and a missing key are "no value". A path where some event holds an array, an
 * object, a real number or another spelling is listed in the block's manifest instead, and a
 * query falls back to the raw text for that block. A raw text the scanner cannot vouch for (a key
 * written with escapes, a key twice in one object, not an object) leaves the block without
 * columns at all.
 */

/** The manifest's path: a key can never be empty, so no column has it. */
export const MANIFEST = '';
/**
 * Most stored bytes per event of the block one column may take, and (five times as much) all of a
 * block's columns: wide values (time stamps, messages, unique ids) stay in the raw text only. A
 * small block may still keep MIN_COLUMN_BYTES per column. That is room for a field with
 * thousands of distinct values in a block of 4,096 (ports, process ids, the addresses of a
 * network: 1.6–2.3 bytes per event on the bench mix), not for unique ids or time stamps (3.6 and
 * 5.7). On the bench mix this keeps every field up to the source addresses, on Loghub lines the
 * level, app, pid, host and message (docs/storage.md, "Path columns").
 */
export const COLUMN_BYTES_PER_EVENT = 3;
const MIN_COLUMN_BYTES = 256;
/** Integers SQLite and JavaScript both read as the same digits (raw-path.ts PLAIN_INTEGER, without -0). */
const PLAIN_INTEGER = /^(?:0|-?[1-9]\d{0,14})$/;
/** A UTF-16 surrogate without its pair (SQLite reads it as U+FFFD), or NUL. */
const LONE_SURROGATE_OR_NUL = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\0/;

/** Path flags: some event holds an object there, an array, or another value a column cannot hold (a real, an unusual spelling, a string with NUL or an unpaired surrogate). */
const Flag = { Object: 1, Array: 2, Other: 4 } as const;

/** Thrown while scanning: the block gets no columns (the manifest says so). */
class Unshreddable extends Error {}

class PathNode {
  readonly key: string;
  readonly full: string;
  /** Whether a query can name this key (else its values are scanned over). */
  readonly addressable: boolean;
  flags = 0;
  /** The last row that gave this path a value: a second in the same row is a duplicate key. */
  last = -1;
  /** Rows' codes: 0 = no value, else 1 + index in `labels`. */
  readonly codes: Int32Array;
  readonly dict = new Map<string, number>();
  readonly labels: string[] = [];
  /** Every value so far is a plain non-negative integer. */
  ints = true;
  readonly children = new Map<string, PathNode>();
  /** The children in the order the last object here listed them. */
  readonly order: PathNode[] = [];

  constructor(key: string, full: string, n: number) {
    this.key = key;
    this.full = full;
    this.addressable = isRawPathKey(key);
    this.codes = new Int32Array(n);
  }

  record(row: number, label: string, int: boolean): void {
    let code = this.dict.get(label);
    if (code === undefined) {
      this.labels.push(label);
      this.dict.set(label, (code = this.labels.length));
    }
    this.codes[row] = code;
    if (!int || label.charCodeAt(0) === 45 /* - */) this.ints = false;
  }
}

/** Walks JSON texts known to be valid (ingest parsed each), recording scalar values per object path. */
class Scanner {
  private t = '';
  private i = 0;
  /** Where the next backslash at or after `i` is (Infinity: none): strings and keys before it hold no escapes. */
  private bs = Infinity;
  private row = 0;
  readonly root: PathNode;
  private readonly n: number;

  constructor(n: number) {
    this.n = n;
    this.root = new PathNode('', '', n);
  }

  scan(text: string, row: number): void {
    this.t = text;
    this.i = 0;
    this.nextSlash();
    this.row = row;
    this.ws();
    if (text.charCodeAt(this.i) !== 123 /* { */) throw new Unshreddable('a raw text is not an object');
    this.object(this.root);
  }

  private nextSlash(): void {
    const at = this.t.indexOf('\\', this.i);
    this.bs = at < 0 ? Infinity : at;
  }

  private ws(): void {
    const t = this.t;
    let c = t.charCodeAt(this.i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++this.i);
  }

  /** One value at `node` (null: a part no query reaches, scanned over). */
  private value(node: PathNode | null): void {
    this.ws();
    const c = this.t.charCodeAt(this.i);
    if (c === 123) {
      if (node) node.flags |= Flag.Object;
      this.object(node);
    } else if (c === 91 /* [ */) {
      if (node) node.flags |= Flag.Array;
      this.array();
    } else if (c === 34 /* " */) {
      const s = this.string();
      if (node) {
        if (LONE_SURROGATE_OR_NUL.test(s)) node.flags |= Flag.Other;
        else node.record(this.row, s, false);
      }
    } else if (c === 116 /* t */ || c === 102 /* f */ || c === 110 /* n */) {
      const word = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
      if (!this.t.startsWith(word, this.i)) throw new Unshreddable('bad literal');
      this.i += word.length;
      if (node && c !== 110) node.record(this.row, word, false);
    } else {
      const t = this.t;
      const start = this.i;
      let d = t.charCodeAt(this.i);
      while ((d >= 48 && d <= 57) || d === 45 || d === 43 || d === 46 || d === 101 || d === 69) d = t.charCodeAt(++this.i);
      if (this.i === start) throw new Unshreddable(`unexpected character at ${start}`);
      if (node) {
        const spelling = t.slice(start, this.i);
        if (PLAIN_INTEGER.test(spelling)) node.record(this.row, spelling, true);
        else node.flags |= Flag.Other;
      }
    }
  }

  private object(node: PathNode | null): void {
    const t = this.t;
    this.i++;
    this.ws();
    if (t.charCodeAt(this.i) === 125 /* } */) {
      this.i++;
      return;
    }
    for (let k = 0; ; k++) {
      this.ws();
      if (t.charCodeAt(this.i) !== 34) throw new Unshreddable('expected a key');
      let child: PathNode | null = null;
      // Events of a block mostly spell their keys in the same order: try the key this place held last time.
      const guess = node?.order[k];
      if (guess && t.startsWith(guess.key, this.i + 1) && t.charCodeAt(this.i + 1 + guess.key.length) === 34 && this.i + 1 + guess.key.length < this.bs) {
        this.i += guess.key.length + 2;
        child = guess;
      } else {
        const end = t.indexOf('"', this.i + 1);
        // A key written with escapes may equal another key once unescaped: no columns for this block.
        if (end < 0 || this.bs < end) throw new Unshreddable('a key is written with escapes');
        const key = t.slice(this.i + 1, end);
        this.i = end + 1;
        if (node) {
          child = node.children.get(key) ?? null;
          if (!child) node.children.set(key, (child = new PathNode(key, node === this.root ? key : `${node.full}.${key}`, this.n)));
          node.order[k] = child;
        }
      }
      this.ws();
      if (t.charCodeAt(this.i) !== 58 /* : */) throw new Unshreddable('expected a colon');
      this.i++;
      if (child) {
        // Which of two equal keys a JSON reader keeps differs between readers: no columns for this block.
        if (child.last === this.row) throw new Unshreddable('a key appears twice in one object');
        child.last = this.row;
      }
      this.value(child?.addressable ? child : null);
      this.ws();
      const c = t.charCodeAt(this.i++);
      if (c === 125) return;
      if (c !== 44 /* , */) throw new Unshreddable('expected a comma');
    }
  }

  private array(): void {
    const t = this.t;
    this.i++;
    this.ws();
    if (t.charCodeAt(this.i) === 93 /* ] */) {
      this.i++;
      return;
    }
    for (;;) {
      this.value(null);
      this.ws();
      const c = t.charCodeAt(this.i++);
      if (c === 93) return;
      if (c !== 44) throw new Unshreddable('expected a comma');
    }
  }

  /** A string's value; `i` on its opening quote, left after its closing one. */
  private string(): string {
    const t = this.t;
    const start = this.i;
    const end = t.indexOf('"', start + 1);
    if (end < 0) throw new Unshreddable('unterminated string');
    if (end < this.bs) {
      this.i = end + 1;
      return t.slice(start + 1, end);
    }
    let j = start + 1;
    for (;;) {
      const c = t.charCodeAt(j);
      if (Number.isNaN(c)) throw new Unshreddable('unterminated string');
      if (c === 92) j += 2;
      else if (c === 34) break;
      else j++;
    }
    this.i = j + 1;
    this.nextSlash();
    return JSON.parse(t.slice(start, j + 1)) as string;
  }
}

/** What a block's scan left: its columns by path and its manifest, as stored. */
export interface ShreddedBlock {
  columns: { path: string; data: Buffer }[];
  manifest: string;
}

/** The manifest of a block: which paths a query must read from the raw text (none: the whole block). */
interface Manifest {
  v: 1;
  /** No columns: some raw text could not be vouched for. */
  none?: 1;
  /** Paths where some event holds an array: these and every path below them. */
  arrays?: string[];
  /** Paths with no column of their own (objects, reals, or too wide to keep). */
  skip?: string[];
}

const HEADER = 16;
/** The typed array of a column's codes, by their width in bytes. */
const CODES = { 1: Uint8Array, 2: Uint16Array, 4: Uint32Array } as const;
const KIND_DICT = 1;
const KIND_INT = 2;
/** A column equal to an envelope column of the block: 2 bytes, [KIND_TWIN, column] (no zstd frame starts with 3). */
const KIND_TWIN = 3;
/** Top-level raw keys ingest copies into the envelope column of the same name (when a string short enough). */
const TWINS = new Map(['host', 'user', 'action', 'message'].map((k) => [k, ROW_COLUMNS.indexOf(k as (typeof ROW_COLUMNS)[number])]));
/** The envelope columns shredRaws may compare raw keys with. */
export const TWIN_COLUMNS = [...TWINS.values()];

/** Whether `node` holds, row for row, exactly the envelope column's values (no value ↔ null). */
function sameAs(node: PathNode, column: ColumnValues): boolean {
  const { codes, labels } = node;
  for (let i = 0; i < codes.length; i++) {
    const v = column[i];
    if (codes[i] === 0 ? v !== null : v !== labels[codes[i]! - 1]) return false;
  }
  return true;
}

/**
 * One column: a 16-byte header (kind, code width, rows, dictionary bytes, largest code), the codes
 * (1, 2 or 4 bytes each, 0 = no value) and, for text, the labels as a JSON array; zstd over all.
 * Columns of plain non-negative integers store value + 1 as the code and no dictionary.
 */
function encodeColumn(node: PathNode): Buffer {
  const n = node.codes.length;
  let values = node.ints ? node.labels.map((l) => Number(l) + 1) : null;
  // Codes are at most 32 bits wide: larger integers are stored as text.
  if (values?.some((v) => v > 0xffffffff)) values = null;
  const int = values !== null;
  const codes = values ? Float64Array.from(node.codes, (c) => (c === 0 ? 0 : values[c - 1]!)) : node.codes;
  let max = 0;
  for (let i = 0; i < n; i++) if (codes[i]! > max) max = codes[i]!;
  const width = max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
  const dict = int ? Buffer.alloc(0) : Buffer.from(JSON.stringify(node.labels), 'utf8');
  const out = Buffer.alloc(HEADER + n * width + dict.length);
  out.writeUInt8(int ? KIND_INT : KIND_DICT, 0);
  out.writeUInt8(width, 1);
  out.writeUInt32LE(n, 4);
  out.writeUInt32LE(dict.length, 8);
  out.writeUInt32LE(max, 12);
  const view = new CODES[width](out.buffer, out.byteOffset + HEADER, n);
  for (let i = 0; i < n; i++) view[i] = codes[i]!;
  dict.copy(out, HEADER + n * width);
  return zstd(out);
}

/**
 * Scan a block's raw texts (id order) into its path columns and manifest. Columns are kept
 * narrowest first within their budget (COLUMN_BYTES_PER_EVENT); the rest are listed as skipped.
 * With `envelope` (the block's decoded columns), a top-level key whose values equal its envelope
 * column's row for row is stored as a reference to it.
 */
export function shredRaws(
  raws: readonly string[],
  envelope: ((c: number) => ColumnValues) | null = null,
  bytesPerEvent = COLUMN_BYTES_PER_EVENT,
): ShreddedBlock {
  const scanner = new Scanner(raws.length);
  try {
    for (let r = 0; r < raws.length; r++) scanner.scan(raws[r]!, r);
  } catch (err) {
    if (!(err instanceof Unshreddable)) throw err;
    return { columns: [], manifest: JSON.stringify({ v: 1, none: 1 } satisfies Manifest) };
  }
  const arrays: string[] = [];
  const skip: string[] = [];
  const built: { path: string; data: Buffer }[] = [];
  const walk = (node: PathNode) => {
    for (const child of node.children.values()) {
      if (child.flags & Flag.Array) arrays.push(child.full);
      else if (child.flags !== 0) skip.push(child.full);
      else if (child.labels.length > 0) {
        // A raw key the envelope holds as is (host, user, …) is stored as a reference to that column.
        const twin = node === scanner.root && envelope ? TWINS.get(child.full) : undefined;
        const data = twin !== undefined && sameAs(child, envelope!(twin)) ? Buffer.from([KIND_TWIN, twin]) : encodeColumn(child);
        built.push({ path: child.full, data });
      }
      if (!(child.flags & Flag.Array)) walk(child);
    }
  };
  walk(scanner.root);
  built.sort((a, b) => a.data.length - b.data.length || (a.path < b.path ? -1 : 1));
  const most = Math.max(MIN_COLUMN_BYTES, bytesPerEvent * raws.length);
  let budget = 5 * most;
  const columns: { path: string; data: Buffer }[] = [];
  for (const c of built) {
    if (c.data.length <= most && c.data.length <= budget) {
      columns.push(c);
      budget -= c.data.length;
    } else skip.push(c.path);
  }
  const manifest: Manifest = { v: 1 };
  if (arrays.length) manifest.arrays = arrays;
  if (skip.length) manifest.skip = skip;
  return { columns, manifest: JSON.stringify(manifest) };
}

/** A decoded path column: one code per row (0 = no value) and the label of each code. */
export interface PathColumn {
  codes: ArrayLike<number>;
  /** Codes run from 0 to size - 1. */
  size: number;
  label(code: number): string;
}

/** A stored column; `envelope` gives the block's dictionary of an envelope column a column may refer to. */
export function decodeColumn(blob: Uint8Array, envelope: (c: number) => Dictionary): PathColumn {
  if (blob.length === 2 && blob[0] === KIND_TWIN) {
    const d = envelope(blob[1]!);
    const codes = new Int32Array(d.codes.length);
    for (let i = 0; i < codes.length; i++) codes[i] = d.codes[i]! + 1;
    return { codes, size: d.values.length + 1, label: (c) => d.values[c - 1]! };
  }
  const b = aligned(unzstd(blob));
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const kind = buf.readUInt8(0);
  const width = buf.readUInt8(1) as keyof typeof CODES;
  const n = buf.readUInt32LE(4);
  const dictBytes = buf.readUInt32LE(8);
  const max = buf.readUInt32LE(12);
  if (!CODES[width]) throw new Error(`path column damaged: codes ${width} bytes wide`);
  const codes = new CODES[width](b.buffer as ArrayBuffer, b.byteOffset + HEADER, n);
  if (kind === KIND_INT) return { codes, size: max + 1, label: (c) => String(c - 1) };
  if (kind !== KIND_DICT) throw new Error(`path column kind ${kind} is not supported by this build`);
  const labels = JSON.parse(buf.toString('utf8', HEADER + n * width, HEADER + n * width + dictBytes)) as string[];
  return { codes, size: labels.length + 1, label: (c) => labels[c - 1]! };
}

/**
 * Whether a block without a column for `path` has no value there in any event (true), or must be
 * read from its raw texts (false), by its manifest.
 */
export function absentByManifest(manifest: string, path: string): boolean {
  const m = JSON.parse(manifest) as Manifest;
  if (m.none) return false;
  if (m.skip?.includes(path)) return false;
  return !m.arrays?.some((a) => path === a || path.startsWith(`${a}.`));
}
