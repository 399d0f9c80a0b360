import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeBlock, TEXT_COLUMNS } from '../../../main/engine/store/event-store/block-codec.ts';
import type { RowTuple } from '../../../main/engine/store/event-store/block-codec.ts';
import { blockWords, literalPieces, lowerAscii } from '../../../main/engine/store/event-store/block-words.ts';
import { BlockReader, sealOne } from '../../../main/engine/store/event-store/index.ts';
import { MIN, NOW, SearchFixture } from '../search/fixture.ts';

/**
 * A block may be ruled out by its template words (block-words.ts) only if no text of it holds the
 * term. Checked on format-5 blocks of log lines written with everything a variable or an elided
 * copy can make of them: digit runs inside words, hex ids (whole words, after `0x`, after `_`),
 * addresses, quotes, control characters, upper case, non-ASCII, the Kelvin sign.
 */

const WORDS = [
  'Ingest',
  'ingestion',
  'block',
  'blk_a1b2c3d4',
  '0xdead12beef',
  'xdead',
  'exception',
  'EXCEPTION',
  'user42x',
  'deadbeef99',
  '10.0.7.77',
  'café',
  'Kelvin',
  '\u212Aelvin',
  'q"uote',
  'proc[123]:',
  'a1b2',
  'Receiving',
  'fail',
  '-',
  '=',
];
// Rare: control characters and a lone surrogate (which keeps a block from templates altogether).
const word = fc.oneof(
  { arbitrary: fc.constantFrom(...WORDS), weight: 30 },
  { arbitrary: fc.constantFrom('tab\there', 'line\nbreak'), weight: 3 },
  { arbitrary: fc.constant('lone\ud800x'), weight: 1 },
);
const line = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
// Raw's own words are few, so a term found in raw is mostly in its elided message copy.
const rowArb = fc.record({
  host: fc.constantFrom('web-01', 'HostX', 'ingest-node', 'h\tx'),
  user: fc.option(line, { nil: null }),
  message: line,
  extra: fc.constantFrom('ok', 'x=1', 'tab\there'),
});

function rows(specs: { host: string; user: string | null; message: string; extra: string }[]): RowTuple[] {
  return specs.map((s, i) => {
    const ts = 1_764_000_000_000 + i * 1000;
    const raw = JSON.stringify({ timestamp: new Date(ts).toISOString(), host: s.host, message: s.message, extra: s.extra });
    return [i + 1, 1, ts, ts, 3, 0, 0, s.host, s.user, null, s.message, null, raw];
  });
}

