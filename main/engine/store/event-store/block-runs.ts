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
 * The data, format 2 (RUNS_FORMAT): the format byte; the count of *canonical IPv4 runs* (four
 * decimal octets 0–255 without leading zeros: their text is a function of their 32-bit value) as a
 * varint, then those values ascending, each as the varint of its difference from the one before;
 * then the other runs joined by '\n' (sorted, distinct), after a byte saying how: OTHERS_PLAIN or
 * OTHERS_ZSTD (one zstd frame). Addresses take ~1 byte each on a /16 of a LAN and ~3 on random
 * ones, under what zstd made of their text, and a query tests them without decompressing: node
 * sets up a zstd context per call (~30 µs), which was most of a hunt's time on a block that lacks
 * the address (docs/storage.md "Dotted runs").
 * Format 1 (stop 15's stores): the format byte, then zstd of all runs joined by '\n'; still read.
 */
export const RUNS_FORMAT = 2;
const RUNS_TEXT_FORMAT = 1;
const OTHERS_PLAIN = 0;
const OTHERS_ZSTD = 1;
/** Other runs shorter than this are stored plain: a zstd frame of them saves a few bytes and costs a context per read. */
const PLAIN_BELOW = 256;

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

/** The value of a canonical IPv4 run (four octets 0–255, no leading zeros), or -1 for any other run. */
export function ipv4Value(run: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i <= run.length; i++) {
    const c = i < run.length ? run.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || octet > 255 || ++dots > 4) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else {
      if (c < 48 || c > 57 || (digits === 1 && octet === 0)) return -1; // not a digit, or after a leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3) return -1;
    }
  }
  return dots === 4 ? value : -1;
}

function pushVarint(out: number[], v: number): void {
  while (v >= 128) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** Encode distinct dotted runs (format 2). */
export function encodeRuns(runs: Iterable<string>): Buffer {
  const addresses: number[] = [];
  const others: string[] = [];
  for (const r of runs) {
    const v = ipv4Value(r);
    if (v >= 0) addresses.push(v);
    else others.push(r);
  }
  addresses.sort((a, b) => a - b);
  const head: number[] = [RUNS_FORMAT];
  pushVarint(head, addresses.length);
  let prev = 0;
  for (const v of addresses) {
    pushVarint(head, v - prev);
    prev = v;
  }
  const text = Buffer.from(others.sort().join('\n'), 'utf8');
  const zipped = text.length >= PLAIN_BELOW;
  head.push(zipped ? OTHERS_ZSTD : OTHERS_PLAIN);
  return Buffer.concat([Buffer.from(head), zipped ? zstd(text) : text]);
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
  return encodeRuns(runs);
}

/**
 * A block's runs as stored: its canonical IPv4 runs as 32-bit values (ascending), and its other
 * runs as one text ('\n' between runs), decompressed only when asked for.
 */
export class StoredRuns {
  readonly addresses: Uint32Array;
  private readonly rest: Uint8Array;
  private readonly zipped: boolean;
  private others: string | null = null;
  constructor(addresses: Uint32Array, rest: Uint8Array, zipped: boolean) {
    this.addresses = addresses;
    this.rest = rest;
    this.zipped = zipped;
  }

  /** The runs that are not canonical IPv4 ('\n'-joined). */
  text(): string {
    this.others ??= (this.zipped ? unzstd(this.rest) : Buffer.from(this.rest.buffer, this.rest.byteOffset, this.rest.byteLength)).toString('utf8');
    return this.others;
  }

  /** Every run (addresses first, ascending by value). */
  all(): string[] {
    const out = Array.from(this.addresses, ipv4Text);
    const text = this.text();
    if (text) out.push(...text.split('\n'));
    return out;
  }
}

/** The text of a canonical IPv4 run from its value. */
export function ipv4Text(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** The first byte of runs the idle pass rewrites in the current format (format 1, as a 1-byte blob). */
export const RUNS_OUTDATED = Buffer.from([RUNS_TEXT_FORMAT]);

/** Whether a block's runs, by their first byte (undefined: none stored), are to be built: none, or format 1. Unknown formats are left as they are. */
export function runsOutdated(first: Uint8Array | undefined): boolean {
  return first === undefined || first[0] === RUNS_TEXT_FORMAT;
}

/** A block's stored runs; null: a format this build does not know (or damaged data): no pruning. */
export function decodeRuns(data: Uint8Array): StoredRuns | null {
  if (data[0] === RUNS_TEXT_FORMAT) return new StoredRuns(new Uint32Array(0), data.subarray(1), true);
  if (data[0] !== RUNS_FORMAT) return null;
  let at = 1;
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = data[at++];
      if (b === undefined) throw new RangeError('dotted runs: truncated');
      v += (b & 127) * scale;
      if (b < 128) return v;
      scale *= 128;
    }
  };
  try {
    const n = varint();
    const addresses = new Uint32Array(n);
    let prev = 0;
    for (let i = 0; i < n; i++) addresses[i] = prev += varint();
    const how = data[at++];
    if (how !== OTHERS_PLAIN && how !== OTHERS_ZSTD) return null;
    return new StoredRuns(addresses, data.subarray(at), how === OTHERS_ZSTD);
  } catch {
    return null;
  }
}

