import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBlock, decodeColumns, encodeBlock, MIN_ELIDED_SHARE } from '../../../main/engine/store/event-store/block-codec.ts';
import type { RowTuple } from '../../../main/engine/store/event-store/block-codec.ts';
import { encodeBlockV2 } from './block-v2-encoder.ts';

/**
 * Format 3 stores numbers in the narrowest exact binary kind (Int32 deltas, bytes, Int32, else
 * Float64) and text as dictionaries: every number and string must come back exactly, whatever
 * kind the encoder picked, and blocks sealed in format 2 by earlier builds must still decode.
 */
const number = fc
  .oneof(
    fc.integer({ min: 0, max: 255 }),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.maxSafeInteger(),
    fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  )
  .map((x) => x + 0); // SQLite has no -0 in an INTEGER column: the head never holds one
const text = fc.option(fc.oneof(fc.constantFrom('web-01', 'alice', '', 'é🔥'), fc.string({ unit: 'grapheme', maxLength: 8 })), { nil: null });
const rowArb = fc.tuple(fc.array(number, { minLength: 6, maxLength: 6 }), fc.array(text, { minLength: 5, maxLength: 5 }), fc.string({ maxLength: 30 }));

function rows(specs: [number[], (string | null)[], string][], id0: number, monotonic: boolean): RowTuple[] {
  return specs.map(([n, t, raw], i) => {
    const ts = monotonic ? 1_764_000_000_000 + i * 7 - (n[2]! % 5000) : n[2]!;
    return [id0 + i, n[0]!, monotonic ? ts + 3 : n[1]!, ts, n[3]!, n[4]!, n[5]!, t[0]!, t[1]!, t[2]!, t[3]!, t[4]!, raw];
  });
}

