/**
 * The rule editor's model: a draft with text inputs for numbers (so a half-typed value is not lost),
 * conversion to and from the API shape, local checks that mirror the engine's, and the one-line
 * descriptions the rules list and alert inbox show. Pure functions, tested without a DOM.
 */
import type { FieldErrors } from '../../ui/form-errors.ts';
import type { RuleSeverity, RuleType, Severity } from '../../../../shared/enums.ts';
import type { LogSource, Platform, Rule, RuleInput } from '../../../../shared/types.ts';

/** The editor state: numbers as typed text so a half-typed value survives re-renders. */
export interface RuleDraft {
  name: string;
  description: string;
  active: boolean;
  severity: RuleSeverity;
  ruleType: RuleType;
  platformId: string;
  sourceIds: string[];
  severityFilter: Severity[];
  cooldownMinutes: string;
  autoClose: boolean;
  autoCloseGraceMinutes: string;
  thresholdField: string;
  thresholdValue: string;
  thresholdCount: string;
  thresholdWindowMinutes: string;
  /** 'none', an envelope field or a raw.<path>. */
  thresholdGroupBy: string;
  /** How threshold/pattern rules pick events: a field/value test or a search-language condition. */
  matchMode: 'field' | 'condition';
  condition: string;
  allowedLatenessMinutes: string;
  patternField: string;
  patternValue: string;
  absenceUseSourceHeartbeat: boolean;
  absenceWindowMinutes: string;
  notifyDesktop: boolean;
  notifyEndpointIds: string[];
}

/** Rule type labels in seed 004's wording. */
export const RULE_TYPE_LABELS: Record<RuleType, string> = {
  threshold: 'Threshold · count of matching events in a window',
  pattern: 'Pattern Match · any event matching a field value',
  absence: 'Absence · source produced no events within its heartbeat',
};
/** Short rule type labels for table cells. */
export const RULE_TYPE_SHORT: Record<RuleType, string> = { threshold: 'Threshold', pattern: 'Pattern', absence: 'Absence' };
/** Group-by labels in seed 004's wording. */
export const GROUP_BY_LABELS: Record<string, string> = {
  none: 'No grouping · single global counter',
  host: 'Per host',
  user: 'Per user',
  action: 'Per action',
  source: 'Per source',
};
/** What the group-by picker suggests; any envelope field or `raw.<path>` may be typed. */
export const GROUP_BY_SUGGESTIONS = ['none', 'host', 'user', 'action', 'source', 'category', 'outcome', 'raw.src_ip'];
/** Event severity labels for the severity filter. */
export const SEVERITY_LABELS: Record<Severity, string> = { debug: 'Debug', info: 'Info', notice: 'Notice', warn: 'Warn', error: 'Error', critical: 'Critical' };
/** Envelope fields offered in the field pickers; any `raw.<path>` may be typed too. */
export const FIELD_SUGGESTIONS = ['message', 'host', 'user', 'action', 'severity', 'category', 'outcome', 'tags', 'source'];

/** A new rule: a pattern rule on the message, notifying on the desktop. */
export function emptyDraft(): RuleDraft {
  return {
    name: '',
    description: '',
    active: true,
    severity: 'warn',
    ruleType: 'pattern',
    platformId: '',
    sourceIds: [],
    severityFilter: [],
    cooldownMinutes: '0',
    autoClose: false,
    autoCloseGraceMinutes: '5',
    thresholdField: '',
    thresholdValue: '',
    thresholdCount: '5',
    thresholdWindowMinutes: '5',
    thresholdGroupBy: 'none',
    matchMode: 'field',
    condition: '',
    allowedLatenessMinutes: '10',
    patternField: 'message',
    patternValue: '',
    absenceUseSourceHeartbeat: true,
    absenceWindowMinutes: '',
    notifyDesktop: true,
    notifyEndpointIds: [],
  };
}

/**
 * A new rule started from a search (a saved search's "Use as rule's starting point", link
 * `#/settings/rules/new?name=…&condition=…`): a pattern rule whose condition is the search's query.
 */
export function draftFromSearch(hash: string): RuleDraft {
  const q = hash.indexOf('?');
  const p = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  const condition = p.get('condition')?.trim() ?? '';
  const draft = emptyDraft();
  if (!condition) return draft;
  return { ...draft, name: p.get('name')?.trim() ?? '', matchMode: 'condition', condition };
}

