import { RULE_SEVERITIES, RULE_TYPES, SEVERITIES } from '../../../shared/enums.ts';
import type { RuleSeverity, RuleType, Severity } from '../../../shared/enums.ts';
import { CONFIG_LIMITS } from '../../../shared/limits.ts';
import type { Rule } from '../../../shared/types.ts';
import { compileCondition } from './condition.ts';
import { parseFieldPath } from './field-path.ts';
import { compileValue } from './value-matcher.ts';
import { asInput, choice, clearableText, fail, flag, idList, text, whole } from '../validate.ts';
import { RULE_INPUT_KEYS } from '../../../shared/rule-fields.ts';

/** The user-settable part of a rule, fully defaulted. */
export type RuleDefinition = Omit<Rule, 'id' | 'createdAt' | 'updatedAt' | 'lastEvaluated' | 'lastTriggered' | 'triggerCount'>;

/** What validation needs to know about the rest of the engine (ids that exist right now). */
export interface RuleRefs {
  sourceExists(id: string): boolean;
  platformExists(id: string): boolean;
  /** null when the endpoints table does not exist yet (forwarding not installed): ids are accepted. */
  endpointExists: ((id: string) => boolean) | null;
}

const READ_ONLY_KEYS = ['id', 'createdAt', 'updatedAt', 'lastEvaluated', 'lastTriggered', 'triggerCount'];
const { maxMinutes: MAX_MINUTES, maxThresholdCount: MAX_COUNT, maxIdsPerList: MAX_IDS, fieldPathChars, matchValueChars } = CONFIG_LIMITS;

/** SPEC §6: events may arrive up to 10 min behind their timestamp before they count as late. */
export const DEFAULT_LATENESS_MINUTES = 10;
/** A week: later than that is a backfill, whatever the rule says. */
const MAX_LATENESS_MINUTES = 10_080;

/** Defaults for fields a create leaves out (seed 004: active, no cooldown, no grouping, no auto-close). */
export const RULE_DEFAULTS: RuleDefinition = {
  name: '',
  description: '',
  active: true,
  severity: 'warn',
  ruleType: 'pattern',
  platformId: null,
  sourceIds: [],
  severityFilter: [],
  cooldownMinutes: 0,
  autoClose: false,
  autoCloseGraceMinutes: 0,
  thresholdField: null,
  thresholdValue: null,
  thresholdCount: 0,
  thresholdWindowMinutes: 0,
  thresholdGroupBy: 'none',
  patternField: null,
  patternValue: null,
  absenceUseSourceHeartbeat: false,
  absenceWindowMinutes: null,
  notifyDesktop: false,
  notifyEndpointIds: [],
  condition: null,
  allowedLatenessMinutes: DEFAULT_LATENESS_MINUTES,
};

