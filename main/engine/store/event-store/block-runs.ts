import { MESSAGE, RAW, TEXT_COLUMNS } from './block-codec.ts';
import type { BlockColumns } from './block-codec.ts';
import { unzstd, zstd } from './zstd.ts';

/**
 * Dotted runs: the skip index for addresses and versions. The trigram index (block-grams.ts)
 * cannot tell blocks apart by an IPv4 address: an address is written with 11 symbols, so a block
 * of a busy LAN holds every trigram of every address (measured on the 100 M store: a hunt for
 * `10.0.7.77`, 13 events in 24 h, passed 801 of 816 blocks and decoded them all, 3.6 s).
 *
 * So each sealed block also keeps the distinct *dotted runs* of its texts: the maximal runs of
 * ASCII digits and dots that hold at least two dots (`10.0.7.77`, `2.4.1`, `1.3.6.1.4`), from
 * every text a term can match (host, user, action, message, tags, raw). A term whose text holds
 * such a run (a bare `10.0.7.77`, `"src=10.0.7.77"`, `raw.ip:10.0.7.7`) can only match in a block
 * where some run contains it: the term's run lies inside a maximal run of the matching text (digits
 * and dots have no case, so ASCII case folding changes nothing). Exact by construction; built when
 * the machine is free, like path columns (path-columns.ts); a block without its runs is read as
 * before.
 *
 * The data: format byte RUNS_FORMAT, then zstd of the runs joined by '\n' (sorted, distinct).
 */
export const RUNS_FORMAT = 1;

/** Maximal runs of ASCII digits and dots with two dots or more in `text`, added to `into`. */
export function dottedRuns(text: string, into: Set<string>): void {
  let start = -1;
  let dots = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if ((c >= 48 && c <= 57) || c === 46) {
      if (start < 0) {
        start = i;
        dots = 0;
      }
      if (c === 46) dots++;
    } else if (start >= 0) {
      if (dots >= 2) into.add(text.slice(start, i));
      start = -1;
    }
  }
}

/**
 * The dotted runs of a block's decoded text columns (TEXT_COLUMNS), encoded. Envelope values are
 * read once each; a message its raw text holds verbatim adds no run the raw text does not.
 */
export function blockRuns(cols: BlockColumns): Buffer {
  const runs = new Set<string>();
  const seen = new Set<string>();
  const raws = cols[RAW] as (string | null)[];
  for (let row = 0; row < raws.length; row++) {
    for (const c of TEXT_COLUMNS) {
      const text = cols[c]![row] as string | null;
      if (!text || text.length < 2) continue;
      if (c !== RAW) {
        if (seen.has(text)) continue;
        seen.add(text);
        if (c === MESSAGE && raws[row]?.includes(text)) continue;
      }
      dottedRuns(text, runs);
    }
  }
  const body = zstd(Buffer.from([...runs].sort().join('\n'), 'utf8'));
  return Buffer.concat([Buffer.from([RUNS_FORMAT]), body]);
}

/** A block's runs as one text ('\n' between runs) to look pieces up in; null: a format this build does not know. */
export function decodeRuns(data: Uint8Array): string | null {
  if (data[0] !== RUNS_FORMAT) return null;
  return unzstd(data.subarray(1)).toString('utf8');
}

/**
 * The longest dotted run in a term's text (null when it has none): a block whose runs contain it
 * may hold the term, no other can. Searched as '\n'-joined text, a piece matches inside one run
 * only, since neither holds a line break.
 */
export function dottedPiece(text: string): string | null {
  const found = new Set<string>();
  dottedRuns(text, found);
  let best: string | null = null;
  for (const r of found) if (!best || r.length > best.length) best = r;
  return best;
}
