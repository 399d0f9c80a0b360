import { decodeColumns, MESSAGE, RAW, templatedWords } from './block-codec.ts';
import type { BlockBlobs, DecodedBlock } from './block-codec.ts';

/**
 * Ruling a block out by its template words, before building any text (format 5, templated raw
 * texts and messages). A rare word whose trigrams are all common (`Ingest`, 2 events in 3 days of
 * the Loghub store) passed the skip index in every block, and every block's ~4,000 messages and
 * raw texts were built to test it: ~20 ms a block, 53 s over 3 days. Its letters cannot come from
 * a variable, so they are in the block's template words or in an envelope value, or the block
 * holds no match; that look costs a decompression and a byte search.
 *
 * What a variable can write (block-templates.ts): digits (integers, digit runs, addresses, with
 * dots) and lower-case hex ids of 4+ characters holding a digit, which start at a word boundary or
 * right after `0x` and end at one (a word: ASCII letters and digits). An elided copy (a raw
 * text's message, time stamp or host) is a JSON string literal: quotes around it.
 *
 * So take a piece of the term (`literalPieces`): a run of ASCII letters from one of its words
 * that holds a letter past `f`, cut at digits, without an `x` and the hex digits after it. Where
 * the term occurs (ASCII case folded, as LIKE folds), such a piece lies in a word holding a
 * letter past `f` — not a hex id, so no variable wrote it but digits and a hex id after `0x`,
 * which the cuts leave out — and, holding no quote, not across an elided copy's edge. It is
 * therefore in one literal run of a template, or inside an elided copy: the message (the message
 * dictionary's templates hold its letters the same way), the host (an envelope value) or the time
 * stamp (no three letters in a row). Inside a copy the text is JSON-escaped (`\t`, `\u0001`): raw's
 * material holds the messages' words and the hosts as JSON writes them. A block whose message
 * words hold a lone surrogate's replacement character is not ruled out for raw text.
 */

/** ASCII lower-casing (what LIKE folds; `toLowerCase` would also turn the Kelvin sign into a `k`). */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Pieces of `text` every block holding it (in any text column) has among its literal words, lower-cased; only those of 3+ letters. */
export function literalPieces(text: string): string[] {
  const out = new Set<string>();
  for (const word of asciiLower(text).match(/[a-z0-9]+/g) ?? []) {
    if (!/[g-z]/.test(word)) continue;
    // What follows an `x` in hex digits may be a hex id's (after `0x`, to the word's end): cut it
    // out with the `x`; digits may be a number's.
    for (const piece of word.replace(/x[0-9a-f]*/g, ' ').match(/[a-z]+/g) ?? []) if (piece.length >= 3) out.add(piece);
  }
  return [...out];
}

/** A block's literal material per text column, ASCII lower-cased: has(col, piece) = the piece may be in that column's texts. */
export interface BlockWords {
  has(col: number, piece: string): boolean;
  /** Whether some event of the block comes from one of these sources (by seq). */
  fromAny(seqs: readonly number[]): boolean;
}

/** A control character JSON escapes (the templates' placeholders and separator, U+0010–U+0014, aside). */
const isControl = (c: number) => c < 0x20 && !(c >= 0x10 && c <= 0x14);
const ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
/** U+FFFD in UTF-8. */
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/**
 * Template words as JSON writes them inside a string (control characters as `\n`, `\u001f`;
 * placeholders are no letters and stay), lower-cased: the same material when they hold no control
 * character, or null when they hold a replacement character (a lone surrogate's trace: its escape
 * cannot be told back).
 */
function jsonEscaped(words: Material): Material | null {
  const lower = words.lower();
  if (words.high && lower.includes(REPLACEMENT)) return null;
  if (!words.low) return words;
  let controls = 0;
  for (let i = 0; i < lower.length; i++) if (isControl(lower[i]!)) controls++;
  const out = Buffer.allocUnsafe(lower.length + 5 * controls);
  let n = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i]!;
    if (isControl(c)) n += out.write(ESCAPES[c] ?? `\\u00${c.toString(16).padStart(2, '0')}`, n, 'latin1');
    else out[n++] = c;
  }
  return new Material(out.subarray(0, n));
}

/** The columns blockWords reads beside the template words: source, host, user, action, tags. */
export const WORDS_ENVELOPE = [1, 7, 8, 9, 11];

/**
 * Block `blobs`' literal words (null for blocks not written as format 5 with templated raw texts
 * and messages: they are tested as before). `block`: where the envelope columns it reads are
 * decoded, or already are (a reader's cache entry).
 */
