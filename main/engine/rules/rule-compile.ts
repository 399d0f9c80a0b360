import { SEVERITIES } from '../../../shared/enums.ts';
import type { Severity } from '../../../shared/enums.ts';
import type { SourceInfo } from '../context.ts';
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
  windowMs: number;
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

/** Compile a validated rule. */
export function compileRule(rule: StoredRule): CompiledRule {
  const mask = rule.severityFilter.reduce((m, s) => m | SEVERITY_BIT[s], 0);
  return {
    rule,
    severityMask: mask === 0 ? ALL_SEVERITIES : mask,
    global: rule.platformId === null && rule.sourceIds.length === 0,
    sourceIds: new Set(rule.sourceIds),
    test:
      rule.ruleType === 'pattern'
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
  const t = c.test;
  if (t === null) return true;
  const memo = view.testResult(t.id);
  if (memo !== undefined) return memo;
  const r = matchField(view, t.path, t.matcher);
  view.setTestResult(t.id, r);
  return r;
}

const GROUP_INDEX = { host: 0, user: 1, action: 2, source: 3 } as const;

/** The alert group an event belongs to: '' for ungrouped rules, else `host:web-01`, `source:ls_…`. */
export function groupKeyOf(c: CompiledRule, view: EventView): string {
  const by = c.rule.thresholdGroupBy;
  if (c.rule.ruleType !== 'threshold' || by === 'none') return '';
  return view.groupKey(by, GROUP_INDEX[by]);
}

/** Severity bit of an event, exported for the scope index's fast pre-filter. */
export function severityBit(s: Severity): number {
  return SEVERITY_BIT[s];
}
