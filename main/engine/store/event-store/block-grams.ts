import { MESSAGE, RAW, TEXT_COLUMNS } from './block-codec.ts';
import type { RowTuple } from './block-codec.ts';

/** Bit per all-ASCII trigram (3 × 7 bits), reused across blocks of one thread. */
const ascii = new Uint8Array(1 << 21);

/**
 * The block's skip-index document: each distinct trigram (ASCII-lower-cased, as the FTS5 trigram
 * tokenizer folds anyway) of every text a query term can match (host, user, action, message, tags,
 * raw), laid out as overlapping runs. The index only has to be a superset: a block lacking a
 * trigram of a term holds no event containing the term. Feeding distinct trigrams instead of the
 * whole text makes the FTS5 insert about one token per distinct trigram instead of one per
 * character (run joins and line breaks add trigrams too, which only makes the superset larger).
 */
export function blockGrams(rows: RowTuple[]): string {
  const found: number[] = [];
  const other = new Set<string>();
  const seen = new Set<string>();
  try {
    for (const r of rows) {
      for (const c of TEXT_COLUMNS) {
        const text = r[c] as string | null;
        if (!text || text.length < 3) continue;
        if (c !== RAW) {
          if (seen.has(text)) continue; // envelope columns repeat a few values per block
          seen.add(text);
          // A message its raw text holds verbatim adds no trigram the raw text does not.
          if (c === MESSAGE && r[RAW].includes(text)) continue;
        }
        addGrams(text, found, other);
      }
    }
    for (const k of found) ascii[k] = 0;
    const lines = chainAscii(found);
    for (const g of other) lines.push(g);
    return lines.join('\n');
  } finally {
    for (const k of found) ascii[k] = 0; // a bit left set would drop that trigram from later blocks
  }
}

/**
 * Lay the ASCII trigrams out as overlapping runs: after "abc" comes an unused trigram starting
 * "bc" as one more character, so most trigrams cost one token instead of four (a line break
 * starts a new run when none is left). Each trigram appears at least once.
 */
function chainAscii(found: number[]): string[] {
  const byPrefix = new Map<number, number[]>();
  for (const k of found) {
    const p = k >> 7;
    const list = byPrefix.get(p);
    if (list) list.push(k);
    else byPrefix.set(p, [k]);
  }
  const runs: string[] = [];
  for (const k0 of found) {
    if (ascii[k0] === 2) continue;
    const codes = [k0 >> 14, (k0 >> 7) & 127, k0 & 127];
    ascii[k0] = 2;
    for (let prefix = k0 & 16383; ; ) {
      const next = byPrefix.get(prefix);
      let k = next?.pop();
      while (k !== undefined && ascii[k] === 2) k = next!.pop();
      if (k === undefined) break;
      ascii[k] = 2;
      codes.push(k & 127);
      prefix = k & 16383;
    }
    let run = '';
    for (let i = 0; i < codes.length; i += 8192) run += String.fromCharCode(...codes.slice(i, i + 8192));
    runs.push(run);
  }
  for (const k of found) ascii[k] = 0;
  return runs;
}

/** ASCII lower-casing (what FTS5's trigram tokenizer folds; other characters are kept as they are). */
const LOWER = Uint8Array.from({ length: 128 }, (_, c) => (c >= 65 && c <= 90 ? c + 32 : c));

/**
 * Add the trigrams of `text` (by code point): all-ASCII ones to the bitmap, the rest as strings.
 * The common all-ASCII window is a rolling 21-bit key (7 bits per character); only windows with
 * a non-ASCII code point build a string.
 */
function addGrams(text: string, found: number[], other: Set<string>): void {
  let a = -1;
  let b = -1;
  let k = 0;
  let run = 0; // ASCII characters in a row, ending here
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 128) {
      c = LOWER[c]!;
      k = ((k << 7) | c) & 0x1fffff;
      if (++run >= 3) {
        if (ascii[k] === 0) {
          ascii[k] = 1;
          found.push(k);
        }
        a = b;
        b = c;
        continue;
      }
    } else {
      run = 0;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        c = text.codePointAt(i)!;
        if (c > 0xffff) i++;
      }
    }
    if (a >= 0) other.add(String.fromCodePoint(a, b, c));
    a = b;
    b = c;
  }
}
