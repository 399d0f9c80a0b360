import { holeText } from './block-raw.ts';
import type { HoleLiterals } from './block-raw.ts';
import { HEX, INT, IP, MARK_EVERY, MARKED, SEPARATOR_BYTE, STREAMS } from './block-templates.ts';

/**
 * Reading texts stored as templates and variables (block-templates.ts, format 5) back exactly. A
 * page decodes every text of a block, so this is written for speed: texts are assembled as bytes,
 * never as strings per variable.
 */

/** Reads a varint from `b` at `r.at`. */
function varintAt(b: Uint8Array, r: { at: number }): number {
  let x = 0;
  let scale = 1;
  for (;;) {
    if (r.at >= b.length) throw new Error('event block damaged: a text variable stream ends early');
    const v = b[r.at++]!;
    x += (v & 127) * scale;
    if (v < 128) return x;
    scale *= 128;
  }
}

const HEX_DIGITS = Buffer.from('0123456789abcdef');

/** Writes texts as UTF-8 bytes into one growing buffer, from the templates and variable streams. */
class TextWriter {
  buf = Buffer.allocUnsafe(1 << 16);
  n = 0;
  readonly ri = { at: 0 };
  readonly rd = { at: 0 };
  readonly rh = { at: 0 };
  rip = 0;
  /** False once a hole's literal was not ASCII (the text must then be decoded as UTF-8). */
  ascii = true;
  /** Set for raw texts with holes: what marks U+0000–U+0002 stand for. */
  holes: HoleLiterals | null = null;
  private readonly words: Buffer;
  private readonly ints: Uint8Array;
  private readonly digits: Uint8Array;
  private readonly ips: Uint8Array;
  private readonly hexes: Uint8Array;
  constructor(words: Buffer, ints: Uint8Array, digits: Uint8Array, ips: Uint8Array, hexes: Uint8Array) {
    this.words = words;
    this.ints = ints;
    this.digits = digits;
    this.ips = ips;
    this.hexes = hexes;
  }

  room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + k));
    this.buf.copy(next, 0, 0, this.n);
    this.buf = next;
  }

  /** Writes text `row` of template `sh`; returns its UTF-16 length. */
  text(sh: Shape, row: number): number {
    let chars = sh.chars;
    const { ranges, kinds } = sh;
    for (let j = 0; ; j++) {
      this.literal(ranges[2 * j]!, ranges[2 * j + 1]!);
      if (j === kinds.length) return chars;
      const kind = kinds[j];
      if (kind! <= 2) chars += this.hole(kind!, row);
      else if (kind === INT) chars += this.int(varintAt(this.ints, this.ri));
      else if (kind === IP) chars += this.ip();
      else chars += kind === HEX ? this.nibbles(this.hexes, this.rh) : this.nibbles(this.digits, this.rd);
    }
  }

  /** Moves past the variables of a text of template `sh` without writing it (a text not asked for). */
  skip(sh: Shape): void {
    if (sh.ints > 0) {
      const b = this.ints;
      let at = this.ri.at;
      for (let left = sh.ints; left > 0; at++) {
        if (at >= b.length) throw new Error('event block damaged: a text variable stream ends early');
        if (b[at]! < 128) left--;
      }
      this.ri.at = at;
    }
    this.rip += 4 * sh.ips;
    if (this.rip > this.ips.length) throw new Error('event block damaged: a text variable stream ends early');
    for (let k = 0; k < sh.runs.length; k++) {
      const hex = sh.runs[k] === HEX;
      const b = hex ? this.hexes : this.digits;
      const r = hex ? this.rh : this.rd;
      const len = varintAt(b, r);
      r.at += (len + 1) >> 1;
      if (r.at > b.length) throw new Error('event block damaged: a text variable stream ends early');
    }
  }

  /** The literal an elided copy stands for, written as UTF-8. */
  private hole(mark: number, row: number): number {
    const s = holeText(this.holes!, mark, row);
    this.room(3 * s.length);
    const written = this.buf.write(s, this.n, 'utf8');
    if (written !== s.length) this.ascii = false;
    this.n += written;
    return s.length;
  }

  /** Copies template bytes: short pieces byte by byte, longer ones natively. */
  private literal(from: number, to: number): void {
    const len = to - from;
    this.room(len);
    const { buf, words } = this;
    if (len > 24) words.copy(buf, this.n, from, to);
    else for (let k = 0, at = this.n; k < len; k++) buf[at + k] = words[from + k]!;
    this.n += len;
  }

  /** The decimal digits of a non-negative integer below 2^53 (in 32-bit integer steps below 2^31: no float remainders). */
  private int(x: number): number {
    if (x >= 0x80000000) return this.bigInt(x);
    let v = x | 0;
    let len = 1;
    for (let y = v; y >= 10; y = (y / 10) | 0) len++;
    this.room(len);
    const buf = this.buf;
    for (let k = this.n + len - 1; k >= this.n; k--) {
      const q = (v / 10) | 0;
      buf[k] = 0x30 + v - q * 10;
      v = q;
    }
    this.n += len;
    return len;
  }

  private bigInt(x: number): number {
    let len = 1;
    for (let y = x; y >= 10; y = (y - (y % 10)) / 10) len++;
    this.room(len);
    for (let k = this.n + len - 1; k >= this.n; k--) {
      const d = x % 10;
      this.buf[k] = 0x30 + d;
      x = (x - d) / 10;
    }
    this.n += len;
    return len;
  }

  private ip(): number {
    if (this.rip + 4 > this.ips.length) throw new Error('event block damaged: a text variable stream ends early');
    let chars = 3;
    for (let k = 0; k < 4; k++) {
      if (k > 0) {
        this.room(1);
        this.buf[this.n++] = 0x2e;
      }
      chars += this.int(this.ips[this.rip++]!);
    }
    return chars;
  }

  /** A length-prefixed nibble run, as hex or decimal digits. */
  private nibbles(b: Uint8Array, r: { at: number }): number {
    const len = varintAt(b, r);
    if (r.at + Math.ceil(len / 2) > b.length) throw new Error('event block damaged: a text variable stream ends early');
    this.room(len);
    for (let k = 0; k < len; k++) {
      const v = b[r.at + (k >> 1)]!;
      this.buf[this.n++] = HEX_DIGITS[k & 1 ? v & 15 : v >> 4]!;
    }
    r.at += Math.ceil(len / 2);
    return len;
  }
}

