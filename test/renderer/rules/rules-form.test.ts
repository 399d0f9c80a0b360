import { describe, expect, it } from 'vitest';
import { ClientError } from '../../../renderer/src/client.ts';
import {
  describeCondition,
  describeScope,
  draftFromRule,
  draftFromSearch,
  draftToInput,
  emptyDraft,
  newRuleFromSearchPath,
  validateDraft,
} from '../../../renderer/src/features/rules/rules-form.ts';
import { fieldErrorsFromError } from '../../../renderer/src/ui/form-errors.ts';
import type { LogSource, Platform, Rule } from '../../../shared/types.ts';

/** The rule settings a stored rule and its editor input share word for word. */
const settings: Pick<
  Rule,
  | 'name'
  | 'description'
  | 'active'
  | 'severity'
  | 'ruleType'
  | 'platformId'
  | 'sourceIds'
  | 'severityFilter'
  | 'cooldownMinutes'
  | 'autoClose'
  | 'autoCloseGraceMinutes'
> = {
  name: 'Brute force',
  description: '',
  active: true,
  severity: 'error',
  ruleType: 'threshold',
  platformId: 'pl_1',
  sourceIds: ['ls_a', 'ls_b'],
  severityFilter: ['warn', 'error'],
  cooldownMinutes: 10,
  autoClose: true,
  autoCloseGraceMinutes: 5,
};

const rule: Rule = {
  id: 'rl_1',
  ...settings,
  thresholdField: 'outcome',
  thresholdValue: 'failure',
  thresholdCount: 5,
  thresholdWindowMinutes: 10,
  thresholdGroupBy: 'host',
  patternField: null,
  patternValue: null,
  absenceUseSourceHeartbeat: false,
  absenceWindowMinutes: null,
  notifyDesktop: true,
  notifyEndpointIds: ['ep_1'],
  condition: null,
  allowedLatenessMinutes: 10,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  lastEvaluated: null,
  lastTriggered: null,
  triggerCount: 0,
};

