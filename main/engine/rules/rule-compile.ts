import { SEVERITIES } from '../../../shared/enums.ts';
import type { Severity } from '../../../shared/enums.ts';
import type { SourceInfo } from '../context.ts';
import { compileCondition, conditionMatches } from './condition.ts';
import type { CompiledCondition } from './condition.ts';
import { parseFieldPath } from './field-path.ts';
import type { EventView, FieldPath } from './field-path.ts';
import type { StoredRule } from './rule-repo.ts';
import { compileValue, matchField } from './value-matcher.ts';
import type { ValueMatcher } from './value-matcher.ts';

const ALL_SEVERITIES = (1 << SEVERITIES.length) - 1;
const SEVERITY_BIT: Record<Severity, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, 1 << i])) as Record<Severity, number>;

/** A rule turned into what the hot path needs: bit masks, parsed paths, compiled matchers. */
export interface CompiledRule {
  rule: StoredRule;
  /** Bit per event severity the rule considers (all bits when severityFilter is empty). */
  severityMask: number;
  /** No platform and no sources: every source. */
  global: boolean;
  sourceIds: ReadonlySet<string>;
  /** The field test: the pattern, or the threshold filter (null = count every event in scope). */
  test: { path: FieldPath; matcher: ValueMatcher; id: number } | null;
  /** The search-language condition, when the rule uses one instead of field/value. */
  cond: CompiledCondition | null;
  /** Threshold group-by field (null = one counter). */
  groupPath: FieldPath | null;
  windowMs: number;
  /** How far behind its receive time an event may be stamped before it counts as late. */
  latenessMs: number;
  cooldownMs: number;
  graceMs: number;
}

/** Identical field tests (same path, same value) share one id, so an event evaluates each once. */
const testIds = new Map<string, number>();

function compileTest(field: string | null, value: string | null, allowRegex: boolean): CompiledRule['test'] {
  if (field === null || value === null) return null;
  const path = parseFieldPath(field);
  const matcher = compileValue(value, allowRegex);
  // Stored rules were validated; a failure here means the stored row was edited by hand.
  if ('error' in path) throw new Error(`rule field ${field}: ${path.error}`);
  if ('error' in matcher) throw new Error(`rule value ${value}: ${matcher.error}`);
  const key = `${path.key}\u0000${matcher.kind}\u0000${matcher.text}`;
  let id = testIds.get(key);
  if (id === undefined) testIds.set(key, (id = testIds.size));
  return { path, matcher, id };
}

function compileCond(text: string | null): CompiledCondition | null {
  if (text === null) return null;
  const c = compileCondition(text);
  if ('error' in c) throw new Error(`rule condition ${text}: ${c.error}`);
  return c;
}

function compileGroup(rule: StoredRule): FieldPath | null {
  if (rule.ruleType !== 'threshold' || rule.thresholdGroupBy === 'none') return null;
  const p = parseFieldPath(rule.thresholdGroupBy);
  if ('error' in p) throw new Error(`rule group-by ${rule.thresholdGroupBy}: ${p.error}`);
  return p;
}

/** Compile a validated rule. */
export function compileRule(rule: StoredRule): CompiledRule {
  const mask = rule.severityFilter.reduce((m, s) => m | SEVERITY_BIT[s], 0);
  const cond = rule.ruleType === 'absence' ? null : compileCond(rule.condition);
  return {
    rule,
    severityMask: mask === 0 ? ALL_SEVERITIES : mask,
    global: rule.platformId === null && rule.sourceIds.length === 0,
    sourceIds: new Set(rule.sourceIds),
    cond,
    groupPath: compileGroup(rule),
    latenessMs: rule.allowedLatenessMinutes * 60_000,
    test:
      cond !== null
        ? null
        : rule.ruleType === 'pattern'
          ? compileTest(rule.patternField, rule.patternValue, true)
          : rule.ruleType === 'threshold'
            ? compileTest(rule.thresholdField, rule.thresholdValue, false)
            : null,
    windowMs: rule.thresholdWindowMinutes * 60_000,
    cooldownMs: rule.cooldownMinutes * 60_000,
    graceMs: rule.autoCloseGraceMinutes * 60_000,
  };
}

/**
 * Scope is resolved now, not when the rule was saved: a source linked to the rule's platform later
 * is covered from its next event on. Scope = platform ∪ sources; both empty = every source except
 * the built-in Watchpost source (its security events, e.g. "rule.created", must not feed every
 * "all sources" rule); naming it in sourceIds includes it.
 */
export function inScope(c: CompiledRule, sourceId: string, source: SourceInfo | undefined): boolean {
  if (c.sourceIds.has(sourceId)) return true;
  if (c.global) return source?.builtIn !== true;
  return c.rule.platformId !== null && source !== undefined && source.platformId === c.rule.platformId;
}

/** Severity filter + field test (scope is checked by the caller, usually through the scope index). */
export function eventMatches(c: CompiledRule, view: EventView): boolean {
  if ((c.severityMask & SEVERITY_BIT[view.ev.severity]) === 0) return false;
  if (c.cond !== null) return conditionMatches(c.cond.node, view);
  const t = c.test;
  if (t === null) return true;
  const memo = view.testResult(t.id);
  if (memo !== undefined) return memo;
  const r = matchField(view, t.path, t.matcher);
  view.setTestResult(t.id, r);
  return r;
}

/** The alert group an event belongs to: '' for ungrouped rules, else `host:web-01`, `raw.src_ip:10.0.0.5`. */
export function groupKeyOf(c: CompiledRule, view: EventView): string {
  return c.groupPath === null ? '' : view.groupKey(c.groupPath);
}

/** Severity bit of an event, exported for the scope index's fast pre-filter. */
export function severityBit(s: Severity): number {
  return SEVERITY_BIT[s];
}

/** Does evaluating the rule read the raw payload? (Scans then load and parse raw JSON.) */
export function needsRaw(c: CompiledRule): boolean {
  return c.test?.path.kind === 'raw' || c.groupPath?.kind === 'raw' || c.cond?.needsRaw === true;
}
