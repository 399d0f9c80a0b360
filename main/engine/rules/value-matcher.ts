import { RE2JS } from 're2js';
import type { EventView, FieldPath } from './field-path.ts';
import { requiredLiterals } from './regex-literal.ts';

/** A compiled `patternValue` / `thresholdValue`: case-insensitive substring or a linear-time regex. */
export type ValueMatcher =
  | { kind: 'substring'; needle: string; text: string }
  | { kind: 'regex'; re: RE2JS; body: string; flags: string; text: string; literals: string[] | null; literalFolded: boolean };

/** `/body/flags` with flags from i m s u; anything else (e.g. "/var/log") is a plain substring. */
const REGEX_FORM = /^\/(.+)\/([imsu]*)$/s;
/** Longest pattern / threshold value accepted: keeps regex programs small. */
export const MAX_PATTERN_CHARS = 1000;

/** True when the text is written as `/regex/flags` and will be run as a regular expression. */
export function isRegexForm(text: string): boolean {
  return REGEX_FORM.test(text);
}

/**
 * Compile a rule value. User regexes only ever run in RE2JS (linear time: no catastrophic
 * backtracking whatever the pattern), never in the JavaScript engine. Returns an error message on a
 * bad regex so the validator can name the field.
 */
export function compileValue(text: string, allowRegex: boolean): ValueMatcher | { error: string } {
  if (text.length === 0) return { error: 'must not be empty' };
  if (text.length > MAX_PATTERN_CHARS) return { error: `is longer than ${MAX_PATTERN_CHARS} characters` };
  const m = allowRegex ? REGEX_FORM.exec(text) : null;
  if (!m) return { kind: 'substring', needle: text.toLowerCase(), text };
  const body = m[1]!;
  const flags = m[2]!;
  let f = 0;
  if (flags.includes('i')) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) f |= RE2JS.MULTILINE;
  if (flags.includes('s')) f |= RE2JS.DOTALL;
  try {
    const re = RE2JS.compile(body, f);
    const folded = flags.includes('i');
    return { kind: 'regex', re, body, flags, text, literals: requiredLiterals(body, folded), literalFolded: folded };
  } catch (err) {
    return { error: `is not a valid regular expression: ${(err as Error).message}` };
  }
}

/** Does any value of the field match? Missing fields never match. */
export function matchField(view: EventView, path: FieldPath, m: ValueMatcher): boolean {
  if (m.kind === 'substring') {
    const v = view.lowered(path);
    if (v === null) return false;
    if (typeof v === 'string') return v.includes(m.needle);
    for (let i = 0; i < v.length; i++) if (v[i]!.includes(m.needle)) return true;
    return false;
  }
  const v = view.values(path);
  if (v === null) return false;
  const lits = m.literals;
  if (typeof v === 'string') {
    if (lits !== null && !containsAny(m.literalFolded ? (view.lowered(path) as string) : v, lits)) return false;
    return m.re.test(v);
  }
  const low = lits !== null && m.literalFolded ? (view.lowered(path) as string[]) : v;
  for (let i = 0; i < v.length; i++) if ((lits === null || containsAny(low[i]!, lits)) && m.re.test(v[i]!)) return true;
  return false;
}

function containsAny(hay: string, needles: string[]): boolean {
  for (let i = 0; i < needles.length; i++) if (hay.includes(needles[i]!)) return true;
  return false;
}
