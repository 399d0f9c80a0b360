import type { ColumnValues } from './block-codec.ts';

/**
 * Number columns of a block (formats 3–5): each stored in the narrowest exact binary kind, in an
 * uncompressed pack that typed arrays view in place (docs/storage.md, "Block format").
 */

/** Integer widths a number column can be stored in, narrowest first. */
const WIDTHS = [
  { k: 'i8', min: -0x80, max: 0x7f, Kind: Int8Array },
  { k: 'u8', min: 0, max: 0xff, Kind: Uint8Array },
  { k: 'i16', min: -0x8000, max: 0x7fff, Kind: Int16Array },
  { k: 'u16', min: 0, max: 0xffff, Kind: Uint16Array },
  { k: 'i32', min: -0x80000000, max: 0x7fffffff, Kind: Int32Array },
] as const;
type Width = (typeof WIDTHS)[number]['k'];

/**
 * How a number column is stored: `seq` = base + i × step (no bytes: ids, a constant source);
 * `delta` = base plus per-row differences in a narrow integer type (times); `int` = the values in
 * a narrow integer type; `f64` = anything else, exactly.
 */
export type NumberSpec =
  | { k: 'seq'; base: number; step: number }
  /** Runs of equal values: run lengths (Int32) then values (Float64); receive times come in batches. */
  | { k: 'runs'; runs: number; at: number }
  | { k: 'delta'; w: Width; base: number; at: number }
  | { k: 'int'; w: Width; at: number }
  | { k: 'f64'; at: number };
/** Sections of one pack, each starting at a multiple of 8 so typed arrays can view them in place. */
export class PackBuilder {
  private readonly parts: Uint8Array[] = [];
  size = 0;
  add(bytes: Uint8Array): number {
    const pad = (8 - (this.size % 8)) % 8;
    if (pad) this.parts.push(new Uint8Array(pad));
    const at = this.size + pad;
    this.parts.push(bytes);
    this.size = at + bytes.byteLength;
    return at;
  }
  bytes(): Buffer {
    const pad = (8 - (this.size % 8)) % 8;
    return Buffer.concat(pad ? [...this.parts, new Uint8Array(pad)] : this.parts);
  }
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The narrowest integer width holding every value, or null (non-integers, or beyond Int32). */
function widthFor(xs: ArrayLike<number>): (typeof WIDTHS)[number] | null {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!Number.isInteger(x)) return null;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return WIDTHS.find((w) => lo >= w.min && hi <= w.max) ?? null;
}

export function encodeNumbers(xs: number[], delta: boolean, pack: PackBuilder): NumberSpec {
  const n = xs.length;
  const safe = xs.every((x) => Number.isSafeInteger(x));
  if (safe && n > 0) {
    const step = n > 1 ? xs[1]! - xs[0]! : 0;
    if (Number.isSafeInteger(step) && xs.every((x, i) => x === xs[0]! + i * step)) return { k: 'seq', base: xs[0]!, step };
  }
  let runs = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (xs[i] !== xs[i - 1]) runs++;
  if (runs * 12 <= n) {
    const lengths = new Int32Array(runs);
    const values = new Float64Array(runs);
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && xs[i] !== xs[i - 1]) r++;
      lengths[r]!++;
      values[r] = xs[i]!;
    }
    const at = pack.add(bytesOf(values));
    pack.add(bytesOf(lengths));
    return { k: 'runs', runs, at };
  }
  if (delta && safe && n > 0) {
    const d = xs.map((x, i) => (i === 0 ? 0 : x - xs[i - 1]!));
    const w = widthFor(d);
    if (w) return { k: 'delta', w: w.k, base: xs[0]!, at: pack.add(bytesOf(w.Kind.from(d))) };
  }
  const w = widthFor(xs);
  if (w) return { k: 'int', w: w.k, at: pack.add(bytesOf(w.Kind.from(xs))) };
  return { k: 'f64', at: pack.add(bytesOf(Float64Array.from(xs))) };
}

/** `bytes` itself when 8-byte aligned (typed arrays can view it), else an aligned copy. */
export function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
}

function widthView(w: Width, frame: Uint8Array, at: number, n: number): ArrayLike<number> {
  const Kind = WIDTHS.find((x) => x.k === w)!.Kind;
  return new Kind(frame.buffer as ArrayBuffer, frame.byteOffset + at, n);
}

/** A number column's values (a typed array; times and ids rebuilt as Float64 from their deltas). */
export function decodeNumbersV3(spec: NumberSpec, frame: Uint8Array, n: number): ColumnValues {
  switch (spec.k) {
    case 'seq': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = spec.base + i * spec.step;
      return out;
    }
    case 'runs': {
      const values = new Float64Array(frame.buffer as ArrayBuffer, frame.byteOffset + spec.at, spec.runs);
      const lengths = new Int32Array(frame.buffer as ArrayBuffer, frame.byteOffset + spec.at + spec.runs * 8, spec.runs);
      const out = new Float64Array(n);
      for (let r = 0, i = 0; r < spec.runs; r++) out.fill(values[r]!, i, (i += lengths[r]!));
      return out;
    }
    case 'delta': {
      const d = widthView(spec.w, frame, spec.at, n);
      const out = new Float64Array(n);
      let x = spec.base;
      for (let i = 0; i < n; i++) out[i] = x += i === 0 ? 0 : d[i]!;
      return out;
    }
    case 'int':
      return widthView(spec.w, frame, spec.at, n);
    case 'f64':
      return new Float64Array(frame.buffer, frame.byteOffset + spec.at, n);
  }
}
