import { constants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';

/** The first four bytes of every zstd frame, read as a little-endian 32-bit number. */
export const ZSTD_MAGIC = 0xfd2fb528;

/** zstd level 1: on event text as small as level 3's output here, at a fraction of the CPU. */
const ZSTD_LEVEL = 1;

/** `bytes` as one zstd frame (level 1; the frame records its content size, which unzstd reads). */
export function zstd(bytes: Uint8Array): Buffer {
  return zstdCompressSync(bytes, { params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL } });
}

/** Largest output decompressed into one buffer sized from its frame header; larger ones take node's chunks. */
const ONE_BUFFER_MAX = 64 * 1024 * 1024;

/**
 * One zstd frame, decompressed. A frame compressed in one call (every frame this codec writes)
 * records its content size, so the output is one buffer of that size (plus a little: a buffer
 * filled exactly makes node:zlib allocate another to find the end). node:zlib's default is 16 KB
 * chunks concatenated at the end: for a bench-mix raw frame (~1 MB of text) that was 0.66–0.95
 * ms against 0.46–0.51 (the same 200 blocks of the 100 M store decompressed both ways).
 */
export function unzstd(frame: Uint8Array): Buffer {
  const size = zstdContentSize(frame);
  return size === null || size > ONE_BUFFER_MAX ? zstdDecompressSync(frame) : zstdDecompressSync(frame, { chunkSize: Math.max(64, size + 64) });
}

/**
 * The content size a zstd frame's header records (RFC 8878 §3.1.1.1), or null when it records none
 * or `f` does not start with a zstd frame header (decompressing then reports what is wrong).
 */
export function zstdContentSize(f: Uint8Array): number | null {
  if (f.length < 6 || Buffer.from(f.buffer, f.byteOffset, f.byteLength).readUInt32LE(0) !== ZSTD_MAGIC) return null;
  const descriptor = f[4]!;
  const single = (descriptor >> 5) & 1;
  const flag = descriptor >> 6;
  const bytes = flag === 0 ? single : [0, 2, 4, 8][flag]!;
  if (bytes === 0) return null;
  const at = 5 + (single ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]!;
  if (at + bytes > f.length) return null;
  let v = 0;
  for (let k = bytes - 1; k >= 0; k--) v = v * 256 + f[at + k]!;
  return bytes === 2 ? v + 256 : v;
}
