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

/** ASCII lower-casing of bytes (a copy; other bytes stay as they are, so an ASCII piece is found exactly where the folded bytes hold it). */
function lowerBytes(b: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(b.length);
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    out[i] = c >= 0x41 && c <= 0x5a ? c + 32 : c;
  }
  return out;
}

/** A control character JSON escapes (the templates' placeholders and separator, U+0010–U+0014, aside). */
const isControl = (c: number) => c < 0x20 && !(c >= 0x10 && c <= 0x14);
const ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

/**
 * Lower-cased template words as JSON writes them inside a string (control characters as `\n`,
 * `\u001f`; placeholders are no letters and stay), or null when they hold a replacement
 * character (a lone surrogate's trace: its escape cannot be told back).
 */
function jsonEscaped(lower: Buffer): Buffer | null {
  let controls = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i]!;
    if (isControl(c)) controls++;
    else if (c === 0xef && lower[i + 1] === 0xbf && lower[i + 2] === 0xbd) return null;
  }
  if (controls === 0) return lower;
  const out = Buffer.allocUnsafe(lower.length + 5 * controls);
  let n = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i]!;
    if (isControl(c)) n += out.write(ESCAPES[c] ?? `\\u00${c.toString(16).padStart(2, '0')}`, n, 'latin1');
    else out[n++] = c;
  }
  return out.subarray(0, n);
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
    if (copies === undefined) {
      const escaped = jsonEscaped(message.lower());
      copies = escaped === null ? null : escaped === message.lower() ? message : new Material(escaped, escaped);
    }
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
 * Template words to look pieces up in. A word of a common term is usually spelled in lower case,
 * capitalised or in capitals: those are looked for in the bytes as they are (native, no copy);
 * only when none is there are the words lower-cased (once) for the exact, case-folded answer.
 */
class Material {
  private readonly bytes: Buffer;
  private folded: Buffer | null;
  constructor(bytes: Uint8Array, folded: Buffer | null = null) {
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.folded = folded;
  }

  lower(): Buffer {
    this.folded ??= lowerBytes(this.bytes);
    return this.folded;
  }

  has(piece: string): boolean {
    if (this.bytes.includes(piece) || this.bytes.includes(piece[0]!.toUpperCase() + piece.slice(1)) || this.bytes.includes(piece.toUpperCase())) return true;
    return this.lower().includes(piece);
  }
}