/**
 * A template: byte ranges of its literal pieces, the kinds of the variables between them, the
 * pieces' UTF-16 length, whether its bytes are all ASCII; for skipping a text, its count of
 * integers and addresses and the kinds of its nibble runs (hex ids, digit strings) in order.
 */
interface Shape {
  ranges: number[];
  kinds: number[];
  chars: number;
  ascii: boolean;
  ints: number;
  ips: number;
  runs: number[];
}

/** The template `words[from, to)` (`holes`: marks U+0000–U+0002 stand for elided copies). */
function shapeOf(words: Uint8Array, from: number, to: number, holes: boolean): Shape {
  const shape: Shape = { ranges: [from], kinds: [], chars: 0, ascii: true, ints: 0, ips: 0, runs: [] };
  for (let k = from; k < to; k++) {
    // Most template bytes are plain ASCII literal text (above the placeholders): count them in a tight run.
    let j = k;
    while (j < to && words[j]! > HEX && words[j]! < 0x80) j++;
    shape.chars += j - k;
    if (j === to) break;
    k = j;
    const c = words[k]!;
    if (c >= 0x80) {
      shape.ascii = false;
      // UTF-16 length: one per character, two for a 4-byte sequence (a surrogate pair).
      if ((c & 0xc0) !== 0x80) shape.chars += c >= 0xf0 ? 2 : 1;
      continue;
    }
    if ((c < SEPARATOR_BYTE && !(holes && c <= 2)) || c > HEX) {
      shape.chars++;
      continue;
    }
    shape.ranges.push(k);
    shape.kinds.push(c);
    shape.ranges.push(k + 1);
    if (c === INT) shape.ints++;
    else if (c === IP) shape.ips++;
    else if (c > 2) shape.runs.push(c);
  }
  shape.ranges.push(to);
  return shape;
}

/**
 * The templates of `words` (joined by the separator byte, which no template holds: UTF-8 never has
 * it inside a character), each parsed on first use: a read of a few texts parses only theirs.
 */
class Templates {
  private readonly starts: number[] = [0];
  private readonly shapes: (Shape | undefined)[] = [];
  private readonly words: Uint8Array;
  private readonly holes: boolean;
  constructor(words: Uint8Array, holes: boolean) {
    this.words = words;
    this.holes = holes;
    for (let k = 0; k < words.length; k++) if (words[k] === SEPARATOR_BYTE) this.starts.push(k + 1);
  }

  shape(code: number): Shape {
    const sh = this.shapes[code];
    if (sh) return sh;
    if (code >= this.starts.length) throw new Error(`event block damaged: text template ${code} of ${this.starts.length}`);
    const end = code + 1 < this.starts.length ? this.starts[code + 1]! - 1 : this.words.length;
    return (this.shapes[code] = shapeOf(this.words, this.starts[code]!, end, this.holes));
  }
}

/**
 * The texts of a blob written by encodeTemplated, exactly as they were. Every text is written as
 * bytes into one buffer (literal bytes of its template, variables as ASCII digits), decoded once,
 * and cut by the UTF-16 lengths counted on the way: no string is built per variable. With
 * `holes` (format 5 raw texts), the marks U+0000–U+0002 are filled with the literals they stand
 * for on the way too. With `wanted`, only texts i with wanted[i] = 1 are built and the others come
 * back as '': a page of a few matching rows reads a block's texts without writing the other
 * ~4,000. In a blob with marks, such a read starts at the mark before each group of texts it wants
 * and parses only the templates of the texts it passes; in one without (written before marks), it
 * steps over the variables of every text before the last one wanted.
 */
