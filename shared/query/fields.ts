import { CATEGORIES, OUTCOMES, SEVERITIES } from '../enums.ts';
import { ENVELOPE_FIELDS } from './ast.ts';
import type { Comparator, EnumField, EnvelopeField, FieldMatch, FieldNode, FieldRef } from './ast.ts';
import { QuerySyntaxError } from './errors.ts';
import type { Token } from './tokenizer.ts';

type FieldToken = Extract<Token, { type: 'field' }>;

const ENUM_VALUES: Record<EnumField, readonly string[]> = {
  severity: SEVERITIES,
  category: CATEGORIES,
  outcome: OUTCOMES,
};
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function isEnumField(name: EnvelopeField): name is EnumField {
  return name === 'severity' || name === 'category' || name === 'outcome';
}

function resolveRef(t: FieldToken): FieldRef {
  const lower = t.name.toLowerCase();
  if (lower.startsWith('raw.')) {
    const path = t.name.slice(4).split('.');
    let offset = t.start + 4;
    for (const segment of path) {
      if (segment === '') throw new QuerySyntaxError(`empty key in raw path '${t.name}'`, offset);
      offset += segment.length + 1;
    }
    return { kind: 'raw', path };
  }
  if (lower === 'raw') {
    throw new QuerySyntaxError("'raw' needs a path, e.g. raw.request.path:value", t.start);
  }
  const envelope = ENVELOPE_FIELDS.find((f) => f === lower);
  if (envelope) return { kind: 'envelope', name: envelope };
  throw new QuerySyntaxError(
    `unknown field '${t.name}'; use one of ${ENVELOPE_FIELDS.join(', ')} or raw.<path> (quote the term to search for text containing ':')`,
    t.start,
  );
}

/** Turn `*` globs into an anchored, case-insensitive RegExp (used only for enum names). */
function globRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

function plainMatch(t: FieldToken): FieldMatch {
  if (t.op === '=') return { op: 'exact', value: t.value };
  if (t.op !== ':') {
    if (!NUMBER.test(t.value)) {
      throw new QuerySyntaxError(`expected a number after '${t.name}:${t.op}', got '${t.value}'`, t.valueStart);
    }
    return { op: 'compare', cmp: t.op, value: Number(t.value) };
  }
  if (!t.quoted && t.value === '*') return { op: 'exists' };
  if (!t.quoted && t.value.includes('*')) return { op: 'glob', pattern: t.value };
  if (t.value === '') throw new QuerySyntaxError(`empty value for '${t.name}'; use ${t.name}:=\"\" for an empty value`, t.valueStart);
  return { op: 'contains', value: t.value };
}

function enumMatch(field: EnumField, t: FieldToken, match: FieldMatch): FieldMatch {
  const allowed = ENUM_VALUES[field];
  const listing = `expected one of ${allowed.join(', ')}`;
  switch (match.op) {
    case 'exists':
      return { op: 'oneOf', values: [...allowed] };
    case 'glob': {
      const re = globRegExp(match.pattern);
      const values = allowed.filter((v) => re.test(v));
      if (values.length === 0) throw new QuerySyntaxError(`'${match.pattern}' matches no ${field}; ${listing}`, t.valueStart);
      return { op: 'oneOf', values };
    }
    default: {
      const value = t.value.toLowerCase();
      if (!allowed.includes(value)) throw new QuerySyntaxError(`unknown ${field} '${t.value}'; ${listing}`, t.valueStart);
      return { op: 'oneOf', values: [value] };
    }
  }
}

/** `severity:>=warn` → every severity at or above warn, by level. */
function severityCompare(t: FieldToken, cmp: Comparator): FieldMatch {
  const level = SEVERITIES.findIndex((s) => s === t.value.toLowerCase());
  if (level < 0) {
    throw new QuerySyntaxError(`unknown severity '${t.value}'; expected one of ${SEVERITIES.join(', ')}`, t.valueStart);
  }
  const keep = (i: number): boolean => (cmp === '>' ? i > level : cmp === '>=' ? i >= level : cmp === '<' ? i < level : i <= level);
  const values = SEVERITIES.filter((_s, i) => keep(i));
  if (values.length === 0) throw new QuerySyntaxError(`no severity is ${cmp} ${SEVERITIES[level]}`, t.valueStart);
  return { op: 'oneOf', values };
}

/** Validate a `field:value` token against the field's kind and build its node. */
export function fieldNode(t: FieldToken): FieldNode {
  const field = resolveRef(t);
  let match: FieldMatch;
  const compare = t.op === ':' || t.op === '=' ? null : t.op;
  if (field.kind === 'envelope' && field.name === 'severity' && compare) {
    match = severityCompare(t, compare);
  } else if (field.kind === 'envelope' && isEnumField(field.name) && compare) {
    throw new QuerySyntaxError(`${field.name} has no order; expected ${field.name}:value`, t.valueStart);
  } else {
    match = plainMatch(t);
    if (field.kind === 'envelope' && isEnumField(field.name)) {
      match = enumMatch(field.name, t, match);
    } else if (field.kind === 'envelope' && match.op === 'compare') {
      throw new QuerySyntaxError(`'${field.name}' is text; numeric comparisons work on raw paths (raw.status:>=500) and severity`, t.valueStart);
    }
  }
  return { kind: 'field', field, match, start: t.start, end: t.end };
}
