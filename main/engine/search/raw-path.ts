import type { FieldMatch } from '../../../shared/query/index.ts';
import { ESCAPE, isJsonSafe, likeContains, likeEscape, likeGlob, longestSafeRun, unsafeCharPatterns } from './like.ts';
import type { SqlBuilder } from './sql-builder.ts';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const JSON_LITERALS = new Set(['true', 'false', 'null']);
/**
 * An integer every mainstream JSON writer prints as these digits (JS, Python, Go, Java print
 * integers below 1e15 in plain digits, floats as `200.0`), so `raw.status:=200` may pre-filter
 * on the text `200`. Exponent forms like `2e2` for an integer are not supported by the pre-filter.
 */
const PLAIN_INTEGER = /^-?\d{1,15}$/;

/** SQLite JSON path for one key; the tokenizer guarantees keys hold no `"`. */
function jsonKey(key: string): string {
  return `$."${key}"`;
}

/**
 * The values at `key` under the JSON text `source`, as a JSON array text: an array as it is,
 * any other value wrapped in `[...]`, a missing key as NULL (no rows). Feeding that to json_each
 * gives "every element if it is an array, else the value", which is how arrays match at any
 * level of a raw path.
 */
function valuesAt(source: string, key: string, b: SqlBuilder): string {
  const path = b.param(jsonKey(key));
  return `CASE json_type(${source}, ${path}) WHEN 'array' THEN ${source} -> ${path} ELSE '[' || (${source} -> ${path}) || ']' END`;
}

/** A scalar as text, the way it reads in JSON (numbers as digits, booleans as true/false). */
function scalarText(j: string): string {
  return `CASE ${j}.type WHEN 'text' THEN ${j}.value WHEN 'integer' THEN CAST(${j}.value AS TEXT) WHEN 'real' THEN CAST(${j}.value AS TEXT) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END`;
}

function leafPredicate(j: string, match: FieldMatch, b: SqlBuilder): string {
  switch (match.op) {
    case 'contains':
      return `${scalarText(j)} LIKE ${b.param(likeContains(match.value))} ${ESCAPE}`;
    case 'glob':
      return `${scalarText(j)} LIKE ${b.param(likeGlob(match.pattern))} ${ESCAPE}`;
    case 'exact': {
      const v = match.value;
      const parts = [`(${j}.type = 'text' AND ${j}.value = ${b.param(v)})`];
      if (NUMBER.test(v)) parts.push(`(${j}.type IN ('integer', 'real') AND ${j}.value = ${b.param(Number(v))})`);
      if (JSON_LITERALS.has(v)) parts.push(`${j}.type = ${b.param(v)}`);
      return `(${parts.join(' OR ')})`;
    }
    case 'compare':
      return `(${j}.type IN ('integer', 'real') AND ${j}.value ${match.cmp} ${b.param(match.value)})`;
    case 'exists':
      return `${j}.type <> 'null'`;
    case 'oneOf':
      throw new Error('oneOf applies to enum envelope fields only');
  }
}

/**
 * Cheap conditions on the raw text that every matching event must meet, checked before any JSON
 * is parsed: the searched text appears (see rawTextPrefilter) and the last key appears as
 * `"key"` (when the key is JSON-safe, so no sender could have escaped it).
 */
function prefilters(path: string[], match: FieldMatch, b: SqlBuilder): string[] {
  const out: string[] = [];
  let text = '';
  if (match.op === 'contains') text = match.value;
  else if (match.op === 'exact' && (!NUMBER.test(match.value) || PLAIN_INTEGER.test(match.value))) text = match.value;
  else if (match.op === 'glob') text = match.pattern.split('*').reduce((a, s) => (s.length > a.length ? s : a), '');
  if (JSON_LITERALS.has(text)) text = '';
  // The searched text first: it is usually rarer than the key.
  out.push(...rawTextPrefilter(text, b));
  const key = path.at(-1)!;
  if (isJsonSafe(key)) out.push(`e.raw LIKE ${b.param(`%"${likeEscape(key)}"%`)} ${ESCAPE}`);
  return out;
}

/**
 * Conditions the raw text must meet if some string in it contains `text`, however the sender
 * escaped it: the text itself when JSON-safe; otherwise its longest JSON-safe run (3+ chars) and,
 * for a few of its other characters, one of their spellings (`é`, `\u00e9`). Empty = no filter.
 */
export function rawTextPrefilter(text: string, b: SqlBuilder): string[] {
  if (text === '') return [];
  if (isJsonSafe(text)) return [`e.raw LIKE ${b.param(likeContains(text))} ${ESCAPE}`];
  const out: string[] = [];
  const run = longestSafeRun(text);
  if (run.length >= 3) out.push(`e.raw LIKE ${b.param(likeContains(run))} ${ESCAPE}`);
  for (const group of unsafeCharPatterns(text)) out.push(`(${group.map((p) => `e.raw LIKE ${b.param(p)} ${ESCAPE}`).join(' OR ')})`);
  return out;
}

/**
 * The json_each chain walking `raw.a.b.c` from `e.raw`: one json_each per key, each flattening an
 * array found there, so `{"a":[{"b":{"c":[1,"x"]}}]}` yields 1 and "x" for `raw.a.b.c`. One level
 * of array per key is flattened (arrays directly inside arrays are not). `leaf` aliases the last.
 */
export function rawValuesFrom(path: string[], b: SqlBuilder): { from: string; leaf: string } {
  const from: string[] = [];
  let prev = '';
  for (const key of path) {
    const j = b.alias('j');
    const source = prev === '' ? valuesAt('e.raw', key, b) : `CASE WHEN ${prev}.type = 'object' THEN ${valuesAt(`${prev}.value`, key, b)} ELSE '[]' END`;
    from.push(`json_each(${source}) ${j}`);
    prev = j;
  }
  return { from: from.join(', '), leaf: prev };
}

/** `raw.a.b.c:value` as SQL over `e.raw`: cheap text pre-filters, then the path walked by json_each. */
export function rawPathPredicate(path: string[], match: FieldMatch, b: SqlBuilder): string {
  const pre = prefilters(path, match, b);
  const { from, leaf } = rawValuesFrom(path, b);
  const exists = `EXISTS (SELECT 1 FROM ${from} WHERE ${leafPredicate(leaf, match, b)})`;
  return `(${[...pre, exists].join(' AND ')})`;
}
