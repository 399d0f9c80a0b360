import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { requiredLiteral } from '../../../main/engine/rules/regex-literal.ts';

/** Case-fold orbits as RE2 sees them (K ↔ U+212A Kelvin, s ↔ U+017F long s, sigma forms). */
const ORBIT: Record<string, string[]> = {
  a: ['a', 'A'], b: ['b', 'B'], c: ['c', 'C'], k: ['k', 'K', '\u212A'], s: ['s', 'S', '\u017F'], 'é': ['é', 'É'], 'σ': ['σ', 'Σ', 'ς'],
};
const LITERALS = ['a', 'b', 'c', 'k', 's', 'é', 'σ', ' ', '-', 'x', 'y'];
/** Atoms of the generated patterns, each with the strings it can match. */
const ATOMS: { src: string; matches: string[] }[] = [
  ...[...LITERALS, ...LITERALS].map((c) => ({ src: c, matches: [c] })),
  { src: '.', matches: ['a', 'z', '😀', 'K'] }, { src: '\\d', matches: ['1', '7'] }, { src: '\\.', matches: ['.'] }, { src: '\\-', matches: ['-'] },
  { src: '[abk]', matches: ['a', 'b', 'k'] }, { src: '[^a]', matches: ['b', 'é'] }, { src: '(ab)', matches: ['ab'] }, { src: '(a|s)', matches: ['a', 's'] },
  { src: '\\s', matches: [' '] }, { src: '😀', matches: ['😀'] },
];
const QUANTS: { src: string; min: number; max: number }[] = [
  ...Array.from({ length: 6 }, () => ({ src: '', min: 1, max: 1 })), { src: '?', min: 0, max: 1 }, { src: '*', min: 0, max: 3 }, { src: '+', min: 1, max: 3 },
  { src: '{2}', min: 2, max: 2 }, { src: '{0,2}', min: 0, max: 2 }, { src: '{1,}', min: 1, max: 3 }, { src: '+?', min: 1, max: 3 },
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}
const pick = <T,>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)]!;

/** A string the pattern matches, built from its own atoms, case-varied when case-insensitive. */
function matchingString(parts: [number, number][], ci: boolean, r: () => number): string {
  let out = pick(r, ['', 'zz', 'Q-']);
  for (const [a, q] of parts) {
    const quant = QUANTS[q]!;
    const n = quant.min + Math.floor(r() * (quant.max - quant.min + 1));
    for (let i = 0; i < n; i++) {
      const m = pick(r, ATOMS[a]!.matches);
      out += ci ? [...m].map((ch) => pick(r, ORBIT[ch] ?? [ch])).join('') : m;
    }
  }
  return out + pick(r, ['', '!', ' tail']);
}

describe('regex literal prefilter', () => {
  it('finds the literal runs a match must contain', () => {
    expect(requiredLiteral('deny tcp 6\\d{4}', false)).toBe('deny tcp 6');
    expect(requiredLiteral('foo\\.bar', false)).toBe('foo.bar');
    expect(requiredLiteral('x{0,3}yyy{2}zz', false)).toBe('yyy');
    expect(requiredLiteral('Hello World', true)).toBe('hello world');
    expect(requiredLiteral('café.*bar', true)).toBe('caf');
    // k and s fold beyond ASCII in RE2 (K ↔ U+212A, s ↔ U+017F): they split case-insensitive runs.
    expect(requiredLiteral('Basket', true)).toBeNull();
    expect(requiredLiteral('Basket', false)).toBe('Basket');
  });

  it('gives up on what it does not model (alternation, inline flags, \\Q)', () => {
    expect(requiredLiteral('(union\\s+select|<script)', true)).toBeNull();
    expect(requiredLiteral('(?i)abcdef', false)).toBeNull();
    expect(requiredLiteral('\\Qabc.def\\E', false)).toBeNull();
    expect(requiredLiteral('*abc', false)).toBeNull();
  });

  it('never rules out a string the regex matches (property, with RE2 case folding)', () => {
    let checked = 0;
    const parts = fc.array(fc.tuple(fc.nat(ATOMS.length - 1), fc.nat(QUANTS.length - 1)), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(parts, fc.boolean(), fc.integer(), (ps, ci, seed) => {
        const body = ps.map(([a, q]) => ATOMS[a]!.src + QUANTS[q]!.src).join('');
        const re = RE2JS.compile(body, ci ? RE2JS.CASE_INSENSITIVE : 0);
        const lit = requiredLiteral(body, ci);
        if (lit === null) return;
        const r = rng(seed);
        for (let i = 0; i < 10; i++) {
          const s = matchingString(ps, ci, r);
          expect(re.test(s)).toBe(true);
          checked++;
          expect((ci ? s.toLowerCase() : s).includes(lit)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    expect(checked).toBeGreaterThan(2000);
  });
});
