/**
 * A cheap prefilter for user regexes: a literal every match must contain. RE2JS is linear but costs
 * ~100–900 ns per test in pure JS; a `String.includes` on the (already memoized) field value rules
 * out most events first. Conservative by construction: any construct not understood (alternation,
 * inline flags, \Q…\E) gives no literal, and then the regex simply always runs.
 */

const META = new Set(['\\', '.', '^', '$', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
/**
 * Case-insensitive literals keep to ASCII minus k and s: RE2 folds those two beyond ASCII (K ↔ U+212A,
 * S ↔ U+017F), and non-ASCII folding differs from toLowerCase (final sigma), so they split a run.
 */
const FOLD_UNSAFE = /[ks\u0080-\u{10FFFF}]/iu;

/** Index just past the character class starting at `i` (the '['). */
function skipClass(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : p[j] === '[' && p[j + 1] === ':' ? Math.max(2, p.indexOf(':]', j + 2) + 2 - j) : 1;
  return j + 1;
}

/** Index just past the group starting at `i` (the '('), or -1 if unbalanced. */
function skipGroup(p: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < p.length) {
    const c = p[j]!;
    if (c === '\\') j += 2;
    else if (c === '[') j = skipClass(p, j);
    else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j + 1;
      j++;
    }
  }
  return -1;
}

/** Reads a quantifier at `i`: its length and whether it allows zero repetitions. */
function quantifier(p: string, i: number): { len: number; optional: boolean } | null {
  const c = p[i];
  let len = 0;
  let optional = false;
  if (c === '?' || c === '*') (len = 1), (optional = true);
  else if (c === '+') len = 1;
  else if (c === '{') {
    const m = /^\{(\d*)(,\d*)?\}/.exec(p.slice(i));
    if (!m) return null;
    len = m[0].length;
    optional = m[1] === '' || Number(m[1]) === 0;
  } else return null;
  if (p[i + len] === '?') len++;
  return { len, optional };
}

/**
 * The longest literal (≥ 3 chars) that every match of `body` contains, or null. With
 * `caseInsensitive` the literal is lower-cased and must be compared against a lower-cased value.
 */
export function requiredLiteral(body: string, caseInsensitive: boolean): string | null {
  if (body.includes('|') || body.includes('(?') || body.includes('\\Q')) return null;
  const runs: string[] = [];
  let run = '';
  const end = () => {
    if (run) runs.push(run);
    run = '';
  };
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    let literal: string | null = null;
    let next: number;
    if (c === '\\') {
      const e = body[i + 1];
      if (e === undefined) return null;
      literal = /[A-Za-z0-9]/.test(e) ? null : e;
      next = i + 2;
    } else if (c === '[') next = skipClass(body, i);
    else if (c === '(') {
      next = skipGroup(body, i);
      if (next < 0) return null;
    } else if (c === '.') next = i + 1;
    else if (META.has(c)) {
      if (c !== '^' && c !== '$') return null; // a quantifier with nothing before it, or a stray ')' / '}' / ']': do not guess
      end();
      i++;
      continue;
    } else {
      literal = String.fromCodePoint(body.codePointAt(i)!);
      next = i + literal.length;
    }
    const q = quantifier(body, next);
    if (literal === null) end();
    else if (q?.optional) end();
    else {
      run += literal;
      if (q) end();
    }
    i = next + (q?.len ?? 0);
  }
  end();
  let best: string | null = null;
  for (const r of runs) {
    const parts = caseInsensitive ? r.split(FOLD_UNSAFE) : [r];
    for (const part of parts) if (part.length >= 3 && (best === null || part.length > best.length)) best = part;
  }
  return best === null ? null : caseInsensitive ? best.toLowerCase() : best;
}
