/**
 * GELF framing. Datagrams: plain JSON, zlib, gzip, or chunked (magic 0x1e 0x0f, 8-byte message
 * id, sequence number, count ≤ 128); chunks are held until the message is whole, at most 5 s (what
 * Graylog does) and within a memory budget, so a lost chunk or a flood of half messages cannot grow
 * memory. TCP: uncompressed JSON messages each ended by a NUL byte.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import { INGEST_LIMITS } from '../../../shared/limits.ts';

export const GELF_CHUNKS = { maxCount: 128, timeoutMs: 5000, maxPendingBytes: 32 * 1024 * 1024 } as const;

interface Partial {
  parts: (Buffer | undefined)[];
  have: number;
  bytes: number;
  firstAt: number;
}

/** Decompress a whole GELF payload (zlib 0x78, gzip 0x1f8b, or plain) into its JSON text. */
export function gelfPayloadText(buf: Buffer): string {
  const opts = { maxOutputLength: INGEST_LIMITS.maxBodyBytes };
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return gunzipSync(buf, opts).toString('utf8');
  if (buf.length >= 2 && buf[0] === 0x78) return inflateSync(buf, opts).toString('utf8');
  return buf.toString('utf8');
}

/** Reassembles chunked datagrams; `push` returns the whole payload once its last chunk arrives. */
export class GelfChunkAssembler {
  private pending = new Map<string, Partial>();
  private pendingBytes = 0;

  /** A datagram → a complete payload (Buffer), null while a chunked message is incomplete, or an error text. */
  push(d: Buffer, now: number): Buffer | null | string {
    if (d.length < 2 || d[0] !== 0x1e || d[1] !== 0x0f) return d;
    if (d.length < 12) return 'GELF chunk shorter than its 12-byte header';
    const id = d.subarray(2, 10).toString('hex');
    const seq = d[10]!;
    const count = d[11]!;
    if (count === 0 || count > GELF_CHUNKS.maxCount || seq >= count)
      return `GELF chunk ${seq + 1} of ${count} is invalid (at most ${GELF_CHUNKS.maxCount} chunks)`;
    const body = d.subarray(12);
    if (count === 1) return Buffer.from(body);
    if (this.pendingBytes + body.length > GELF_CHUNKS.maxPendingBytes) return 'too many incomplete chunked GELF messages; chunk dropped';
    let p = this.pending.get(id);
    if (!p) {
      p = { parts: new Array(count).fill(undefined), have: 0, bytes: 0, firstAt: now };
      this.pending.set(id, p);
    }
    if (p.parts.length !== count) return 'GELF chunks of one message disagree on the chunk count';
    if (p.parts[seq] === undefined) {
      p.parts[seq] = Buffer.from(body);
      p.have++;
      p.bytes += body.length;
      this.pendingBytes += body.length;
    }
    if (p.have < count) return null;
    this.pending.delete(id);
    this.pendingBytes -= p.bytes;
    return Buffer.concat(p.parts as Buffer[]);
  }

  /** Number of messages still waiting for chunks. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Drop messages whose chunks did not all arrive in time; returns how many were dropped. */
  expire(now: number): number {
    let dropped = 0;
    for (const [id, p] of this.pending) {
      if (now - p.firstAt < GELF_CHUNKS.timeoutMs) break; // insertion order = age order
      this.pending.delete(id);
      this.pendingBytes -= p.bytes;
      dropped++;
    }
    return dropped;
  }
}

/** Splits a TCP stream at NUL bytes; a frame over the body limit is skipped up to its NUL and reported. */
export class NullFramer {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;

  /** Complete frames in this chunk: Buffers, or `{tooLarge}` for each skipped oversized frame. */
  push(chunk: Buffer): (Buffer | { tooLarge: number })[] {
    const out: (Buffer | { tooLarge: number })[] = [];
    let start = 0;
    for (let nul = chunk.indexOf(0, start); nul >= 0; nul = chunk.indexOf(0, start)) {
      this.take(chunk.subarray(start, nul));
      if (this.skipping) out.push({ tooLarge: this.size });
      else if (this.size > 0) out.push(this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts));
      this.parts = [];
      this.size = 0;
      this.skipping = false;
      start = nul + 1;
    }
    this.take(chunk.subarray(start));
    return out;
  }

  /** What is left when the peer closes: a last frame without its NUL. */
  end(): (Buffer | { tooLarge: number })[] {
    const out = this.push(Buffer.from([0]));
    return out.filter((f) => !Buffer.isBuffer(f) || f.toString('utf8').trim() !== '');
  }

  private take(b: Buffer): void {
    if (b.length === 0) return;
    this.size += b.length;
    if (this.skipping) return;
    if (this.size > INGEST_LIMITS.maxBodyBytes) {
      this.skipping = true;
      this.parts = [];
      return;
    }
    this.parts.push(Buffer.from(b));
  }
}