/** The rule editor link that starts a new rule from a search. */
export function newRuleFromSearchPath(name: string, query: string): string {
  return `settings/rules/new?${new URLSearchParams({ name, condition: query }).toString()}`;
}

/** Editor draft of a stored rule. */
export function draftFromRule(r: Rule): RuleDraft {
  return {
    name: r.name,
    description: r.description,
    active: r.active,
    severity: r.severity,
    ruleType: r.ruleType,
    platformId: r.platformId ?? '',
    sourceIds: [...r.sourceIds],
    severityFilter: [...r.severityFilter],
    cooldownMinutes: String(r.cooldownMinutes),
    autoClose: r.autoClose,
    autoCloseGraceMinutes: String(r.autoCloseGraceMinutes),
    thresholdField: r.thresholdField ?? '',
    thresholdValue: r.thresholdValue ?? '',
    thresholdCount: String(r.thresholdCount),
    thresholdWindowMinutes: String(r.thresholdWindowMinutes || ''),
    thresholdGroupBy: r.thresholdGroupBy,
    matchMode: r.condition ? 'condition' : 'field',
    condition: r.condition ?? '',
    allowedLatenessMinutes: String(r.allowedLatenessMinutes),
    patternField: r.patternField ?? '',
    patternValue: r.patternValue ?? '',
    absenceUseSourceHeartbeat: r.absenceUseSourceHeartbeat,
    absenceWindowMinutes: r.absenceWindowMinutes === null ? '' : String(r.absenceWindowMinutes),
    notifyDesktop: r.notifyDesktop,
    notifyEndpointIds: [...r.notifyEndpointIds],
  };
}

const WHOLE = /^\d+$/;

