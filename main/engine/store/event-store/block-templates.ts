/**
 * Log text as templates and typed variables (the CLP way, format 5): each text's IPv4 addresses,
 * hex ids and digit runs are cut out and stored as bytes in their own streams, what remains (the
 * template, one placeholder character per variable) is stored once per distinct template. On real
 * log lines whose ids, addresses and numbers rarely repeat, the variables compress far better as
 * bytes in their own streams than as decimal text among words, and the wording is stored once
 * (docs/storage.md, "Block format"). Decoding rebuilds every text byte for byte: a variable is cut
 * out only when its bytes spell it back exactly (canonical octets, numbers without leading zeros
 * up to 15 digits, digit runs and lower-case hex with their length).
 */

/** Placeholders in a template, one per variable; the separator between templates. */
export const INT = 0x11;
const DIGITS = 0x12;
export const IP = 0x13;
export const HEX = 0x14;
// Texts holding a character from SEPARATOR_BYTE to HEX cannot be coded (the placeholders would be ambiguous).
const SEPARATOR = '\u0010';
export const SEPARATOR_BYTE = 0x10;

export const STREAMS = 6;
/**
 * Every MARK_EVERY texts a blob records where each stream stands (a seventh stream, the marks), so
 * a read of a few texts starts at the mark before each instead of stepping over every text before
 * it. A blob with marks has MARKED added to its count word; blobs written before have none.
 */
export const MARK_EVERY = 128;
export const MARKED = 0x80000000;

