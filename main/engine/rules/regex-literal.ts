/**
 * A cheap prefilter for user regexes: literals of which every match contains at least one. RE2JS is
 * linear but costs ~100–900 ns per test in pure JS; `String.includes` on the (already memoized)
 * field value rules out most events first. Conservative by construction: any construct not
 * understood (inline flags, \Q…\E, stray metacharacters) gives no literal, and then the regex simply
 * always runs. Alternation is handled: `(root|admin)` requires "root" or "admin".
 */

const META = new Set(['\\', '.', '^', '$', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
/**
 * Case-insensitive literals keep to ASCII minus k and s: RE2 folds those two beyond ASCII (K ↔ U+212A,
 * S ↔ U+017F), and non-ASCII folding differs from toLowerCase (final sigma), so they split a run.
 */
const FOLD_UNSAFE = /[ks\u0080-\u{10FFFF}]/iu;
const MIN_LITERAL = 3;

/** Index just past the character class starting at `i` (the '['). */
function skipClass(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : p[j] === '[' && p[j + 1] === ':' ? Math.max(2, p.indexOf(':]', j + 2) + 2 - j) : 1;
  return j + 1;
}

/** Index of the ')' closing the group opened at `i`, or -1 if unbalanced. */
function groupEnd(p: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < p.length) {
    const c = p[j]!;
    if (c === '\\') j += 2;
    else if (c === '[') j = skipClass(p, j);
    else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j;
      j++;
    }
  }
  return -1;
}

/** Split at top-level '|' (outside groups and classes). */
function alternatives(p: string): string[] {
  const out: string[] = [];
  let start = 0;
  let j = 0;
  while (j < p.length) {
    const c = p[j]!;
    if (c === '\\') j += 2;
    else if (c === '[') j = skipClass(p, j);
    else if (c === '(') {
      const end = groupEnd(p, j);
      j = end < 0 ? p.length : end + 1;
    } else {
      if (c === '|') {
        out.push(p.slice(start, j));
        start = j + 1;
      }
      j++;
    }
  }
  out.push(p.slice(start));
  return out;
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

/** Prefer sets whose shortest literal is longest (more selective), then smaller sets. */
function better(a: string[] | null, b: string[] | null): string[] | null {
  if (!a) return b;
  if (!b) return a;
  const ma = Math.min(...a.map((s) => s.length));
  const mb = Math.min(...b.map((s) => s.length));
  return mb > ma || (mb === ma && b.length < a.length) ? b : a;
}

/** Literal run → usable literals (case-insensitive: split at fold-unsafe characters). */
function fromRun(run: string, ci: boolean): string[] | null {
  let best: string | null = null;
  for (const part of ci ? run.split(FOLD_UNSAFE) : [run]) if (part.length >= MIN_LITERAL && (best === null || part.length > best.length)) best = part;
  return best === null ? null : [ci ? best.toLowerCase() : best];
}

/** The best "one of these" literal set for a pattern, or null; `undefined` means "do not guess". */
function analyze(p: string, ci: boolean, depth: number): string[] | null | undefined {
  if (depth > 8) return null;
  const alts = alternatives(p);
  if (alts.length > 1) {
    const sets: string[] = [];
    for (const alt of alts) {
      const s = analyze(alt, ci, depth + 1);
      if (s === undefined) return undefined;
      if (s === null) return null;
      for (const x of s) if (!sets.includes(x)) sets.push(x);
    }
    return sets;
  }
  let best: string[] | null = null;
  let run = '';
  const end = () => {
    if (run) best = better(best, fromRun(run, ci));
    run = '';
  };
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    let literal: string | null = null;
    let inner: string[] | null = null;
    let next: number;
    if (c === '\\') {
      const e = p[i + 1];
      if (e === undefined) return undefined;
      literal = /[A-Za-z0-9]/.test(e) ? null : e;
      next = i + 2;
    } else if (c === '[') next = skipClass(p, i);
    else if (c === '(') {
      const close = groupEnd(p, i);
      if (close < 0) return undefined;
      let body = p.slice(i + 1, close);
      if (body.startsWith('?:')) body = body.slice(2);
      else if (body.startsWith('?')) return undefined; // inline flags or named groups: do not guess
      const r = analyze(body, ci, depth + 1);
      if (r === undefined) return undefined;
      inner = r;
      next = close + 1;
    } else if (c === '.') next = i + 1;
    else if (META.has(c)) {
      if (c !== '^' && c !== '$') return undefined;
      end();
      i++;
      continue;
    } else {
      literal = String.fromCodePoint(p.codePointAt(i)!);
      next = i + literal.length;
    }
    const q = quantifier(p, next);
    if (literal === null || q?.optional) end();
    else {
      run += literal;
      if (q) end();
    }
    if (inner && !q?.optional) best = better(best, inner);
    i = next + (q?.len ?? 0);
  }
  end();
  return best;
}

/**
 * Literals of which every match of `body` contains at least one (each ≥ 3 chars), or null. With
 * `caseInsensitive` they are lower-cased and must be compared against a lower-cased value.
 */
export function requiredLiterals(body: string, caseInsensitive: boolean): string[] | null {
  if (body.includes('\\Q')) return null;
  return analyze(body, caseInsensitive, 0) ?? null;
}