describe('ruling blocks out by template words', () => {
  it('cuts a term into letter pieces no variable can write', () => {
    expect(literalPieces('Ingest')).toEqual(['ingest']);
    expect(literalPieces('exception')).toEqual(['ption']); // `ce` may be a hex id after an `x`
    expect(literalPieces('blk_a1b2c3')).toEqual(['blk']);
    expect(literalPieces('0xdeadzz 10.0.7.77 a1b2 deadbeef')).toEqual([]);
    expect(literalPieces('user42xyzw')).toEqual(['user', 'yzw']);
    expect(literalPieces('\u212Aelvin')).toEqual(['elvin']); // the Kelvin sign is not a `k` to LIKE
  });

  it('lower-cases ASCII four bytes at a time exactly as byte by byte, and flags control and high bytes', () => {
    const interesting = fc.constantFrom(0, 0x0f, 0x10, 0x14, 0x15, 0x1f, 0x20, 0x40, 0x41, 0x5a, 0x5b, 0x60, 0x61, 0x7a, 0x7f, 0x80, 0xc1, 0xda, 0xef, 0xff);
    fc.assert(
      fc.property(fc.array(fc.oneof(interesting, fc.nat(255)), { maxLength: 40 }), fc.nat(3), (bytes, shift) => {
        const b = Buffer.alloc(bytes.length + shift).subarray(shift); // every alignment
        b.set(bytes);
        const flags = lowerAscii(b);
        expect([...b]).toEqual(bytes.map((c) => (c >= 0x41 && c <= 0x5a ? c + 32 : c)));
        expect(flags & 1, 'control').toBe(bytes.some((c) => c < 0x20 && !(c >= 0x10 && c <= 0x14)) ? 1 : 0);
        expect(flags & 2, 'high').toBe(bytes.some((c) => c >= 0x80) ? 2 : 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('never rules out a format-5 block holding the term, in whichever column holds it', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 4, maxLength: 24 }), fc.nat(), fc.nat(), fc.nat(), fc.nat(), (specs, pick, col, at, len) => {
        const block = rows(specs);
        const { data, raw } = encodeBlock(block);
        const words = blockWords({ data: () => data, raw: () => raw });
        if (!words) return; // not templated (a marker character): tested as before
        const c = col % 2 === 0 ? 12 : TEXT_COLUMNS[(col >> 1) % TEXT_COLUMNS.length]!;
        const text = block[pick % block.length]![c] as string | null;
        if (!text) return;
        const from = at % text.length;
        const term = text.slice(from, from + 1 + (len % 16));
        for (const piece of literalPieces(term)) expect(words.has(c, piece), `${JSON.stringify(term)} in column ${c}`).toBe(true);
        // And the test is worth having: a word in no text of the block is ruled out (raw too,
        // unless a host or message holds a character JSON escapes with letters).
        const plain = !block.some((r) => /[\u0000-\u001f\ud800-\udfff]/.test(`${r[7]}${r[10]}`));
        for (const k of TEXT_COLUMNS) if (k !== 12 || plain) expect(words.has(k, 'zqwv'), `column ${k}`).toBe(false);
      }),
      { numRuns: 1500 },
    );
  });

  it('a search reads only the log-line blocks whose words or sources can match', () => {
    const plain = new SearchFixture();
    const sealed = new SearchFixture();
    try {
      for (const f of [plain, sealed]) {
        f.addSource('ls_a', 'Live Ingest'); // a bare `ingest` matches all of this source's events
        f.addSource('ls_b', 'Web Tier');
        for (let i = 0; i < 24; i++) {
          const ts = NOW - (60 - i) * MIN;
          const host = `web-${i % 3}`;
          const message =
            i === 17 ? `Ingestion of batch ${i} failed` : i >= 20 ? `accepted request ${i} from 10.0.0.${i}` : `served request ${i} in ${i * 3} ms`;
          f.add({ source: i >= 20 ? 'ls_a' : 'ls_b', host, message, ts, rawText: JSON.stringify({ timestamp: new Date(ts).toISOString(), host, message }) });
        }
      }
      while (sealOne(sealed.db, { blockSize: 4, keepInHead: 0 }) > 0);
      const reader = BlockReader.for(sealed.db);
      const decoded = new Set<number>();
      const decode = reader.decoded.bind(reader);
      reader.decoded = (id, want) => {
        if (want.includes(12)) decoded.add(id);
        return decode(id, want);
      };
      const messages = (f: SearchFixture, q: string) => f.search.search({ q, from: '2h' }, NOW).events.map((e) => e.message);
      // `Ingestion` is in one block: the other five are ruled out by their words, their raw texts never built.
      expect(messages(sealed, 'Ingestion')).toEqual(messages(plain, 'Ingestion'));
      expect(messages(sealed, 'Ingestion')).toHaveLength(1);
      expect(decoded.size).toBe(1);
      // `ingest` also matches every event of "Live Ingest" (the last block): two blocks are read.
      decoded.clear();
      expect(messages(sealed, 'ingest')).toEqual(messages(plain, 'ingest'));
      expect(messages(sealed, 'ingest')).toHaveLength(5);
      expect(decoded.size).toBe(2);
    } finally {
      plain.close();
      sealed.close();
    }
  });
});
