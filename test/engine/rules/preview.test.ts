import { afterEach, describe, expect, it } from 'vitest';
import type { RuleInput } from '../../../shared/types.ts';
import { MINUTE, rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness;
afterEach(async () => h?.close());

const HOUR = 60 * MINUTE;

describe('rules.preview', () => {
  it('replays the last 24 h through the evaluator without storing alerts or notifying', async () => {
    h = await rulesHarness();
    const src = await h.source('s');
    await h.send(src, [{ message: 'boom' }]); // 25 h before the preview: outside the window
    h.clock.advance(HOUR);
    await h.send(src, [{ message: 'boom 1' }, { message: 'fine' }]);
    h.clock.advance(HOUR);
    await h.send(src, [{ message: 'BOOM 2' }]);
    h.clock.advance(23 * HOUR);
    const draft: RuleInput = { name: 'd', severity: 'warn', ruleType: 'pattern', patternField: 'message', patternValue: 'boom' };
    const p = await h.t.call('rules.preview', draft);
    expect(p.matchedEvents).toBe(2);
    expect(p.wouldFire).toBe(1);
    expect(p.firings).toEqual([
      { at: new Date(h.clock.now() - 24 * HOUR).toISOString(), groupKey: '', eventCount: 2, late: false, eventAt: expect.any(String) },
    ]);
    expect(p.to).toBe(new Date(h.clock.now()).toISOString());
    expect(await h.alerts()).toHaveLength(0);
    expect(h.raised).toHaveLength(0);
    expect(h.notified).toHaveLength(0);
    expect((await h.t.call('rules.list', {})).items).toHaveLength(0);
  });

  it('counts auto-closed and cooled-down firings the way the live rule would', async () => {
    h = await rulesHarness();
    const src = await h.source('s');
    for (let i = 0; i < 6; i++) {
      await h.send(src, [{ message: 'boom' }]);
      h.clock.advance(HOUR);
    }
    const base: RuleInput = {
      name: 'd',
      severity: 'warn',
      ruleType: 'pattern',
      patternField: 'message',
      patternValue: 'boom',
      autoClose: true,
      autoCloseGraceMinutes: 10,
    };
    expect((await h.t.call('rules.preview', base)).wouldFire).toBe(6);
    expect((await h.t.call('rules.preview', { ...base, cooldownMinutes: 150 })).wouldFire).toBe(2);
    expect((await h.t.call('rules.preview', { ...base, autoClose: false })).wouldFire).toBe(1);
  });

  it('previews grouped thresholds per group', async () => {
    h = await rulesHarness();
    const src = await h.source('s');
    await h.send(src, [...Array.from({ length: 5 }, () => ({ host: 'noisy' })), { host: 'quiet' }]);
    h.clock.advance(HOUR);
    const p = await h.t.call('rules.preview', {
      name: 'd',
      severity: 'warn',
      ruleType: 'threshold',
      thresholdCount: 3,
      thresholdWindowMinutes: 5,
      thresholdGroupBy: 'host',
    });
    expect(p.wouldFire).toBe(1);
    expect(p.matchedEvents).toBe(6);
    expect(p.firings[0]).toMatchObject({ groupKey: 'host:noisy', eventCount: 5 });
  });

  it('previews absence from the gaps between stored events', async () => {
    h = await rulesHarness();
    const src = await h.source('s', { heartbeatMinutes: 30 });
    await h.send(src, [{ message: 'a' }]);
    h.clock.advance(2 * HOUR);
    await h.send(src, [{ message: 'b' }]);
    h.clock.advance(10 * MINUTE);
    await h.send(src, [{ message: 'c' }]);
    h.clock.advance(HOUR);
    const p = await h.t.call('rules.preview', { name: 'd', severity: 'warn', ruleType: 'absence', absenceUseSourceHeartbeat: true, autoClose: true });
    expect(p.wouldFire).toBe(2);
    expect(p.firings.every((f) => f.groupKey === `source:${src}`)).toBe(true);
  });

  it('validates the draft like a create', async () => {
    h = await rulesHarness();
    const res = await h.t.engine.api.call('rules.preview', { name: 'd', severity: 'warn', ruleType: 'pattern', patternField: 'nope', patternValue: 'x' });
    expect(!res.success && res.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'patternField' } });
  });
});
