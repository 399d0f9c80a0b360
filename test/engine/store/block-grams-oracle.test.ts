import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blockGrams } from '../../../main/engine/store/event-store/block-grams.ts';
import type { RowTuple } from '../../../main/engine/store/event-store/block-codec.ts';

/**
 * The skip-index document must hold every trigram of every searchable text of its block (it may
 * hold more). Brute-force oracle: every window of three code points, A–Z folded to a–z as FTS5's
 * trigram tokenizer folds, against the trigrams of the whole document (FTS5 reads across its line
 * breaks). Messages are often held verbatim by their raw text (then the document takes them from
 * raw), sometimes not.
 */

const unit = fc.constantFrom('a', 'B', 'z', 'Z', 'é', 'É', '\n', '"', '🔥', '1', ' ', ':', '\u0000', 'ß', '\u{10ffff}');
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 14 }), fc.string({ unit, maxLength: 14 }));
const nullable = fc.option(text, { nil: null });
const rowSpec = fc.record({
  host: nullable,
  user: nullable,
  action: nullable,
  message: nullable,
  tags: nullable,
  extra: text,
  rawHoldsMessage: fc.boolean(),
});

function fold(cp: number): number {
  return cp >= 65 && cp <= 90 ? cp + 32 : cp;
}

/** Every trigram of `s` by code point, ASCII-folded, as strings. */
function trigrams(s: string): string[] {
  const cps = [...s].map((c) => fold(c.codePointAt(0)!));
  const out: string[] = [];
  for (let i = 0; i + 2 < cps.length; i++) out.push(String.fromCodePoint(cps[i]!, cps[i + 1]!, cps[i + 2]!));
  return out;
}

describe('skip-index document vs brute-force trigrams', () => {
  it('holds every trigram of host, user, action, message, tags and raw of every row', () => {
    fc.assert(
      fc.property(fc.array(rowSpec, { minLength: 1, maxLength: 12 }), (specs) => {
        const rows: RowTuple[] = specs.map((s, i) => {
          const raw = s.rawHoldsMessage && s.message !== null ? JSON.stringify({ message: s.message, x: s.extra }) : s.extra;
          return [i + 1, 1, 0, 0, 0, 0, 0, s.host, s.user, s.action, s.message, s.tags, raw];
        });
        const doc = new Set(trigrams(blockGrams(rows))); // FTS5 reads line breaks as characters too
        for (const r of rows) {
          for (const t of [r[7], r[8], r[9], r[10], r[11], r[12]]) {
            if (t === null) continue;
            for (const g of trigrams(t)) if (!doc.has(g)) expect.fail(`trigram ${JSON.stringify(g)} of ${JSON.stringify(t)} missing from the document`);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