/**
 * A test of whether some run of a block contains `piece` (a dotted run, so it holds two dots or
 * more and no line break): the other runs by substring search; the addresses by alignment, exact
 * because a canonical address's text is its four octets between three dots. The piece's k − 1
 * dots must fall on the address's dots, so for k ≤ 4 pieces cut at dots s0 … s(k−1) and some
 * offset j: s0 ends octet j's text, s1 … s(k−2) are octets j+1 … j+k−2 exactly, s(k−1) starts octet
 * j+k−1's text.
 */
export function runsContain(piece: string): (runs: StoredRuns) => boolean {
  const parts = piece.split('.');
  const k = parts.length;
  const aligned: ((v: number) => boolean)[] = [];
  /** A whole address's worth of piece (k = 4): the few addresses it can be, ascending; null when too many to look up one by one. */
  let exact: number[] | null = null;
  if (k <= 4) {
    const ends = OCTETS.map((o) => o.endsWith(parts[0]!));
    const starts = OCTETS.map((o) => o.startsWith(parts[k - 1]!));
    const middle = parts.slice(1, k - 1).map((p) => OCTETS.indexOf(p));
    if (!middle.includes(-1)) {
      for (let j = 0; j + k <= 4; j++) {
        const shift = (i: number) => 24 - 8 * (j + i);
        aligned.push((v) => {
          if (!ends[(v >>> shift(0)) & 255] || !starts[(v >>> shift(k - 1)) & 255]) return false;
          for (let i = 0; i < middle.length; i++) if (((v >>> shift(i + 1)) & 255) !== middle[i]) return false;
          return true;
        });
      }
      const firsts = ends.flatMap((ok, o) => (ok ? [o] : []));
      const lasts = starts.flatMap((ok, o) => (ok ? [o] : []));
      if (k === 4 && firsts.length * lasts.length <= EXACT_MAX)
        exact = firsts.flatMap((a) => lasts.map((d) => ((a * 256 + middle[0]!) * 256 + middle[1]!) * 256 + d)).sort((x, y) => x - y);
    }
  }
  return (runs) => {
    const a = runs.addresses;
    if (exact) {
      for (const v of exact) if (holds(a, v)) return true;
    } else for (const test of aligned) for (let i = 0; i < a.length; i++) if (test(a[i]!)) return true;
    return runs.text().includes(piece);
  };
}

/** Up to this many candidate addresses are looked up by binary search rather than by a scan. */
const EXACT_MAX = 64;

/** Whether the ascending `list` holds `v` (binary search). */
function holds(list: Uint32Array, v: number): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && list[lo] === v;
}

/** The texts of the octets 0–255. */
const OCTETS = Array.from({ length: 256 }, (_, i) => String(i));

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
