import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { requiredLiterals } from '../../../main/engine/rules/regex-literal.ts';

/** Case-fold orbits as RE2 sees them (K ↔ U+212A Kelvin, s ↔ U+017F long s, sigma forms). */
const ORBIT: Record<string, string[]> = {
  a: ['a', 'A'],
  b: ['b', 'B'],
  c: ['c', 'C'],
  k: ['k', 'K', '\u212A'],
  s: ['s', 'S', '\u017F'],
  é: ['é', 'É'],
  σ: ['σ', 'Σ', 'ς'],
};
const LITERALS = ['a', 'b', 'c', 'k', 's', 'é', 'σ', ' ', '-', 'x', 'y'];
/** Atoms of the generated patterns, each with the strings it can match. */
const ATOMS: { src: string; matches: string[] }[] = [
  ...[...LITERALS, ...LITERALS].map((c) => ({ src: c, matches: [c] })),
  { src: '.', matches: ['a', 'z', '😀', 'K'] },
  { src: '\\d', matches: ['1', '7'] },
  { src: '\\.', matches: ['.'] },
  { src: '\\-', matches: ['-'] },
  { src: '[abk]', matches: ['a', 'b', 'k'] },
  { src: '[^a]', matches: ['b', 'é'] },
  { src: '(ab)', matches: ['ab'] },
  { src: '(a|s)', matches: ['a', 's'] },
  { src: '\\s', matches: [' '] },
  { src: '😀', matches: ['😀'] },
  { src: '(?:xyz|abc)', matches: ['xyz', 'abc'] },
  { src: '(root|adm.n)', matches: ['root', 'admin', 'adm-n'] },
  { src: '(xy(ab|cd)|yyy)', matches: ['xyab', 'xycd', 'yyy'] },
];
const QUANTS: { src: string; min: number; max: number }[] = [
  ...Array.from({ length: 6 }, () => ({ src: '', min: 1, max: 1 })),
  { src: '?', min: 0, max: 1 },
  { src: '*', min: 0, max: 3 },
  { src: '+', min: 1, max: 3 },
  { src: '{2}', min: 2, max: 2 },
  { src: '{0,2}', min: 0, max: 2 },
  { src: '{1,}', min: 1, max: 3 },
  { src: '+?', min: 1, max: 3 },
];
type Seq = [number, number][];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
}
const pick = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
const source = (seq: Seq) => seq.map(([a, q]) => ATOMS[a]!.src + QUANTS[q]!.src).join('');

/** A string the pattern matches: one top-level alternative, built from its atoms, case-varied when case-insensitive. */
function matchingString(alts: Seq[], ci: boolean, r: () => number): string {
  let out = pick(r, ['', 'zz', 'Q-']);
  for (const [a, q] of pick(r, alts)) {
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
  it('finds literals a match must contain', () => {
    expect(requiredLiterals('deny tcp 6\\d{4}', false)).toEqual(['deny tcp 6']);
    expect(requiredLiterals('foo\\.bar', false)).toEqual(['foo.bar']);
    expect(requiredLiterals('x{0,3}yyy{2}zz', false)).toEqual(['yyy']);
    expect(requiredLiterals('Hello World', true)).toEqual(['hello world']);
    expect(requiredLiterals('café.*bar', true)).toEqual(['caf']);
    // k and s fold beyond ASCII in RE2 (K ↔ U+212A, s ↔ U+017F): they split case-insensitive runs.
    expect(requiredLiterals('Basket', true)).toBeNull();
    expect(requiredLiterals('Basket', false)).toEqual(['Basket']);
  });

  it('turns alternation into "one of" sets, and gives up when an alternative has no literal', () => {
    expect(requiredLiterals('^(root|administrator)@', true)).toEqual(['root', 'admini']);
    expect(requiredLiterals('(union\\s+select|<script)', true)).toEqual(['union', 'cript']);
    expect(requiredLiterals('error|warn(ing)?', false)).toEqual(['error', 'warn']);
    expect(requiredLiterals('error|\\d+', false)).toBeNull();
    expect(requiredLiterals('abc(de|fg)?hij', false)).toEqual(['abc']);
  });

  it('gives up on what it does not model (inline flags, \\Q, stray metacharacters)', () => {
    expect(requiredLiterals('(?i)abcdef', false)).toBeNull();
    expect(requiredLiterals('\\Qabc.def\\E', false)).toBeNull();
    expect(requiredLiterals('*abc', false)).toBeNull();
  });

  it('never rules out a string the regex matches (property, with RE2 case folding)', () => {
    let checked = 0;
    const seq = fc.array(fc.tuple(fc.nat(ATOMS.length - 1), fc.nat(QUANTS.length - 1)), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(fc.array(seq, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.integer(), (alts, ci, seed) => {
        const body = alts.map(source).join('|');
        const re = RE2JS.compile(body, ci ? RE2JS.CASE_INSENSITIVE : 0);
        const lits = requiredLiterals(body, ci);
        if (lits === null) return;
        const r = rng(seed);
        for (let i = 0; i < 10; i++) {
          const s = matchingString(alts, ci, r);
          expect(re.test(s)).toBe(true);
          checked++;
          const hay = ci ? s.toLowerCase() : s;
          expect(lits.some((l) => hay.includes(l))).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(2000);
  });
});