describe('rule editor model', () => {
  it('round-trips a stored threshold rule through the draft', () => {
    const input = draftToInput(draftFromRule(rule));
    expect(input).toEqual({
      ...settings,
      notifyDesktop: true,
      notifyEndpointIds: ['ep_1'],
      thresholdField: 'outcome',
      thresholdValue: 'failure',
      thresholdCount: 5,
      thresholdWindowMinutes: 10,
      thresholdGroupBy: 'host',
      condition: null,
      allowedLatenessMinutes: 10,
    });
  });

  it('a condition rule sends the condition and no field/value; group-by takes a raw path', () => {
    const stored: Rule = {
      ...rule,
      thresholdField: null,
      thresholdValue: null,
      condition: 'outcome:failure action:login',
      thresholdGroupBy: 'raw.src_ip',
      allowedLatenessMinutes: 30,
    };
    const d = draftFromRule(stored);
    expect(d.matchMode).toBe('condition');
    expect(draftToInput(d)).toMatchObject({
      condition: 'outcome:failure action:login',
      thresholdField: null,
      thresholdValue: null,
      thresholdGroupBy: 'raw.src_ip',
      allowedLatenessMinutes: 30,
    });
    expect(describeCondition(stored)).toBe('more than 5 events matching outcome:failure action:login in 10 min per raw.src_ip');
    expect(validateDraft({ ...d, condition: '  ' })).toEqual({ condition: 'Write a condition in the search language, e.g. outcome:failure action:login.' });
    // Switching back to field/value drops the condition.
    expect(draftToInput({ ...d, matchMode: 'field', thresholdField: 'outcome', thresholdValue: 'fail' })).toMatchObject({
      condition: null,
      thresholdField: 'outcome',
    });
  });

  it('sends only the chosen type’s parameters', () => {
    const d = { ...emptyDraft(), name: 'x', ruleType: 'absence' as const, absenceWindowMinutes: ' 15 ' };
    const input = draftToInput(d);
    expect(input).toMatchObject({ absenceUseSourceHeartbeat: true, absenceWindowMinutes: 15, platformId: null });
    expect(input).not.toHaveProperty('patternField');
    expect(input).not.toHaveProperty('thresholdCount');
    expect(draftToInput({ ...d, absenceWindowMinutes: '' }).absenceWindowMinutes).toBeNull();
  });

  it('checks required fields per type and whole, non-negative numbers', () => {
    expect(validateDraft(emptyDraft())).toEqual({ name: 'Rule Name is required.', patternValue: 'Value is required for a pattern rule.' });
    const t = { ...emptyDraft(), name: 'n', ruleType: 'threshold' as const, thresholdCount: '-1', thresholdWindowMinutes: '0', thresholdField: 'host' };
    expect(validateDraft(t)).toEqual({
      thresholdCount: 'Threshold count must not be negative.',
      thresholdWindowMinutes: 'Window must be at least 1.',
      thresholdValue: 'Threshold value is required when a field is set.',
    });
    expect(validateDraft({ ...emptyDraft(), name: 'n', patternValue: 'x', cooldownMinutes: '1.5' })).toEqual({
      cooldownMinutes: 'Cooldown must be a whole number.',
    });
    expect(validateDraft({ ...emptyDraft(), name: 'n', ruleType: 'absence', absenceUseSourceHeartbeat: false })).toEqual({
      absenceWindowMinutes: "Set a window, or use each source's own heartbeat.",
    });
  });

  it('puts an engine VALIDATION_ERROR next to the field it names', () => {
    expect(fieldErrorsFromError(new ClientError('VALIDATION_ERROR', 'patternValue is not a valid regular expression', { field: 'patternValue' }))).toEqual({
      patternValue: 'Not a valid regular expression',
    });
    expect(fieldErrorsFromError(new ClientError('VALIDATION_ERROR', 'sourceIds[1] references unknown source', { field: 'sourceIds[1]' }))).toEqual({
      sourceIds: 'References unknown source',
    });
    expect(fieldErrorsFromError(new ClientError('INTERNAL', 'boom'))).toEqual({ '': 'boom' });
  });

  it('describes conditions and scope in words', () => {
    expect(describeCondition(rule)).toBe('more than 5 events with outcome containing "failure" in 10 min per host');
    expect(describeCondition({ ...rule, ruleType: 'pattern', patternField: 'user', patternValue: '/^adm/i' })).toBe('user matches /^adm/i');
    expect(describeCondition({ ...rule, ruleType: 'pattern', patternField: 'message', patternValue: 'Failed' })).toBe('message contains "Failed"');
    expect(describeCondition({ ...rule, ruleType: 'absence', absenceUseSourceHeartbeat: true, absenceWindowMinutes: 30 })).toBe(
      "no events for each source's heartbeat or 30 min (shorter wins)",
    );
    const sources = [
      { id: 'ls_a', name: 'web' },
      { id: 'ls_b', name: 'db' },
    ] as LogSource[];
    const platforms = [{ id: 'pl_1', name: 'prod' }] as Platform[];
    expect(describeScope(rule, sources, platforms)).toBe('Platform prod + 2 sources · Warn, Error');
    expect(describeScope({ platformId: null, sourceIds: ['ls_a'], severityFilter: [] }, sources, platforms)).toBe('web');
    expect(describeScope({ platformId: null, sourceIds: [], severityFilter: [] }, sources, platforms)).toBe('All sources');
  });
});

describe('a rule started from a search', () => {
  it('opens as a condition rule with the search query and name, and links back to the same draft', () => {
    const path = newRuleFromSearchPath('Failed logins', 'category:auth outcome:failure user:"a b"');
    const d = draftFromSearch(`#/${path}`);
    expect(d).toEqual({ ...emptyDraft(), name: 'Failed logins', matchMode: 'condition', condition: 'category:auth outcome:failure user:"a b"' });
    expect(draftFromSearch('#/settings/rules/new')).toEqual(emptyDraft());
    expect(draftFromSearch('#/settings/rules/new?name=x&condition=%20%20')).toEqual(emptyDraft());
  });
});
