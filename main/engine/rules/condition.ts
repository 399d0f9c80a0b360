import { parseQuery, QuerySyntaxError, readsOnlyEnvelope } from '../../../shared/query/index.ts';
import type { FieldMatch, FieldNode, QueryNode } from '../../../shared/query/index.ts';
import type { EventView } from './field-path.ts';

/** A rule's search-language condition (SPEC §5), parsed once and evaluated in JS against each event. */
export interface CompiledCondition {
  text: string;
  node: QueryNode;
  /** True when the condition reads `raw` (bare terms and raw paths): scans then load raw JSON. */
  needsRaw: boolean;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Case folding as SQLite's LIKE does it (ASCII letters only), so a condition matches what the search shows. */
function fold(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function globRe(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((p) => fold(p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${body}$`);
}

/** Parse a condition; the error names the position like the Log Viewer's query bar does. */
export function compileCondition(text: string): CompiledCondition | { error: string } {
  if (text.trim() === '') return { error: 'must not be empty' };
  try {
    const node = parseQuery(text);
    if (node === null) return { error: 'must not be empty' };
    return { text, node, needsRaw: !readsOnlyEnvelope(node) };
  } catch (err) {
    if (err instanceof QuerySyntaxError) return { error: `is not a valid search: ${err.message} (character ${err.position + 1})` };
    throw err;
  }
}

/** Text matching as the search's LIKE/= do it: contains and glob fold ASCII case, exact does not. */
function textMatches(v: string | null, m: FieldMatch): boolean {
  if (v === null) return false;
  switch (m.op) {
    case 'contains':
      return fold(v).includes(fold(m.value));
    case 'exact':
      return v === m.value;
    case 'glob':
      return globRe(m.pattern).test(fold(v));
    case 'exists':
      return v !== '';
    default:
      return false;
  }
}

/** The values at a raw path, as the search's json_each chain walks it (one array level flattened per key). */
function rawLeaves(raw: unknown, path: string[]): unknown[] {
  let current: unknown[] = [raw];
  for (const key of path) {
    const next: unknown[] = [];
    for (const c of current) {
      if (c === null || typeof c !== 'object' || Array.isArray(c) || !Object.hasOwn(c, key)) continue;
      const v = (c as Record<string, unknown>)[key];
      if (Array.isArray(v)) next.push(...v);
      else next.push(v);
    }
    current = next;
  }
  return current;
}

function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function leafMatches(v: unknown, m: FieldMatch): boolean {
  switch (m.op) {
    case 'contains':
    case 'glob':
      return textMatches(scalarText(v), m);
    case 'exact':
      if (typeof v === 'string') return v === m.value;
      if (typeof v === 'number') return NUMBER.test(m.value) && v === Number(m.value);
      return (v === true && m.value === 'true') || (v === false && m.value === 'false') || (v === null && m.value === 'null');
    case 'compare':
      if (typeof v !== 'number') return false;
      return m.cmp === '>' ? v > m.value : m.cmp === '>=' ? v >= m.value : m.cmp === '<' ? v < m.value : v <= m.value;
    case 'exists':
      return v !== null;
    case 'oneOf':
      return false;
  }
}

function nameOrId(name: string, id: string, m: FieldMatch): boolean {
  if (m.op === 'contains') return textMatches(name, m) || id === m.value;
  if (m.op === 'exact') return name === m.value || id === m.value;
  if (m.op === 'glob') return textMatches(name, m) || textMatches(id, m);
  return false;
}

function fieldMatches(n: FieldNode, view: EventView): boolean {
  const m = n.match;
  const ev = view.ev;
  if (n.field.kind === 'raw') return rawLeaves(ev.raw, n.field.path).some((v) => leafMatches(v, m));
  switch (n.field.name) {
    case 'severity':
    case 'category':
    case 'outcome':
      return m.op === 'oneOf' && m.values.includes(ev[n.field.name]);
    case 'tag':
      return m.op === 'exists' ? ev.tags.length > 0 : ev.tags.some((t) => textMatches(t, m));
    case 'source':
      return m.op === 'exists' || nameOrId(view.sourceName, ev.sourceId, m);
    case 'platform': {
      const p = view.platform;
      if (p === null) return false;
      return m.op === 'exists' || nameOrId(p.name, p.id, m);
    }
    default:
      return textMatches(ev[n.field.name], m);
  }
}

/** A bare term: anywhere in the text fields, tags, source name, or the raw payload's keys and values. */
function textAnywhere(value: string, view: EventView): boolean {
  const needle = fold(value);
  const ev = view.ev;
  for (const s of [ev.message, ev.host, ev.user, ev.action, view.sourceName]) if (s !== null && fold(s).includes(needle)) return true;
  if (ev.tags.some((t) => fold(t).includes(needle))) return true;
  return rawContains(ev.raw, needle, 0);
}

function rawContains(v: unknown, needle: string, depth: number): boolean {
  if (depth > 64) return false;
  if (typeof v === 'string') return fold(v).includes(needle);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v).includes(needle);
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => rawContains(x, needle, depth + 1));
  for (const [k, x] of Object.entries(v)) if (fold(k).includes(needle) || rawContains(x, needle, depth + 1)) return true;
  return false;
}

/** Does the event match the condition? Same meaning as the Log Viewer search over the same event. */
export function conditionMatches(n: QueryNode, view: EventView): boolean {
  switch (n.kind) {
    case 'and':
      return n.children.every((c) => conditionMatches(c, view));
    case 'or':
      return n.children.some((c) => conditionMatches(c, view));
    case 'not':
      return !conditionMatches(n.child, view);
    case 'text':
      return textAnywhere(n.value, view);
    case 'field':
      return fieldMatches(n, view);
  }
}
