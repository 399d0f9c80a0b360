import { constants, zstdCompressSync } from 'node:zlib';
import type { RowTuple } from '../../../main/engine/store/event-store/block-codec.ts';

/**
 * The format-2 block encoder as builds before format 3 shipped it (JSON columns inside two zstd
 * frames), kept here to prove that blocks those builds sealed still decode.
 */
const zstd = (text: string) => zstdCompressSync(Buffer.from(text, 'utf8'), { params: { [constants.ZSTD_c_compressionLevel]: 1 } });

function dictionary(values: (string | null)[]): string {
  const dict = new Map<string, number>();
  const idx = values.map((v) => {
    if (v === null) return -1;
    let i = dict.get(v);
    if (i === undefined) dict.set(v, (i = dict.size));
    return i;
  });
  return JSON.stringify([[...dict.keys()], idx]);
}

export function encodeBlockV2(rows: RowTuple[]): { data: Buffer; raw: Buffer } {
  const parts: string[] = [];
  const at: [number, number][] = [];
  let offset = 0;
  for (let c = 0; c < 12; c++) {
    if (c === 10) {
      at.push([0, 0]);
      continue;
    }
    const col = rows.map((r) => r[c]!);
    const nums = col as number[];
    const text =
      c < 7 ? JSON.stringify([0, 2, 3].includes(c) ? nums.map((x, i) => (i === 0 ? x : x - nums[i - 1]!)) : nums) : dictionary(col as (string | null)[]);
    const bytes = Buffer.byteLength(text, 'utf8');
    parts.push(text);
    at.push([offset, bytes]);
    offset += bytes;
  }
  const pack = zstd(parts.join(''));
  const message = zstd(dictionary(rows.map((r) => r[10])));
  const header = {
    v: 2,
    n: rows.length,
    at,
    frames: [
      [0, pack.length],
      [pack.length, message.length],
    ],
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const raws = rows.map((r) => r[12]);
  return { data: Buffer.concat([len, head, pack, message]), raw: zstd(`${JSON.stringify(raws.map((v) => v.length))}\n${raws.join('')}`) };
}