export function decodeTemplated(blob: Uint8Array, holes: HoleLiterals | null = null, wanted: Uint8Array | null = null): string[] {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const n = templatedCount(b);
  const [words, codes, ints, digits, ips, hexes, marks] = templatedStreams(b) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array | undefined,
  ];
  const templates = new Templates(words, holes !== null);
  const w = new TextWriter(Buffer.from(words.buffer, words.byteOffset, words.byteLength), ints, digits, ips, hexes);
  w.holes = holes;
  const lengths = new Int32Array(n);
  const ends = new Int32Array(n);
  const rc = { at: 0 };
  let ascii = true;
  /** Texts from..to (inclusive) with the streams standing at the first: built if wanted, else stepped over. */
  const run = (from: number, to: number) => {
    for (let i = from; i <= to; i++) {
      const sh = templates.shape(varintAt(codes, rc));
      if (wanted && !wanted[i]) w.skip(sh);
      else {
        lengths[i] = w.text(sh, i);
        ascii &&= sh.ascii;
      }
      ends[i] = w.n;
    }
  };
  if (wanted && marks) {
    const starts = markPositions(marks, n);
    for (let g = 0, lo = 0; lo < n; g++, lo += MARK_EVERY) {
      const hi = Math.min(n, lo + MARK_EVERY) - 1;
      let last = hi;
      while (last >= lo && !wanted[last]) last--;
      if (last >= lo) {
        rc.at = starts[5 * g]!;
        w.ri.at = starts[5 * g + 1]!;
        w.rd.at = starts[5 * g + 2]!;
        w.rip = starts[5 * g + 3]!;
        w.rh.at = starts[5 * g + 4]!;
        run(lo, last);
      }
      ends.fill(w.n, last + 1, hi + 1);
    }
  } else {
    // Past the last text asked for, nothing more is read.
    let end = n;
    if (wanted) while (end > 0 && !wanted[end - 1]) end--;
    run(0, end - 1);
    ends.fill(w.n, end);
  }
  return cutTexts(w.buf, ends, lengths, ascii && w.ascii);
}

/**
 * The streams of a templated blob, in order: words (the templates' literal bytes, placeholders and
 * separators), codes, integers, digit runs, addresses, hex ids, and the marks when it has them.
 */
function templatedStreams(b: Buffer): Uint8Array[] {
  const streams = b.readUInt32LE(0) >= MARKED ? STREAMS + 1 : STREAMS;
  let at = 4 * (streams + 1);
  return Array.from({ length: streams }, (_, i) => {
    const len = b.readUInt32LE(4 * (i + 1));
    if (at + len > b.length) throw new Error('event block damaged: a text stream is cut short');
    const p = new Uint8Array(b.buffer, b.byteOffset + at, len);
    at += len;
    return p;
  });
}

/** The words stream of a templated blob: its templates' literal bytes, placeholders and separators, no variable. */
export function templateWords(blob: Uint8Array): Uint8Array {
  return templatedStreams(Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength))[0]!;
}

/** How many texts a templated blob holds (its count word without the MARKED flag). */
export function templatedCount(blob: Uint8Array): number {
  const word = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).readUInt32LE(0);
  return word >= MARKED ? word - MARKED : word;
}

/** Where each stream stands at the start of every group of MARK_EVERY texts: 5 positions per group (codes, integers, digits, addresses, hex). */
function markPositions(marks: Uint8Array, n: number): Int32Array {
  const groups = Math.ceil(n / MARK_EVERY);
  const out = new Int32Array(5 * Math.max(groups, 1));
  const r = { at: 0 };
  for (let g = 1; g < groups; g++) for (let k = 0; k < 5; k++) out[5 * g + k] = out[5 * (g - 1) + k]! + varintAt(marks, r);
  if (r.at !== marks.length) throw new Error('event block damaged: the text marks do not match the count');
  return out;
}

/** Bytes per decoded string: far below V8's large-object size, whose allocations cost page faults (~70× slower here). */
const CHUNK = 32 * 1024;

/**
 * The texts written back to back into `buf` (byte ends, UTF-16 lengths), decoded a chunk of
 * whole texts at a time and sliced. Variables are ASCII: with ASCII templates latin1 is exact.
 */
function cutTexts(buf: Buffer, ends: Int32Array, lengths: Int32Array, ascii: boolean): string[] {
  const out = new Array<string>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; ) {
    let j = i;
    while (j < ends.length - 1 && ends[j + 1]! - start <= CHUNK) j++;
    const chunk = buf.toString(ascii ? 'latin1' : 'utf8', start, ends[j]!);
    for (let from = 0; i <= j; i++) out[i] = chunk.slice(from, (from += lengths[i]!));
    start = ends[j]!;
  }
  return out;
}