/** Coerce and range-check every field present in `input` onto `base`. Unknown keys are refused. */
function applyFields(base: RuleDefinition, input: Record<string, unknown>): RuleDefinition {
  const r: RuleDefinition = { ...base };
  for (const key of Object.keys(input)) {
    if (READ_ONLY_KEYS.includes(key)) fail(key, 'is read-only');
    if (!(RULE_INPUT_KEYS as readonly string[]).includes(key)) fail(key, 'is not a rule field');
  }
  const has = (k: (typeof RULE_INPUT_KEYS)[number]): boolean => Object.hasOwn(input, k) && input[k] !== undefined;
  if (has('name')) r.name = text('name', input.name, { max: CONFIG_LIMITS.nameChars });
  if (has('description'))
    r.description = input.description === null ? '' : text('description', input.description, { max: CONFIG_LIMITS.ruleDescriptionChars, trim: false });
  if (has('active')) r.active = flag('active', input.active);
  if (has('severity')) r.severity = choice<RuleSeverity>('severity', input.severity, RULE_SEVERITIES);
  if (has('ruleType')) r.ruleType = choice<RuleType>('ruleType', input.ruleType, RULE_TYPES);
  if (has('platformId')) r.platformId = clearableText('platformId', input.platformId, CONFIG_LIMITS.idChars);
  if (has('sourceIds')) r.sourceIds = idList('sourceIds', input.sourceIds, MAX_IDS);
  if (has('severityFilter')) {
    if (!Array.isArray(input.severityFilter)) fail('severityFilter', 'must be a list of severities');
    const list = input.severityFilter.map((s, i) => choice<Severity>(`severityFilter[${i}]`, s, SEVERITIES));
    r.severityFilter = SEVERITIES.filter((s) => list.includes(s));
  }
  if (has('cooldownMinutes')) r.cooldownMinutes = whole('cooldownMinutes', input.cooldownMinutes, { min: 0, max: MAX_MINUTES });
  if (has('autoClose')) r.autoClose = flag('autoClose', input.autoClose);
  if (has('autoCloseGraceMinutes')) r.autoCloseGraceMinutes = whole('autoCloseGraceMinutes', input.autoCloseGraceMinutes, { min: 0, max: MAX_MINUTES });
  if (has('thresholdField')) r.thresholdField = clearableText('thresholdField', input.thresholdField, fieldPathChars);
  if (has('thresholdValue'))
    r.thresholdValue = input.thresholdValue === null ? null : text('thresholdValue', input.thresholdValue, { max: matchValueChars, trim: false }) || null;
  if (has('thresholdCount')) r.thresholdCount = whole('thresholdCount', input.thresholdCount, { min: 0, max: MAX_COUNT });
  if (has('thresholdWindowMinutes')) r.thresholdWindowMinutes = whole('thresholdWindowMinutes', input.thresholdWindowMinutes, { min: 0, max: MAX_MINUTES });
  if (has('thresholdGroupBy')) r.thresholdGroupBy = text('thresholdGroupBy', input.thresholdGroupBy, { max: fieldPathChars }) || 'none';
  if (has('condition'))
    r.condition = input.condition === null ? null : text('condition', input.condition, { max: matchValueChars, trim: false }).trim() || null;
  if (has('allowedLatenessMinutes'))
    r.allowedLatenessMinutes = whole('allowedLatenessMinutes', input.allowedLatenessMinutes, { min: 0, max: MAX_LATENESS_MINUTES });
  if (has('patternField')) r.patternField = clearableText('patternField', input.patternField, fieldPathChars);
  if (has('patternValue'))
    r.patternValue = input.patternValue === null ? null : text('patternValue', input.patternValue, { max: matchValueChars, trim: false }) || null;
  if (has('absenceUseSourceHeartbeat')) r.absenceUseSourceHeartbeat = flag('absenceUseSourceHeartbeat', input.absenceUseSourceHeartbeat);
  if (has('absenceWindowMinutes')) {
    r.absenceWindowMinutes =
      input.absenceWindowMinutes === null ? null : whole('absenceWindowMinutes', input.absenceWindowMinutes, { min: 0, max: MAX_MINUTES }) || null;
  }
  if (has('notifyDesktop')) r.notifyDesktop = flag('notifyDesktop', input.notifyDesktop);
  if (has('notifyEndpointIds')) r.notifyEndpointIds = idList('notifyEndpointIds', input.notifyEndpointIds, MAX_IDS);
  return r;
}

function checkPath(field: string, text: string | null): void {
  if (text === null) return;
  const p = parseFieldPath(text);
  if ('error' in p) fail(field, p.error);
}

