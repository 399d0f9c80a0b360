/** The fields of a rule input, listed once for the engine's validation and the editor's error placement. */
import type { RuleInput } from './types.ts';

/** Every field a rule input may carry (API names); the engine refuses any other. */
export const RULE_INPUT_KEYS = [
  'name',
  'description',
  'active',
  'severity',
  'ruleType',
  'platformId',
  'sourceIds',
  'severityFilter',
  'cooldownMinutes',
  'autoClose',
  'autoCloseGraceMinutes',
  'thresholdField',
  'thresholdValue',
  'thresholdCount',
  'thresholdWindowMinutes',
  'thresholdGroupBy',
  'patternField',
  'patternValue',
  'absenceUseSourceHeartbeat',
  'absenceWindowMinutes',
  'notifyDesktop',
  'notifyEndpointIds',
  'condition',
  'allowedLatenessMinutes',
] as const satisfies readonly (keyof RuleInput)[];