function num(text: string): number {
  return WHOLE.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

/** API input for the draft: common fields plus the parameters of the chosen rule type. */
export function draftToInput(d: RuleDraft): RuleInput {
  const input: RuleInput = {
    name: d.name.trim(),
    description: d.description,
    active: d.active,
    severity: d.severity,
    ruleType: d.ruleType,
    platformId: d.platformId || null,
    sourceIds: d.sourceIds,
    severityFilter: d.severityFilter,
    cooldownMinutes: num(d.cooldownMinutes),
    autoClose: d.autoClose,
    autoCloseGraceMinutes: num(d.autoCloseGraceMinutes),
    notifyDesktop: d.notifyDesktop,
    notifyEndpointIds: d.notifyEndpointIds,
  };
  const byCondition = d.matchMode === 'condition';
  if (d.ruleType !== 'absence') {
    input.condition = byCondition ? d.condition.trim() || null : null;
    input.allowedLatenessMinutes = num(d.allowedLatenessMinutes);
  }
  if (d.ruleType === 'threshold') {
    input.thresholdField = byCondition ? null : d.thresholdField.trim() || null;
    input.thresholdValue = !byCondition && d.thresholdField.trim() ? d.thresholdValue : null;
    input.thresholdCount = num(d.thresholdCount);
    input.thresholdWindowMinutes = num(d.thresholdWindowMinutes);
    input.thresholdGroupBy = d.thresholdGroupBy.trim() || 'none';
  } else if (d.ruleType === 'pattern') {
    input.patternField = byCondition ? null : d.patternField.trim() || null;
    input.patternValue = byCondition ? null : d.patternValue || null;
  } else {
    input.absenceUseSourceHeartbeat = d.absenceUseSourceHeartbeat;
    input.absenceWindowMinutes = d.absenceWindowMinutes.trim() === '' ? null : num(d.absenceWindowMinutes);
  }
  return input;
}

function wholeNumber(errors: FieldErrors, key: keyof RuleDraft & string, text: string, label: string, min = 0): void {
  const t = text.trim();
  if (!WHOLE.test(t)) errors[key] = t.startsWith('-') ? `${label} must not be negative.` : `${label} must be a whole number.`;
  else if (Number(t) < min) errors[key] = `${label} must be at least ${min}.`;
}

/** The checks the engine makes that do not need the engine. Keys are API field names. */
export function validateDraft(d: RuleDraft): FieldErrors {
  const e: FieldErrors = {};
  if (!d.name.trim()) e.name = 'Rule Name is required.';
  wholeNumber(e, 'cooldownMinutes', d.cooldownMinutes, 'Cooldown');
  if (d.autoClose) wholeNumber(e, 'autoCloseGraceMinutes', d.autoCloseGraceMinutes, 'Auto-close grace');
  const byCondition = d.matchMode === 'condition';
  if (d.ruleType !== 'absence') {
    wholeNumber(e, 'allowedLatenessMinutes', d.allowedLatenessMinutes, 'Allowed lateness');
    if (byCondition && !d.condition.trim()) e.condition = 'Write a condition in the search language, e.g. outcome:failure action:login.';
  }
  if (d.ruleType === 'threshold') {
    wholeNumber(e, 'thresholdCount', d.thresholdCount, 'Threshold count');
    wholeNumber(e, 'thresholdWindowMinutes', d.thresholdWindowMinutes, 'Window', 1);
    if (!byCondition && d.thresholdField.trim() && !d.thresholdValue) e.thresholdValue = 'Threshold value is required when a field is set.';
  } else if (d.ruleType === 'pattern' && !byCondition) {
    if (!d.patternField.trim()) e.patternField = 'Field is required for a pattern rule.';
    if (!d.patternValue) e.patternValue = 'Value is required for a pattern rule.';
  } else {
    if (d.absenceWindowMinutes.trim() !== '') wholeNumber(e, 'absenceWindowMinutes', d.absenceWindowMinutes, 'Absence window', 1);
    else if (!d.absenceUseSourceHeartbeat) e.absenceWindowMinutes = "Set a window, or use each source's own heartbeat.";
  }
  return e;
}

/** "message contains "x"", "more than 5 in 10 min per host", "silent > heartbeat" … */
export function describeCondition(
  r: Pick<
    Rule,
    | 'ruleType'
    | 'patternField'
    | 'patternValue'
    | 'thresholdField'
    | 'thresholdValue'
    | 'thresholdCount'
    | 'thresholdWindowMinutes'
    | 'thresholdGroupBy'
    | 'absenceUseSourceHeartbeat'
    | 'absenceWindowMinutes'
    | 'condition'
  >,
): string {
  if (r.ruleType === 'pattern' && r.condition) return `events matching ${r.condition}`;
  if (r.ruleType === 'pattern') {
    const v = r.patternValue ?? '';
    return /^\/.+\/[imsu]*$/s.test(v) ? `${r.patternField} matches ${v}` : `${r.patternField} contains "${v}"`;
  }
  if (r.ruleType === 'threshold') {
    const filter = r.condition ? ` matching ${r.condition}` : r.thresholdField ? ` with ${r.thresholdField} containing "${r.thresholdValue}"` : '';
    const group = r.thresholdGroupBy === 'none' ? '' : ` per ${r.thresholdGroupBy}`;
    return `more than ${r.thresholdCount} events${filter} in ${r.thresholdWindowMinutes} min${group}`;
  }
  const parts: string[] = [];
  if (r.absenceUseSourceHeartbeat) parts.push("each source's heartbeat");
  if (r.absenceWindowMinutes !== null) parts.push(`${r.absenceWindowMinutes} min`);
  return `no events for ${parts.join(' or ')}${parts.length > 1 ? ' (shorter wins)' : ''}`;
}

/** "Platform prod + 2 sources", "All sources"; the severity filter is appended when set. */
export function describeScope(r: Pick<Rule, 'platformId' | 'sourceIds' | 'severityFilter'>, sources: LogSource[], platforms: Platform[]): string {
  const parts: string[] = [];
  if (r.platformId) parts.push(`Platform ${platforms.find((p) => p.id === r.platformId)?.name ?? r.platformId}`);
  if (r.sourceIds.length === 1) parts.push(sources.find((s) => s.id === r.sourceIds[0])?.name ?? r.sourceIds[0]!);
  else if (r.sourceIds.length > 1) parts.push(`${r.sourceIds.length} sources`);
  const scope = parts.length ? parts.join(' + ') : 'All sources';
  return r.severityFilter.length ? `${scope} · ${r.severityFilter.map((s) => SEVERITY_LABELS[s]).join(', ')}` : scope;
}
