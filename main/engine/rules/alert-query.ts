import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import { parseFieldPath } from './field-path.ts';
import type { StoredRule } from './rule-repo.ts';
import { requiredLiterals } from './regex-literal.ts';
import { isRegexForm } from './value-matcher.ts';

/** Quote a search value (SPEC §5): always double-quoted, so colons, spaces and parentheses stay literal. */
export function quoteValue(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function anyOf(terms: string[]): string {
  if (terms.length === 1) return terms[0]!;
  return `(${terms.join(' OR ')})`;
}

/** Enum fields match exactly in search, but substring in rules: expand to the enum values the substring hits. */
function enumTerm(field: string, values: readonly string[], needle: string): string {
  const hits = values.filter((v) => v.includes(needle.toLowerCase()));
  if (hits.length === 0) return `${field}:=${quoteValue(needle)}`;
  return anyOf(hits.map((v) => `${field}:${v}`));
}

/** The search term for "field contains value" (or, for a regex the search language cannot say, "field exists"). */
function fieldTerm(field: string, value: string, allowRegex: boolean): string {
  const path = parseFieldPath(field);
  if ('error' in path) return '';
  const name = path.kind === 'raw' ? path.key : path.name === 'tags' ? 'tag' : path.name;
  if (allowRegex && isRegexForm(value)) {
    // The search language has no regex: narrow by a literal every match contains, else "field exists".
    const m = /^\/(.+)\/([imsu]*)$/s.exec(value)!;
    const literals = requiredLiterals(m[1]!, m[2]!.includes('i'));
    return literals === null ? `${name}:*` : anyOf(literals.map((l) => `${name}:${quoteValue(l)}`));
  }
  if (path.kind === 'envelope') {
    if (path.name === 'severity') return enumTerm('severity', SEVERITIES, value);
    if (path.name === 'category') return enumTerm('category', CATEGORIES, value);
    if (path.name === 'outcome') return enumTerm('outcome', OUTCOMES, value);
  }
  return `${name}:${quoteValue(value)}`;
}

/** Names the Log Viewer shows instead of `ls_…` ids (an unknown id stays an id). */
export type SourceNames = (id: string) => string | undefined;

function sourceTerm(id: string, names: SourceNames): string {
  const name = names(id);
  return name === undefined ? `source:${id}` : `source:=${quoteValue(name)}`;
}

function groupTerm(groupKey: string, names: SourceNames): string {
  const sep = groupKey.indexOf(':');
  if (sep < 0) return '';
  const key = groupKey.slice(0, sep);
  const field = key === 'tags' ? 'tag' : key;
  const value = groupKey.slice(sep + 1);
  if (field === 'source') return sourceTerm(value, names);
  return value === '' ? `-${field}:*` : `${field}:=${quoteValue(value)}`;
}

/**
 * The Log Viewer query that shows an alert's events: the sources the alert's events came from, the
 * rule's severity filter, its field test and its group. Regex patterns cannot be written in the
 * search language, so they narrow to literals the regex requires (or "field exists") and rely on
 * the alert's time window: for them the viewer can show a few more events than the alert counted.
 */
export function buildAlertQuery(rule: StoredRule, groupKey: string, sourceIds: string[], names: SourceNames = () => undefined): string {
  const terms: string[] = [];
  const sources = groupKey.startsWith('source:') ? [] : sourceIds;
  if (sources.length > 0) terms.push(anyOf(sources.map((id) => sourceTerm(id, names))));
  const g = groupTerm(groupKey, names);
  if (g) terms.push(g);
  if (rule.ruleType !== 'absence') {
    if (rule.severityFilter.length > 0 && rule.severityFilter.length < SEVERITIES.length) {
      terms.push(anyOf(rule.severityFilter.map((s) => `severity:${s}`)));
    }
    if (rule.condition !== null) terms.push(`(${rule.condition})`);
    if (rule.ruleType === 'pattern' && rule.patternField && rule.patternValue) terms.push(fieldTerm(rule.patternField, rule.patternValue, true));
    if (rule.ruleType === 'threshold' && rule.thresholdField && rule.thresholdValue) {
      terms.push(fieldTerm(rule.thresholdField, rule.thresholdValue, false));
    }
  }
  return terms.filter((t) => t !== '').join(' ');
}
