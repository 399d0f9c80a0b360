import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync, gzipSync } from 'node:zlib';
import { GELF_CHUNKS, GelfChunkAssembler, NullFramer, gelfPayloadText } from '../../../main/engine/intake/gelf-frames.ts';

/** Split `payload` into GELF chunks of `size` bytes under one 8-byte message id. */
function chunk(payload: Buffer, size: number, id: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = 0; at < payload.length; at += size) parts.push(payload.subarray(at, at + size));
  return parts.map((p, i) => Buffer.concat([Buffer.from([0x1e, 0x0f]), id, Buffer.from([i, parts.length]), p]));
}

describe('GELF chunk reassembly', () => {
  it('rebuilds any payload from its chunks in any order, interleaved with another message (differential)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 3000 }), fc.integer({ min: 16, max: 500 }), fc.integer(), (bytes, size, seed) => {
        const payload = Buffer.from(bytes);
        const a = chunk(payload, size, Buffer.from('aaaaaaaa'));
        const b = chunk(Buffer.from('other message'), 4, Buffer.from('bbbbbbbb'));
        fc.pre(a.length <= GELF_CHUNKS.maxCount);
        const all = [...a, ...b];
        let s = seed >>> 0;
        for (let i = all.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) >>> 0;
          const j = s % (i + 1);
          [all[i], all[j]] = [all[j]!, all[i]!];
        }
        const asm = new GelfChunkAssembler();
        const out = all.map((d) => asm.push(d, 0)).filter((x): x is Buffer => Buffer.isBuffer(x));
        // oracle: exactly the two original payloads, each once
        expect(out.map((x) => x.toString('hex')).sort()).toEqual([payload.toString('hex'), Buffer.from('other message').toString('hex')].sort());
        expect(asm.waiting).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('drops a message whose chunks do not all arrive within 5 s, and refuses bad chunk headers', () => {
    const asm = new GelfChunkAssembler();
    const parts = chunk(Buffer.from('x'.repeat(100)), 30, Buffer.from('cccccccc'));
    expect(asm.push(parts[0]!, 1000)).toBeNull();
    expect(asm.expire(1000 + GELF_CHUNKS.timeoutMs - 1)).toBe(0);
    expect(asm.expire(1000 + GELF_CHUNKS.timeoutMs)).toBe(1);
    expect(asm.waiting).toBe(0);
    expect(asm.push(Buffer.from([0x1e, 0x0f, 1, 2]), 0)).toMatch(/12-byte header/);
    expect(asm.push(Buffer.concat([Buffer.from([0x1e, 0x0f]), Buffer.alloc(8), Buffer.from([5, 3])]), 0)).toMatch(/invalid/);
  });

  it('reads plain, zlib and gzip payloads', () => {
    const msg = '{"short_message":"hi"}';
    for (const b of [Buffer.from(msg), deflateSync(msg), gzipSync(msg)]) expect(gelfPayloadText(b)).toBe(msg);
  });
});

describe('GELF TCP framing', () => {
  it('splits at NUL bytes however the stream is cut (differential against a whole-buffer split)', () => {
    const frame = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\0') && s.trim() !== '');
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 10 }), fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 20 }), (frames, cuts) => {
        const stream = Buffer.from(frames.map((f) => `${f}\0`).join(''));
        const f = new NullFramer();
        const out: string[] = [];
        let at = 0;
        for (const c of cuts) {
          for (const x of f.push(stream.subarray(at, at + c))) if (Buffer.isBuffer(x)) out.push(x.toString());
          at = Math.min(stream.length, at + c);
        }
        for (const x of f.push(stream.subarray(at))) if (Buffer.isBuffer(x)) out.push(x.toString());
        expect(out).toEqual(frames);
      }),
      { numRuns: 300 },
    );
  });

  it('skips a frame over 1 MB up to its NUL and keeps the next one; a last frame without NUL counts at close', () => {
    const f = new NullFramer();
    const big = f.push(Buffer.alloc(1024 * 1024 + 10, 0x61));
    expect(big).toEqual([]);
    const after = f.push(Buffer.from('\0{"short_message":"next"}\0{"tail":1}'));
    expect(after[0]).toEqual({ tooLarge: 1024 * 1024 + 10 });
    expect(String(after[1])).toBe('{"short_message":"next"}');
    expect(f.end().map(String)).toEqual(['{"tail":1}']);
  });
});
