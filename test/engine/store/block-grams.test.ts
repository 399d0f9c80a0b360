import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blockGrams } from '../../../main/engine/store/event-store/block-grams.ts';
import { decodeBlock, encodeBlock } from '../../../main/engine/store/event-store/block-codec.ts';
import type { RowTuple } from '../../../main/engine/store/event-store/block-codec.ts';
import { gramsQuery } from '../../../main/engine/search/prune.ts';
import { SearchFixture } from '../search/fixture.ts';

/**
 * The skip index is only sound if a block's distinct-trigram document lets FTS5 find every text a
 * stored value contains; the codec only if a block decodes to exactly the rows it was built from.
 * Random Unicode (astral characters, upper case, separators inside values) against the real FTS5
 * table of a migrated store file, and a brute-force substring oracle.
 */

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('a', 'B', 'é', 'É', '\n', '"', '🔥', 'x', '1', ' ', '\u0000'), maxLength: 12 }),
);
const nullableText = fc.option(text, { nil: null });
const rowArb = fc.tuple(nullableText, nullableText, nullableText, nullableText, nullableText, text, fc.integer({ min: -1e12, max: 1e12 }));

function tuple(
  id: number,
  [host, user, action, message, tags, raw, ts]: [string | null, string | null, string | null, string | null, string | null, string, number],
): RowTuple {
  return [id, id % 3, ts + 5, ts, id % 7, id % 5, id % 3, host, user, action, message, tags, raw];
}

describe('block codec and distinct-trigram skip index', () => {
  it('decodes every block to exactly its rows, and FTS5 finds the block for every substring of every stored text', () => {
    const f = new SearchFixture();
    let blockId = 0;
    try {
      fc.assert(
        fc.property(fc.array(rowArb, { minLength: 1, maxLength: 20 }), fc.nat(), fc.nat(), fc.nat(), (specs, pick, at, len) => {
          const rows = specs.map((s, i) => tuple(i * 3 + 1, s));
          const { data, raw } = encodeBlock(rows);
          expect(decodeBlock(data, raw)).toEqual(rows);

          const id = ++blockId;
          f.db.prepare('INSERT INTO event_block_grams (rowid, body) VALUES (?, ?)').run(id, blockGrams(rows));
          const texts = rows.flatMap((r) => r.slice(7).filter((v): v is string => typeof v === 'string'));
          const chars = [...texts[pick % texts.length]!];
          const start = at % Math.max(1, chars.length);
          const sub = chars.slice(start, start + 3 + (len % 6)).join('');
          const query = gramsQuery(sub);
          if (query === '') return; // no usable trigram: the term prunes nothing
          const found = f.db.prepare('SELECT rowid AS id FROM event_block_grams WHERE event_block_grams MATCH ?').all(query) as { id: number }[];
          expect(found.map((r) => r.id)).toContain(id);
        }),
        { numRuns: 300 },
      );
    } finally {
      f.close();
    }
  });
});
