import type { DecodedBlock } from './block-codec.ts';
import { unzstd } from './zstd.ts';

/**
 * Reading blocks sealed in format 2 (JSON columns inside the frames), written by builds before
 * format 3. Stores keep such blocks until retention drops them, so this decoder stays; nothing
 * writes format 2 any more.
 */
export interface HeaderV2 {
  v: 2;
  n: number;
  /** [offset, length] in UTF-8 bytes of each packed column inside the decompressed pack frame. */
  at: [number, number][];
  /** [offset, length] of the pack frame and of the message frame after the header. */
  frames: [number, number][];
}

const MESSAGE = 10;
const RAW = 12;
const DELTA = new Set([0, 2, 3]);

function decodeDictionary(text: string, c: number, into: DecodedBlock): void {
  const [values, idx] = JSON.parse(text) as [string[], number[]];
  into.dicts[c] = { values, codes: Int32Array.from(idx) };
  into.cols[c] = idx.map((i) => (i < 0 ? null : values[i]!));
}

function decodeNumbers(text: string, delta: boolean): number[] {
  const xs = JSON.parse(text) as number[];
  if (delta) for (let i = 1; i < xs.length; i++) xs[i]! += xs[i - 1]!;
  return xs;
}

/** Decode the `missing` columns (raw excluded) of a format-2 block whose frames start at `body`. */
export function decodeColumnsV2(body: Buffer, header: HeaderV2, missing: readonly number[], into: DecodedBlock): DecodedBlock {
  const frame = (k: number) => unzstd(body.subarray(header.frames[k]![0], header.frames[k]![0] + header.frames[k]![1]));
  let pack: Buffer | null = null;
  for (const c of missing) {
    if (c === RAW) continue;
    if (c === MESSAGE) {
      decodeDictionary(frame(1).toString('utf8'), c, into);
      continue;
    }
    pack ??= frame(0);
    const [o, n] = header.at[c]!;
    const text = pack.toString('utf8', o, o + n);
    if (c < 7) into.cols[c] = decodeNumbers(text, DELTA.has(c));
    else decodeDictionary(text, c, into);
  }
  return into;
}