/** Group-by: 'none', an envelope field or a raw path. Condition: a search (SPEC §5) instead of field/value. */
function checkGroupAndCondition(r: RuleDefinition): void {
  if (r.thresholdGroupBy !== 'none') {
    const p = parseFieldPath(r.thresholdGroupBy);
    if ('error' in p) fail('thresholdGroupBy', `${p.error} (or none)`);
    if (r.thresholdGroupBy.includes(':')) fail('thresholdGroupBy', 'must not contain ":"');
  }
  if (r.condition === null) return;
  if (r.ruleType === 'absence') fail('condition', 'does not apply to an absence rule');
  const c = compileCondition(r.condition);
  if ('error' in c) fail('condition', c.error);
  const own = r.ruleType === 'pattern' ? (['patternField', 'patternValue'] as const) : (['thresholdField', 'thresholdValue'] as const);
  for (const f of own) if (r[f] !== null) fail(f, 'must be empty when a condition is set (use one or the other)');
}

/** Required parameters per rule type, field paths, regexes and references. */
function checkSemantics(r: RuleDefinition, refs: RuleRefs, previous: RuleDefinition | null): void {
  if (r.name === '') fail('name', 'is required');
  checkPath('thresholdField', r.thresholdField);
  checkPath('patternField', r.patternField);
  if (r.thresholdValue !== null) {
    const v = compileValue(r.thresholdValue, false);
    if ('error' in v) fail('thresholdValue', v.error);
  }
  if (r.patternValue !== null) {
    const v = compileValue(r.patternValue, true);
    if ('error' in v) fail('patternValue', v.error);
  }
  checkGroupAndCondition(r);
  if (r.ruleType === 'threshold') {
    if (r.thresholdWindowMinutes < 1) fail('thresholdWindowMinutes', 'is required for a threshold rule (at least 1 minute)');
    if (r.thresholdField !== null && r.thresholdValue === null) fail('thresholdValue', 'is required when thresholdField is set');
    if (r.thresholdValue !== null && r.thresholdField === null) fail('thresholdField', 'is required when thresholdValue is set');
  } else if (r.ruleType === 'pattern') {
    if (r.condition === null && r.patternField === null) fail('patternField', 'is required for a pattern rule (or a condition)');
    if (r.condition === null && r.patternValue === null) fail('patternValue', 'is required for a pattern rule');
  } else if (!r.absenceUseSourceHeartbeat && r.absenceWindowMinutes === null) {
    fail('absenceWindowMinutes', 'is required for an absence rule unless absenceUseSourceHeartbeat is true');
  }
  // Ids already on the stored rule may point at deleted sources/platforms; only new ones are checked.
  if (r.platformId !== null && r.platformId !== previous?.platformId && !refs.platformExists(r.platformId)) {
    fail('platformId', `references unknown platform ${r.platformId}`);
  }
  for (const [i, id] of r.sourceIds.entries()) {
    if (!previous?.sourceIds.includes(id) && !refs.sourceExists(id)) fail(`sourceIds[${i}]`, `references unknown source ${id}`);
  }
  const endpointExists = refs.endpointExists;
  if (endpointExists) {
    for (const [i, id] of r.notifyEndpointIds.entries()) {
      if (!previous?.notifyEndpointIds.includes(id) && !endpointExists(id)) fail(`notifyEndpointIds[${i}]`, `references unknown endpoint ${id}`);
    }
  }
}

/**
 * Validate a whole rule (create or preview). Throws VALIDATION_ERROR naming the field, so the editor
 * can put the message next to it.
 */
export function validateRuleInput(input: unknown, refs: RuleRefs): RuleDefinition {
  const obj = asInput(input, 'rule');
  if (!Object.hasOwn(obj, 'name')) fail('name', 'is required');
  if (!Object.hasOwn(obj, 'severity')) fail('severity', 'is required');
  if (!Object.hasOwn(obj, 'ruleType')) fail('ruleType', 'is required');
  const r = applyFields(RULE_DEFAULTS, obj);
  checkSemantics(r, refs, null);
  return r;
}

/** Validate a PATCH: merged onto the stored rule, then checked as a whole. */
export function validateRulePatch(previous: RuleDefinition, patch: Record<string, unknown>, refs: RuleRefs): RuleDefinition {
  const r = applyFields(previous, patch);
  checkSemantics(r, refs, previous);
  return r;
}