/** A growable byte list. */
class Bytes {
  buf = new Uint8Array(1024);
  n = 0;
  push(b: number): void {
    if (this.n === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = b;
  }
  varint(x: number): void {
    while (x >= 128) {
      this.push((x % 128) | 128);
      x = Math.floor(x / 128);
    }
    this.push(x);
  }
  /** A length and the digits (lower-case hex or decimal) two per byte. */
  nibbles(t: string, from: number, to: number): void {
    this.varint(to - from);
    for (let i = from; i < to; i += 2) this.push(nibble(t.charCodeAt(i)) * 16 + (i + 1 < to ? nibble(t.charCodeAt(i + 1)) : 0));
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

const nibble = (c: number) => (c <= 0x39 ? c - 0x30 : c - 0x57);

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHexLetter = (c: number) => c >= 0x61 && c <= 0x66;
const isAlnum = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

/** End of a canonical IPv4 address (octets 0–255, no leading zeros) starting at `i`, or -1. */
function ipEnd(t: string, i: number): number {
  for (let k = 0; k < 4; k++) {
    if (k > 0) {
      if (i >= t.length || t.charCodeAt(i) !== 0x2e) return -1;
      i++;
    }
    let j = i;
    let octet = 0;
    for (; j < t.length && j - i < 4; j++) {
      const c = t.charCodeAt(j);
      if (!isDigit(c)) break;
      octet = octet * 10 + c - 0x30;
    }
    const len = j - i;
    if (len === 0 || len > 3 || (len > 1 && t.charCodeAt(i) === 0x30) || octet > 255) return -1;
    i = j;
  }
  const next = i < t.length ? t.charCodeAt(i) : 0;
  return isDigit(next) || next === 0x2e ? -1 : i;
}

/**
 * End of a hex id starting at `i` (4+ of [0-9a-f] with a letter and a digit, a whole word or
 * after `0x`), or -1.
 */
function hexEnd(t: string, i: number): number {
  const prev = i > 0 ? t.charCodeAt(i - 1) : 0;
  if (isAlnum(prev) && !(prev === 0x78 && i > 1 && t.charCodeAt(i - 2) === 0x30)) return -1;
  let j = i;
  let letter = false;
  let digit = false;
  for (; j < t.length; j++) {
    const c = t.charCodeAt(j);
    if (isDigit(c)) digit = true;
    else if (isHexLetter(c)) letter = true;
    else break;
  }
  return j - i >= 4 && letter && digit && !(j < t.length && isAlnum(t.charCodeAt(j))) ? j : -1;
}

/** The variable streams of a column being coded. */
interface Streams {
  codes: Bytes;
  ints: Bytes;
  digits: Bytes;
  ips: Bytes;
  hexes: Bytes;
}

/** Where the variables of the text being scanned are: start, end and placeholder of each. */
class Spans {
  at = new Int32Array(3 * 64);
  n = 0;
  /** Hash of the template these spans make of the text. */
  hash = 0;
  add(start: number, end: number, mark: number): void {
    if (3 * this.n + 3 > this.at.length) {
      const next = new Int32Array(this.at.length * 2);
      next.set(this.at);
      this.at = next;
    }
    const k = 3 * this.n++;
    this.at[k] = start;
    this.at[k + 1] = end;
    this.at[k + 2] = mark;
  }
}

/**
 * Cuts each variable of `t` out into its stream and records where it was in `spans`, with the
 * `holes` (`[start, end, mark]` triples, sorted; JSON string literals, so no variable runs into
 * one) recorded as spans of their mark, which stays in the template as a character.
 */
function cutVariables(t: string, s: Streams, spans: Spans, holes: readonly number[]): boolean {
  spans.n = 0;
  // FNV-1a of the template (its literal characters and placeholders), computed on the way.
  let h = 0x811c9dc5;
  const n = t.length;
  let hole = 0;
  let nextHole = holes.length > 0 ? holes[0]! : n;
  for (let i = 0; i < n; ) {
    if (i >= nextHole) {
      spans.add(holes[hole]!, holes[hole + 1]!, holes[hole + 2]!);
      h = Math.imul(h ^ holes[hole + 2]!, 0x01000193);
      i = holes[hole + 1]!;
      hole += 3;
      nextHole = hole < holes.length ? holes[hole]! : n;
      continue;
    }
    const c = t.charCodeAt(i);
    const digit = c >= 0x30 && c <= 0x39;
    if (!digit && !(c >= 0x61 && c <= 0x66)) {
      if (c <= HEX && c >= SEPARATOR_BYTE) return false;
      h = Math.imul(h ^ c, 0x01000193);
      i++;
      continue;
    }
    const prev = i > 0 ? t.charCodeAt(i - 1) : 0;
    let end = digit && !isDigit(prev) && prev !== 0x2e ? ipEnd(t, i) : -1;
    let mark: number;
    if (end >= 0) {
      ipBytes(t, i, end, s.ips);
      mark = IP;
    } else if ((end = hexEnd(t, i)) >= 0) {
      s.hexes.nibbles(t, i, end);
      mark = HEX;
    } else if (digit) {
      let x = c - 0x30;
      end = i + 1;
      for (; end < n; end++) {
        const d = t.charCodeAt(end);
        if (d < 0x30 || d > 0x39) break;
        x = x * 10 + d - 0x30;
      }
      if ((c !== 0x30 || end - i === 1) && end - i <= 15) {
        s.ints.varint(x);
        mark = INT;
      } else {
        s.digits.nibbles(t, i, end);
        mark = DIGITS;
      }
    } else {
      // A hex letter inside a word: skip the rest of the word's letters.
      h = Math.imul(h ^ c, 0x01000193);
      for (i++; i < n && i < nextHole && isHexLetter(t.charCodeAt(i)); i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
      continue;
    }
    spans.add(i, end, mark);
    h = Math.imul(h ^ mark, 0x01000193);
    i = end;
  }
  // A hole at the very end of the text.
  if (hole < holes.length) {
    spans.add(holes[hole]!, holes[hole + 1]!, holes[hole + 2]!);
    h = Math.imul(h ^ holes[hole + 2]!, 0x01000193);
  }
  spans.hash = h;
  return true;
}

/**
 * The distinct templates of a column, looked up by a hash of the template computed on the text
 * itself and checked character by character: a repeated template costs no string at all.
 */
class Templates {
  readonly list: string[] = [];
  private readonly byHash = new Map<number, number[]>();

  /** The index of the template of `t` with the variables at `spans`, added if new. */
  code(t: string, spans: Spans): number {
    const { at, n } = spans;
    const h = spans.hash;
    const candidates = this.byHash.get(h);
    if (candidates) for (const c of candidates) if (this.same(this.list[c]!, t, spans)) return c;
    let template = '';
    let from = 0;
    for (let v = 0; v < n; v++) {
      template += t.slice(from, at[3 * v]) + String.fromCharCode(at[3 * v + 2]!);
      from = at[3 * v + 1]!;
    }
    template += t.slice(from);
    const code = this.list.length;
    this.list.push(template);
    if (candidates) candidates.push(code);
    else this.byHash.set(h, [code]);
    return code;
  }

  /** Whether `template` is the template of `t` with the variables at `spans`. */
  private same(template: string, t: string, spans: Spans): boolean {
    const { at, n } = spans;
    let j = 0;
    let from = 0;
    for (let v = 0; v <= n; v++) {
      const to = v < n ? at[3 * v]! : t.length;
      if (j + to - from + (v < n ? 1 : 0) > template.length) return false;
      for (let k = from; k < to; k++) if (template.charCodeAt(j++) !== t.charCodeAt(k)) return false;
      if (v < n) {
        if (template.charCodeAt(j++) !== at[3 * v + 2]) return false;
        from = at[3 * v + 1]!;
      }
    }
    return j === template.length;
  }
}

/** The four octets of the address `t[i, end)` (checked by ipEnd) as bytes. */
function ipBytes(t: string, i: number, end: number, ips: Bytes): void {
  let octet = 0;
  for (let k = i; k < end; k++) {
    const c = t.charCodeAt(k);
    if (c === 0x2e) {
      ips.push(octet);
      octet = 0;
    } else octet = octet * 10 + c - 0x30;
  }
  ips.push(octet);
}

/**
 * The templates joined by SEPARATOR as UTF-8, joined a few thousand characters at a time: one
 * string of a block's templates can pass V8's large-object size, whose allocation costs page
 * faults (docs/benchmarks.md).
 */
function joinedUtf8(list: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < list.length; ) {
    let j = i;
    for (let chars = 0; j < list.length && chars < 16_384; j++) chars += list[j]!.length + 1;
    parts.push(Buffer.from(list.slice(i, j).join(SEPARATOR) + (j < list.length ? SEPARATOR : ''), 'utf8'));
    i = j;
  }
  return Buffer.concat(parts);
}

/**
 * The texts as one blob (to be compressed by the caller): 4-byte count (plus MARKED) and stream
 * lengths, then the templates (joined by SEPARATOR), one template index per text, the variable
 * streams and the marks.
 * Null when a text holds a reserved character: the caller stores the column another way.
 */
export function encodeTemplated(texts: readonly string[], holesOf: (i: number) => readonly number[] = () => []): Buffer | null {
  const templates = new Templates();
  const spans = new Spans();
  const s: Streams = { codes: new Bytes(), ints: new Bytes(), digits: new Bytes(), ips: new Bytes(), hexes: new Bytes() };
  // Each mark: where the codes, integers, digits, addresses and hex streams stand, as varint steps from the previous mark.
  const marks = new Bytes();
  const last = [0, 0, 0, 0, 0];
  for (let i = 0; i < texts.length; i++) {
    if (i > 0 && i % MARK_EVERY === 0) {
      [s.codes.n, s.ints.n, s.digits.n, s.ips.n, s.hexes.n].forEach((at, k) => {
        marks.varint(at - last[k]!);
        last[k] = at;
      });
    }
    const t = texts[i]!;
    if (!cutVariables(t, s, spans, holesOf(i))) return null;
    s.codes.varint(templates.code(t, spans));
  }
  const words = joinedUtf8(templates.list);
  const parts = [words, s.codes.view(), s.ints.view(), s.digits.view(), s.ips.view(), s.hexes.view(), marks.view()];
  const head = Buffer.alloc(4 * (parts.length + 1));
  head.writeUInt32LE(texts.length + MARKED, 0);
  parts.forEach((p, i) => head.writeUInt32LE(p.byteLength, 4 * (i + 1)));
  return Buffer.concat([head, ...parts]);
}
