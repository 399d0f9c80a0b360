import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createZstdCompress, zstdCompressSync } from 'node:zlib';
import { unzstd, zstdContentSize } from '../../../main/engine/store/event-store/zstd.ts';

/** `bytes` compressed as a stream (the frame header then records no content size). */
async function streamed(bytes: Uint8Array): Promise<Buffer> {
  const z = createZstdCompress();
  const chunks: Buffer[] = [];
  z.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((res) => z.on('end', res));
  z.end(bytes);
  await done;
  return Buffer.concat(chunks);
}

// Lengths on both sides of the header's size-field boundaries (1 byte below 256, 2 bytes up to 65,791, then 4).
const data = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.integer({ min: 0, max: 140_000 }).map((n) => new Uint8Array(n).map((_, i) => (i * 7) % 13)),
  fc.constantFrom(255, 256, 257, 65_791, 65_792, 65_793).map((n) => new Uint8Array(n).fill(97)),
);

describe('zstd frames', () => {
  it('reads the content size a one-call frame records, and decompresses it exactly', () => {
    fc.assert(
      fc.property(data, (bytes) => {
        const frame = zstdCompressSync(bytes);
        expect(zstdContentSize(frame)).toBe(bytes.length);
        expect(Buffer.compare(unzstd(frame), Buffer.from(bytes))).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('decompresses a frame that records no size, and reports a damaged one', async () => {
    const bytes = Buffer.from('x'.repeat(50_000) + 'tail');
    const frame = await streamed(bytes);
    expect(zstdContentSize(frame)).toBeNull();
    expect(unzstd(frame).equals(bytes)).toBe(true);
    expect(zstdContentSize(Buffer.from('not a zstd frame'))).toBeNull();
    expect(() => unzstd(Buffer.from('not a zstd frame'))).toThrow();
    const cut = zstdCompressSync(bytes).subarray(0, 12);
    expect(() => unzstd(cut)).toThrow();
  });
});