describe('event block codec (format 3)', () => {
  it('decodes to exactly the rows encoded, for any numbers and text', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.maxSafeInteger(), (specs, monotonic, id0) => {
        const rs = rows(specs, Math.min(id0, Number.MAX_SAFE_INTEGER - 100), monotonic);
        const { data, raw } = encodeBlock(rs);
        expect(decodeBlock(data, raw)).toEqual(rs);
      }),
      { numRuns: 400 },
    );
  });

  it("elides each raw text's copy of its message and restores it exactly (formats 4 and 5), whatever the message holds", () => {
    const message = fc.option(
      fc.oneof(
        fc.string({ unit: 'grapheme', minLength: 6, maxLength: 30 }),
        fc.constantFrom('GET /a returned 500 $& $1 $$', 'quote " and \\ backslash', 'line\nbreak\u0001ctl', 'é🔥 unicode text here'),
      ),
      { nil: null },
    );
    // How the sender spelled the message in raw: as JSON.stringify does (elided), escaped otherwise (kept), twice, or absent;
    // with a bare NUL (no elision at all) or another marker character (format 4: the message elided, nothing else).
    const spelling = fc.constantFrom('plain', 'twice', 'escaped', 'absent', 'nul', 'ctl');
    fc.assert(
      fc.property(fc.array(fc.tuple(message, spelling), { minLength: 1, maxLength: 30 }), (specs) => {
        const rs: RowTuple[] = specs.map(([m, how], i) => {
          const lit = JSON.stringify(m ?? '');
          const raw =
            how === 'plain'
              ? `{"message":${lit},"n":${i}}`
              : how === 'twice'
                ? `{"msg":${lit},"message":${lit}}`
                : how === 'escaped'
                  ? `{"message":"${[...(m ?? '')].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`
                  : how === 'nul'
                    ? `{"message":${lit}}\u0000`
                    : how === 'ctl'
                      ? `{"message":${lit}}\u0002`
                      : '{"other":true}';
          return [i + 1, 1, 5, 1_764_000_000_000 + i, 1, 0, 0, 'h', null, null, m, null, raw];
        });
        const { data, raw } = encodeBlock(rs);
        expect(decodeBlock(data, raw)).toEqual(rs);
        const version = (JSON.parse(data.subarray(4, 4 + data.readUInt32LE(0)).toString('utf8')) as { v: number }).v;
        // Format 4 when eliding each message's first literal (8+ characters) removes at least MIN_ELIDED_SHARE of the raw text.
        const total = rs.reduce((n, r) => n + r[12].length, 0);
        const saved = rs.reduce((n, r) => {
          const m = r[10] as string | null;
          return m !== null && m.length >= 8 && r[12].includes(JSON.stringify(m)) ? n + JSON.stringify(m).length - 1 : n;
        }, 0);
        const nul = rs.some((r) => r[12].includes('\u0000'));
        const marker = rs.some((r) => /[\u0001\u0002]/.test(r[12]));
        // Text-heavy blocks are format 5 (templates), or 4 when a raw text holds a marker character; the rest format 3.
        expect(version).toBe(nul || saved < MIN_ELIDED_SHARE * total ? 3 : marker ? 4 : 5);
        // Builds before format 5 wrote format 4 there; this build still reads it.
        const old = encodeBlock(rs, 4);
        expect(decodeBlock(old.data, old.raw)).toEqual(rs);
        // Raw alone (a raw path, a text search) comes back whole too.
        expect(decodeColumns({ data: () => data, raw: () => raw }, [12], { cols: [], dicts: [] }).cols[12]).toEqual(rs.map((r) => r[12]));
      }),
      { numRuns: 300 },
    );
  });

  it('decodes only the columns asked for, with the dictionary behind each text column', () => {
    const rs: RowTuple[] = [
      [10, 1, 100, 100, 2, 0, 1, 'web-01', 'alice', null, 'm', null, '{}'],
      [11, 1, 101, 99, 3, 0, 1, 'web-02', 'alice', 'login', 'm', null, '{"a":1}'],
    ];
    const { data, raw } = encodeBlock(rs);
    const block = decodeColumns({ data: () => data, raw: () => raw }, [3, 8], { cols: [], dicts: [] });
    expect(Array.from(block.cols[3]!)).toEqual([100, 99]);
    expect(block.cols[8]).toEqual(['alice', 'alice']);
    expect(block.dicts[8]).toEqual({ values: ['alice'], codes: Int32Array.from([0, 0]) });
    expect(block.cols[7]).toBeUndefined();
    expect(block.cols[12]).toBeUndefined();
  });

  it('stores runs of equal values (events of one batch share a receive time) exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 300 }), number), { minLength: 1, maxLength: 12 }), (runs) => {
        const received = runs.flatMap(([len, v]) => Array.from({ length: len }, () => v));
        const rs: RowTuple[] = received.map((r, i) => [i + 1, 2, r, 1_764_000_000_000 + (i % 7), 3, 0, 0, null, 'u', null, 'm', null, '{}']);
        const { data, raw } = encodeBlock(rs);
        expect(decodeBlock(data, raw)).toEqual(rs);
      }),
      { numRuns: 200 },
    );
  });

  it('holds more distinct values than 16-bit codes can number', () => {
    const rs: RowTuple[] = Array.from({ length: 70_000 }, (_, i) => [i + 1, 1, i, i, 0, 0, 0, `host-${i}`, i % 2 ? null : 'u', null, null, null, '{}']);
    const { data, raw } = encodeBlock(rs);
    expect(decodeBlock(data, raw)).toEqual(rs);
  });

  it('still decodes blocks sealed in format 2 by earlier builds', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 30 }), (specs) => {
        const rs = rows(specs, 1, true).map((r) => r.map((v, c) => (c < 7 && typeof v === 'number' ? Math.trunc(v) + 0 : v)) as RowTuple);
        const { data, raw } = encodeBlockV2(rs);
        expect(decodeBlock(data, raw)).toEqual(rs);
      }),
      { numRuns: 100 },
    );
  });
});
