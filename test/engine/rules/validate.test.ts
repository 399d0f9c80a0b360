import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../shared/errors.ts';
import { rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness;
let src: string;
beforeAll(async () => {
  h = await rulesHarness();
  src = await h.source('s');
});
afterAll(async () => h.close());

const base = { name: 'r', severity: 'warn', ruleType: 'pattern', patternField: 'message', patternValue: 'x' };

async function refused(method: 'rules.create' | 'rules.update' | 'rules.preview', input: Record<string, unknown>): Promise<ApiErrorBody> {
  const res = await h.t.engine.api.call(method, input as never);
  if (res.success) throw new Error(`${method} accepted ${JSON.stringify(input)}`);
  return res.error;
}

describe('rule validation', () => {
  it.each([
    [{ patternField: 'hostname' }, 'patternField', /unknown field "hostname"/],
    [{ patternField: 'raw..a' }, 'patternField', /empty or blank segment/],
    [{ patternValue: '/(a/' }, 'patternValue', /not a valid regular expression/],
    [{ patternValue: '/(?=lookahead)/' }, 'patternValue', /not a valid regular expression/],
    [{ cooldownMinutes: -1 }, 'cooldownMinutes', /must not be negative/],
    [{ autoCloseGraceMinutes: -5 }, 'autoCloseGraceMinutes', /must not be negative/],
    [{ cooldownMinutes: 1.5 }, 'cooldownMinutes', /whole number/],
    [{ cooldownMinutes: '5' }, 'cooldownMinutes', /must be a number/],
    [{ severity: 'debug' }, 'severity', /must be one of info, notice, warn, error, critical/],
    [{ ruleType: 'anomaly' }, 'ruleType', /must be one of threshold, pattern, absence/],
    [{ severityFilter: ['loud'] }, 'severityFilter[0]', /must be one of/],
    [{ name: '   ' }, 'name', /is required/],
    [{ patternValue: null }, 'patternValue', /required for a pattern rule/],
    [{ patternField: null }, 'patternField', /required for a pattern rule/],
    [{ sourceIds: ['ls_nope'] }, 'sourceIds[0]', /unknown source ls_nope/],
    [{ platformId: 'pl_nope' }, 'platformId', /unknown platform pl_nope/],
    [{ triggerCount: 3 }, 'triggerCount', /read-only/],
    [{ colour: 'red' }, 'colour', /not a rule field/],
    [{ active: 'yes' }, 'active', /true or false/],
  ])('refuses %j naming %s', async (patch, field, message) => {
    const err = await refused('rules.create', { ...base, ...patch });
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(field)).toBe(true);
    expect(err.details).toEqual({ field });
  });

  it('requires the parameters of each rule type', async () => {
    const threshold = { name: 't', severity: 'warn', ruleType: 'threshold' };
    expect((await refused('rules.create', threshold)).message).toMatch(/^thresholdWindowMinutes is required/);
    expect((await refused('rules.create', { ...threshold, thresholdWindowMinutes: 5, thresholdCount: -1 })).message).toMatch(
      /^thresholdCount must not be negative/,
    );
    expect((await refused('rules.create', { ...threshold, thresholdWindowMinutes: 5, thresholdField: 'host' })).message).toMatch(/^thresholdValue is required/);
    expect((await refused('rules.create', { ...threshold, thresholdWindowMinutes: 5, thresholdValue: 'x' })).message).toMatch(/^thresholdField is required/);
    expect((await refused('rules.create', { ...threshold, thresholdWindowMinutes: 5, thresholdGroupBy: 'ip' })).message).toMatch(
      /^thresholdGroupBy unknown field "ip"/,
    );
    const badCondition = await refused('rules.create', { ...threshold, thresholdWindowMinutes: 5, condition: 'outcome:failure AND (' });
    expect(badCondition.message).toMatch(/^condition is not a valid search: .*\(character \d+\)/);
    expect(badCondition.details).toEqual({ field: 'condition' });
    expect((await refused('rules.create', { ...threshold, thresholdWindowMinutes: 5, condition: 'severity:loud' })).message).toMatch(
      /^condition is not a valid search: unknown severity 'loud'/,
    );
    expect(
      (await refused('rules.create', { ...threshold, thresholdWindowMinutes: 5, condition: 'x', thresholdField: 'host', thresholdValue: 'a' })).message,
    ).toMatch(/^thresholdField must be empty when a condition is set/);
    expect((await refused('rules.create', { name: 'a', severity: 'warn', ruleType: 'absence', absenceWindowMinutes: 5, condition: 'x' })).message).toMatch(
      /^condition does not apply to an absence rule/,
    );
    expect((await refused('rules.create', { ...threshold, thresholdWindowMinutes: 5, allowedLatenessMinutes: -1 })).message).toMatch(
      /^allowedLatenessMinutes must not be negative/,
    );
    expect((await refused('rules.create', { name: 'a', severity: 'warn', ruleType: 'absence' })).message).toMatch(/^absenceWindowMinutes is required/);
    expect((await refused('rules.create', { name: 'a', severity: 'warn', ruleType: 'absence', absenceWindowMinutes: -3 })).message).toMatch(
      /^absenceWindowMinutes must not be negative/,
    );
    expect((await refused('rules.create', { severity: 'warn', ruleType: 'absence' })).message).toMatch(/^name is required/);
  });

  it('accepts a full threshold rule and returns every field with defaults and read-only status', async () => {
    const rule = await h.t.call('rules.create', {
      name: ' Brute force ',
      severity: 'error',
      ruleType: 'threshold',
      thresholdField: 'raw.event.outcome',
      thresholdValue: 'fail',
      thresholdCount: 5,
      thresholdWindowMinutes: 10,
      thresholdGroupBy: 'host',
      sourceIds: [src, src],
      severityFilter: ['error', 'warn'],
    });
    expect(rule).toMatchObject({
      name: 'Brute force',
      description: '',
      active: true,
      severity: 'error',
      ruleType: 'threshold',
      platformId: null,
      sourceIds: [src],
      severityFilter: ['warn', 'error'],
      cooldownMinutes: 0,
      autoClose: false,
      autoCloseGraceMinutes: 0,
      thresholdField: 'raw.event.outcome',
      thresholdValue: 'fail',
      thresholdCount: 5,
      thresholdWindowMinutes: 10,
      thresholdGroupBy: 'host',
      patternField: null,
      patternValue: null,
      absenceUseSourceHeartbeat: false,
      absenceWindowMinutes: null,
      notifyDesktop: false,
      notifyEndpointIds: [],
      lastEvaluated: null,
      lastTriggered: null,
      triggerCount: 0,
    });
    expect(rule.id).toMatch(/^rl_/);
    expect((await h.t.call('rules.list', {})).items.map((r) => r.id)).toContain(rule.id);
  });

  it('a plain value that merely starts with a slash is a substring, not a regex', async () => {
    const rule = await h.t.call('rules.create', { ...base, patternValue: '/var/log' } as never);
    expect(rule.patternValue).toBe('/var/log');
  });

  it('PATCH validates the merged rule and records rule.updated with the changed fields only', async () => {
    const rule = await h.t.call('rules.create', base as never);
    expect((await refused('rules.update', { id: rule.id, ruleType: 'threshold' })).message).toMatch(/^thresholdWindowMinutes/);
    const updated = await h.t.call('rules.update', { id: rule.id, name: 'renamed', cooldownMinutes: 5 });
    expect(updated).toMatchObject({ name: 'renamed', cooldownMinutes: 5, patternValue: 'x' });
    const ev = h.security.filter((e) => e.type === 'rule.updated').at(-1)!;
    expect(ev).toMatchObject({ category: 'audit', severity: 'medium', resource: { type: 'rule', id: rule.id } });
    expect(ev.details.changed).toEqual(['name', 'cooldownMinutes']);
    expect((await refused('rules.update', { id: 'rl_missing', name: 'x' })).code).toBe('NOT_FOUND');
  });

  it('create and delete are recorded as audit security events; delete keeps the alerts', async () => {
    const rule = await h.t.call('rules.create', { ...base, patternValue: 'delete-me' } as never);
    expect(h.security.find((e) => e.type === 'rule.created' && e.resource.id === rule.id)).toMatchObject({ category: 'audit', severity: 'medium' });
    await h.send(src, [{ message: 'please delete-me' }]);
    await h.t.call('rules.delete', { id: rule.id });
    expect(h.security.find((e) => e.type === 'rule.deleted' && e.resource.id === rule.id)).toMatchObject({ category: 'audit', severity: 'high' });
    expect((await h.t.engine.api.call('rules.get', { id: rule.id })).success).toBe(false);
    expect(await h.alerts({ ruleId: rule.id })).toHaveLength(1);
  });

  it('checks notifyEndpointIds against the endpoints table (forwarding has created it)', async () => {
    const err = await refused('rules.create', { ...base, notifyEndpointIds: ['ep_missing'] });
    expect(err.message).toMatch(/^notifyEndpointIds\[0\] references unknown endpoint ep_missing/);
    const ep = await h.t.call('endpoints.create', { name: 'siem', url: 'https://siem.example.test/hook', authType: 'none', alerts: true });
    const rule = await h.t.call('rules.create', { ...base, notifyEndpointIds: [ep.id] } as never);
    expect(rule.notifyEndpointIds).toEqual([ep.id]);
  });
});