export function blockWords(blobs: BlockBlobs, block: DecodedBlock = { cols: [], dicts: [] }): BlockWords | null {
  const words = templatedWords(blobs);
  if (!words) return null;
  const { cols, dicts } = decodeColumns(blobs, WORDS_ENVELOPE, block);
  let sources: Set<number> | null = null;
  const values = new Map<number, string>();
  for (const c of [7, 8, 9, 11]) values.set(c, asciiLower((dicts[c]?.values ?? []).join('\n')));
  // Inside an elided copy the message and the host are JSON-escaped (a tab is `\t`, letters next
  // to letters): raw's material holds them as JSON writes them (`\"` and `\\` hold no letters).
  const hosts = asciiLower((dicts[7]?.values ?? []).map((h) => JSON.stringify(h)).join('\n'));
  const raw = new Material(words.raw);
  const message = new Material(words.message);
  let copies: Material | null | undefined;
  const messageCopies = () => {
    if (copies === undefined) copies = jsonEscaped(message);
    return copies;
  };
  return {
    has(col, piece) {
      if (col === MESSAGE) return message.has(piece);
      if (col === RAW) {
        if (raw.has(piece) || hosts.includes(piece)) return true;
        const m = messageCopies();
        return m === null || m.has(piece);
      }
      return values.get(col)?.includes(piece) ?? true;
    },
    fromAny(seqs) {
      sources ??= new Set(Array.from(cols[1]!, Number));
      return seqs.some((q) => sources!.has(q));
    },
  };
}

/**
 * Template words to look pieces up in, case-insensitively for ASCII as LIKE folds: lower-cased
 * once (four bytes at a time), then searched natively, each piece's verdict kept (the raw column's
 * test asks again for the message copies). Lower-casing ~170 KB of a Loghub block's message words
 * a byte at a time, then searching three spellings and the lower-cased copy, was most of an absent
 * word's time; reading them as a latin1 string for a case-insensitive regex cost more (~0.7 ms).
 */
class Material {
  private readonly bytes: Uint8Array;
  private folded: Buffer | null = null;
  private readonly verdicts = new Map<string, boolean>();
  /** Set by lower(): some byte is a control character JSON escapes; some byte is 0x80 or more. */
  low = false;
  high = false;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  lower(): Buffer {
    if (!this.folded) {
      const out = Buffer.allocUnsafeSlow(this.bytes.length);
      out.set(this.bytes);
      const flags = lowerAscii(out);
      this.low = (flags & 1) !== 0;
      this.high = (flags & 2) !== 0;
      this.folded = out;
    }
    return this.folded;
  }

  has(piece: string): boolean {
    let verdict = this.verdicts.get(piece);
    if (verdict === undefined) {
      verdict = this.lower().includes(piece);
      this.verdicts.set(piece, verdict);
    }
    return verdict;
  }
}

/**
 * ASCII lower-casing in place, four bytes at a time: per byte lane, without carries between
 * lanes, `A`–`Z` (high bit clear, ≥ 0x41, < 0x5b) get 0x20 added. Returns 1 | 2 flags: some byte is a control character JSON escapes (isControl),
 * some byte is 0x80 or more.
 */
export function lowerAscii(b: Buffer): number {
  let flags = 0;
  const one = (i: number) => {
    const c = b[i]!;
    if (c >= 0x41 && c <= 0x5a) b[i] = c + 32;
    if (isControl(c)) flags |= 1;
    if (c >= 0x80) flags |= 2;
  };
  // Byte by byte up to a 4-byte boundary, four at a time to the last whole word, then the tail.
  const head = Math.min(b.length, (4 - (b.byteOffset & 3)) & 3);
  for (let i = 0; i < head; i++) one(i);
  const n = (b.length - head) >> 2;
  const words = n > 0 ? new Uint32Array(b.buffer, b.byteOffset + head, n) : new Uint32Array(0);
  let low = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    const h = w & 0x7f7f7f7f;
    words[i] = w | (((h + 0x3f3f3f3f) & ~(h + 0x25252525) & ~w & 0x80808080) >>> 2);
    // A control character: under 0x10, or 0x15–0x1f (lanes whose high bit is clear).
    low |= (~(h + 0x70707070) | ((h + 0x6b6b6b6b) & ~(h + 0x60606060))) & ~w;
    high |= w;
  }
  if ((low & 0x80808080) !== 0) flags |= 1;
  if ((high & 0x80808080) !== 0) flags |= 2;
  for (let i = head + (n << 2); i < b.length; i++) one(i);
  return flags;
}
