import type { NewEventRow, WriteBatch } from './write.ts';

/**
 * A batch's rows as they cross to the writer thread: columns instead of 500 little arrays, so the
 * structured clone copies two typed arrays (transferred, not copied) and one string instead of
 * walking thousands of objects on both threads. `text` is every string field of every row
 * concatenated; `lens` gives each one's length in UTF-16 units (-1 for null), so slicing it back
 * yields exactly the same strings, unpaired surrogates included.
 */
export interface PackedRows {
  count: number;
  /** Per row: ts, severity, category, outcome (ts stays exact: |ts| ≤ 8.64e15 < 2^53). */
  nums: Float64Array;
  /** Per row: host, user, action, message, tags, raw. */
  lens: Int32Array;
  text: string;
}

/** A WriteBatch with its rows packed. */
export type WireBatch = Omit<WriteBatch, 'rows'> & { rows: PackedRows };

/** Engine thread → writer thread. */
export type WriteRequest = { op: 'commit'; id: number; batches: WireBatch[] } | { op: 'close' };

/** One batch's outcome: its new ids, or why it was not written (with the SQLite code when there is one). */
export type BatchOutcome = { ids: number[] } | { message: string; code: string | null };

/** Writer thread → engine thread, one per commit request, in request order: an outcome per batch. */
export type WriteReply = { op: 'done'; id: number; outcomes: BatchOutcome[] } | { op: 'closed' };

const NUMS = 4;
const STRS = 6;

/** Pack rows for the writer thread (see PackedRows). */
export function packRows(rows: NewEventRow[]): PackedRows {
  const n = rows.length;
  const nums = new Float64Array(n * NUMS);
  const lens = new Int32Array(n * STRS);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    nums[i * NUMS] = r[0];
    nums[i * NUMS + 1] = r[1];
    nums[i * NUMS + 2] = r[2];
    nums[i * NUMS + 3] = r[3];
    for (let f = 0; f < STRS; f++) {
      const v = r[NUMS + f] as string | null;
      lens[i * STRS + f] = v === null ? -1 : v.length;
      if (v) parts.push(v);
    }
  }
  return { count: n, nums, lens, text: parts.join('') };
}

/** The rows packRows was given, value for value. Throws on a malformed pack (lengths past the text). */
export function unpackRows(p: PackedRows): NewEventRow[] {
  const { count, nums, lens, text } = p;
  if (nums.length !== count * NUMS || lens.length !== count * STRS) throw new Error(`packed rows: ${count} rows but ${nums.length} numbers and ${lens.length} lengths`);
  const rows: NewEventRow[] = new Array(count);
  let at = 0;
  const str = (k: number): string | null => {
    const len = lens[k]!;
    if (len < 0) return null;
    at += len;
    return text.slice(at - len, at);
  };
  for (let i = 0; i < count; i++) {
    const k = i * STRS;
    rows[i] = [nums[i * NUMS]!, nums[i * NUMS + 1]!, nums[i * NUMS + 2]!, nums[i * NUMS + 3]!, str(k), str(k + 1), str(k + 2), str(k + 3), str(k + 4), str(k + 5) ?? ''];
  }
  if (at !== text.length) throw new Error(`packed rows: lengths cover ${at} of ${text.length} characters`);
  return rows;
}

/** A commit request's batches for postMessage, and the buffers to transfer with it. */
export function toWire(batches: WriteBatch[]): { batches: WireBatch[]; transfer: ArrayBuffer[] } {
  const out: WireBatch[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const b of batches) {
    const rows = packRows(b.rows);
    transfer.push(rows.nums.buffer as ArrayBuffer, rows.lens.buffer as ArrayBuffer);
    out.push({ ...b, rows });
  }
  return { batches: out, transfer };
}

/** The writer thread's view of a request's batches. */
export function fromWire(batches: WireBatch[]): WriteBatch[] {
  return batches.map((b) => ({ ...b, rows: unpackRows(b.rows) }));
}
