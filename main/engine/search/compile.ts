import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import { everyTerm } from '../../../shared/query/index.ts';
import type { EnvelopeField, FieldMatch, FieldNode, QueryNode } from '../../../shared/query/index.ts';
import { ESCAPE, isJsonSafe, likeContains, likeGlob } from './like.ts';
import { rawPathPredicate, rawTextPrefilter } from './raw-path.ts';
import { SqlBuilder } from './sql-builder.ts';
import type { CompiledFilter } from './sql-builder.ts';

const ENUM_LISTS: Record<'severity' | 'category' | 'outcome', readonly string[]> = {
  severity: SEVERITIES,
  category: CATEGORIES,
  outcome: OUTCOMES,
};
const TEXT_COLUMNS = ['message', 'host', 'user', 'action'] as const;

/** JSON string-body form of `s`, as JSON.stringify writes it (how the envelope's tags are stored). */
function jsonFragment(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/**
 * A bare term: the raw text, the envelope's text columns and tags, and the source name. Raw is
 * searched as text when the term is JSON-safe (fast, no parsing); otherwise its decoded string
 * values and keys are searched, so `café` finds a sender's `caf\u00e9`.
 */
function textPredicate(value: string, b: SqlBuilder): string {
  const contains = b.param(likeContains(value));
  const parts: string[] = [];
  if (isJsonSafe(value)) {
    parts.push(`e.raw LIKE ${contains} ${ESCAPE}`);
  } else {
    const pre = rawTextPrefilter(value, b)
      .map((p) => `${p} AND `)
      .join('');
    const t = b.alias('t');
    parts.push(
      `(${pre}EXISTS (SELECT 1 FROM json_tree(e.raw) ${t} WHERE (${t}.type = 'text' AND ${t}.atom LIKE ${contains} ${ESCAPE}) OR (typeof(${t}.key) = 'text' AND ${t}.key LIKE ${contains} ${ESCAPE})))`,
    );
  }
  for (const col of TEXT_COLUMNS) parts.push(`e."${col}" LIKE ${contains} ${ESCAPE}`);
  parts.push(`e.tags LIKE ${b.param(likeContains(jsonFragment(value)))} ${ESCAPE}`);
  parts.push(`e.source_seq IN (SELECT src.seq FROM sources src WHERE src.name LIKE ${contains} ${ESCAPE})`);
  return `(${parts.join(' OR ')})`;
}

/** host, user, action, message: plain nullable text columns. */
function columnPredicate(col: string, match: FieldMatch, b: SqlBuilder): string {
  switch (match.op) {
    case 'contains':
      return `e."${col}" LIKE ${b.param(likeContains(match.value))} ${ESCAPE}`;
    case 'glob':
      return `e."${col}" LIKE ${b.param(likeGlob(match.pattern))} ${ESCAPE}`;
    case 'exact':
      return `e."${col}" = ${b.param(match.value)}`;
    case 'exists':
      return `(e."${col}" IS NOT NULL AND e."${col}" <> '')`;
    default:
      throw new Error(`${match.op} does not apply to ${col}`);
  }
}

/** tag: the envelope's tags, a JSON array of strings; any tag may match. */
function tagPredicate(match: FieldMatch, b: SqlBuilder): string {
  if (match.op === 'exists') return `(e.tags IS NOT NULL AND e.tags <> '[]')`;
  const t = b.alias('t');
  if (match.op === 'contains') {
    const pre = b.param(likeContains(jsonFragment(match.value)));
    return `(e.tags LIKE ${pre} ${ESCAPE} AND EXISTS (SELECT 1 FROM json_each(e.tags) ${t} WHERE ${t}.value LIKE ${b.param(likeContains(match.value))} ${ESCAPE}))`;
  }
  if (match.op === 'exact') {
    const pre = b.param(likeContains(`"${jsonFragment(match.value)}"`));
    return `(e.tags LIKE ${pre} ${ESCAPE} AND EXISTS (SELECT 1 FROM json_each(e.tags) ${t} WHERE ${t}.value = ${b.param(match.value)}))`;
  }
  if (match.op === 'glob') {
    return `EXISTS (SELECT 1 FROM json_each(e.tags) ${t} WHERE ${t}.value LIKE ${b.param(likeGlob(match.pattern))} ${ESCAPE})`;
  }
  throw new Error(`${match.op} does not apply to tag`);
}

/** Condition on a name column and an id column of sources or platforms. */
function nameOrId(name: string, id: string, match: FieldMatch, b: SqlBuilder): string {
  switch (match.op) {
    case 'contains':
      return `${name} LIKE ${b.param(likeContains(match.value))} ${ESCAPE} OR ${id} = ${b.param(match.value)}`;
    case 'exact': {
      const v = b.param(match.value);
      return `${name} = ${v} OR ${id} = ${v}`;
    }
    case 'glob': {
      const g = b.param(likeGlob(match.pattern));
      return `${name} LIKE ${g} ${ESCAPE} OR ${id} LIKE ${g} ${ESCAPE}`;
    }
    default:
      throw new Error(`${match.op} does not apply to source or platform`);
  }
}

/** source: name (contains) or exact id; platform: the source's platform, by name or id. */
function sourcePredicate(field: 'source' | 'platform', match: FieldMatch, b: SqlBuilder): string {
  if (field === 'source') {
    if (match.op === 'exists') return '1';
    return `e.source_seq IN (SELECT src.seq FROM sources src WHERE ${nameOrId('src.name', 'src.id', match, b)})`;
  }
  if (match.op === 'exists') return 'e.source_seq IN (SELECT src.seq FROM sources src WHERE src.platform_id IS NOT NULL)';
  return `e.source_seq IN (SELECT src.seq FROM sources src JOIN platforms plat ON plat.id = src.platform_id WHERE ${nameOrId('plat.name', 'plat.id', match, b)})`;
}

/** severity/category/outcome are stored as their index in the enum list; the parser resolved the names. */
function enumPredicate(field: 'severity' | 'category' | 'outcome', match: FieldMatch): string {
  if (match.op !== 'oneOf') throw new Error(`${field} expects a resolved value list`);
  const list = ENUM_LISTS[field];
  if (match.values.length >= list.length) return '1';
  // Indexes come from the enum table, not from the query text, so inlining them is safe.
  const indexes = match.values.map((v) => list.indexOf(v)).filter((i) => i >= 0);
  return `e.${field} IN (${indexes.join(', ')})`;
}

function envelopePredicate(name: EnvelopeField, match: FieldMatch, b: SqlBuilder): string {
  switch (name) {
    case 'severity':
    case 'category':
    case 'outcome':
      return enumPredicate(name, match);
    case 'tag':
      return tagPredicate(match, b);
    case 'source':
    case 'platform':
      return sourcePredicate(name, match, b);
    default:
      return columnPredicate(name, match, b);
  }
}

function fieldPredicate(node: FieldNode, b: SqlBuilder): string {
  return node.field.kind === 'raw' ? rawPathPredicate(node.field.path, node.match, b) : envelopePredicate(node.field.name, node.match, b);
}

function compileNode(node: QueryNode, b: SqlBuilder): string {
  switch (node.kind) {
    case 'and':
      return `(${node.children.map((c) => compileNode(c, b)).join(' AND ')})`;
    case 'or':
      return `(${node.children.map((c) => compileNode(c, b)).join(' OR ')})`;
    case 'not':
      // NULL (e.g. LIKE on a NULL host) must count as "no match", so NOT host:x keeps hostless events.
      return `NOT IFNULL(${compileNode(node.child, b)}, 0)`;
    case 'text':
      return textPredicate(node.value, b);
    case 'field':
      return fieldPredicate(node, b);
  }
}

/**
 * Compile a parsed query into a WHERE fragment over `events e`. User values are only ever bound
 * parameters; the fragment references no other outer table, so it also runs over `event_counts e`
 * when `usesOnlySummaryColumns` says so.
 */
export function compileFilter(node: QueryNode): CompiledFilter {
  const b = new SqlBuilder();
  const sql = compileNode(node, b);
  return { sql, params: b.params };
}

/**
 * The part of a query event_counts can answer: the whole query if it only looks at severity,
 * source and platform, else those of its top-level AND terms that do. Every match of the query
 * passes it, so minutes where it counts zero events can be skipped. Null when there is none.
 */
export function summaryGuard(node: QueryNode): QueryNode | null {
  if (usesOnlySummaryColumns(node)) return node;
  if (node.kind !== 'and') return null;
  const children = node.children.filter(usesOnlySummaryColumns);
  if (children.length === 0) return null;
  return children.length === 1 ? children[0]! : { ...node, children };
}

/** True when the query looks only at severity, source and platform: answerable from event_counts. */
export function usesOnlySummaryColumns(node: QueryNode): boolean {
  return everyTerm(node, (t) => t.kind === 'field' && t.field.kind === 'envelope' && ['severity', 'source', 'platform'].includes(t.field.name));
}
