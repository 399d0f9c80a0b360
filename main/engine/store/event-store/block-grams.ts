import { TEXT_COLUMNS } from './block-codec.ts';
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
        if (c !== 12) {
          if (seen.has(text)) continue; // envelope columns repeat a few values per block
          seen.add(text);
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

function fold(cp: number): number {
  return cp >= 65 && cp <= 90 ? cp + 32 : cp;
}

/** Add the trigrams of `text` (by code point): all-ASCII ones to the bitmap, the rest as strings. */
function addGrams(text: string, found: number[], other: Set<string>): void {
  let a = -1;
  let b = -1;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
    }
    const c = fold(cp);
    if (a >= 0) {
      if (a < 128 && b < 128 && c < 128) {
        const k = (a << 14) | (b << 7) | c;
        if (ascii[k] === 0) {
          ascii[k] = 1;
          found.push(k);
        }
      } else {
        other.add(String.fromCodePoint(a, b, c));
      }
    }
    a = b;
    b = c;
  }
}
