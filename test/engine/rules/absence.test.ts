import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness;
afterEach(async () => h?.close());

const groups = async (ruleId: string, status: 'open' | 'resolved' = 'open') => (await h.alerts({ ruleId, status })).map((a) => a.groupKey).sort();

describe('absence rules', () => {
  it('with absenceUseSourceHeartbeat each source uses its own heartbeat (0 = not monitored)', async () => {
    h = await rulesHarness();
    const fast = await h.source('fast', { heartbeatMinutes: 5 });
    const slow = await h.source('slow', { heartbeatMinutes: 20 });
    const off = await h.source('off', { heartbeatMinutes: 0 });
    const rule = await h.rule({ ruleType: 'absence', absenceUseSourceHeartbeat: true, severity: 'critical', notifyDesktop: true });
    for (const s of [fast, slow, off]) await h.send(s, [{ message: 'hello' }]);
    h.advance(5 * MINUTE);
    expect(await groups(rule.id)).toEqual([]);
    h.advance(1000);
    expect(await groups(rule.id)).toEqual([`source:${fast}`]);
    h.advance(15 * MINUTE);
    expect(await groups(rule.id)).toEqual([`source:${fast}`, `source:${slow}`].sort());
    h.advance(600 * MINUTE);
    expect(await groups(rule.id)).toEqual([`source:${fast}`, `source:${slow}`].sort());
    const [a] = await h.alerts({ ruleId: rule.id });
    expect(a!.eventCount).toBe(0);
    expect(h.notified).toHaveLength(2);
    expect(h.notified[0]!.body).toMatch(/no events from (fast|slow) for over (5|20) min/);
  });

  it('absenceWindowMinutes covers every source; with a heartbeat too, the shorter wins', async () => {
    h = await rulesHarness();
    const hb30 = await h.source('hb30', { heartbeatMinutes: 30 });
    const hb5 = await h.source('hb5', { heartbeatMinutes: 5 });
    const none = await h.source('none', { heartbeatMinutes: 0 });
    const windowOnly = await h.rule({ ruleType: 'absence', absenceWindowMinutes: 10 });
    const both = await h.rule({ ruleType: 'absence', absenceWindowMinutes: 10, absenceUseSourceHeartbeat: true });
    for (const s of [hb30, hb5, none]) await h.send(s, [{ message: 'x' }]);
    h.advance(6 * MINUTE);
    expect(await groups(windowOnly.id)).toEqual([]);
    expect(await groups(both.id)).toEqual([`source:${hb5}`]);
    h.advance(5 * MINUTE);
    expect(await groups(windowOnly.id)).toEqual([hb30, hb5, none].map((s) => `source:${s}`).sort());
    expect(await groups(both.id)).toEqual([hb30, hb5, none].map((s) => `source:${s}`).sort());
  });

  it('covers sources linked to the platform after the rule was saved', async () => {
    h = await rulesHarness();
    const plat = await h.platform('edge');
    const early = await h.source('early', { platformId: plat });
    const rule = await h.rule({ ruleType: 'absence', absenceWindowMinutes: 10, platformId: plat });
    const later = await h.source('later');
    const outsider = await h.source('outsider');
    await h.t.call('sources.update', { id: later, platformId: plat });
    for (const s of [early, later, outsider]) await h.send(s, [{ message: 'x' }]);
    h.advance(11 * MINUTE);
    expect(await groups(rule.id)).toEqual([`source:${early}`, `source:${later}`].sort());
  });

  it('sources that never sent (awaiting), inactive sources and the built-in source are not reported', async () => {
    h = await rulesHarness();
    await h.source('awaiting');
    const paused = await h.source('paused');
    await h.send(paused, [{ message: 'x' }]);
    await h.t.call('sources.update', { id: paused, active: false });
    const rule = await h.rule({ ruleType: 'absence', absenceWindowMinutes: 1 });
    h.advance(60 * MINUTE);
    expect(await groups(rule.id)).toEqual([]);
  });

  it('one alert per silent source while it stays silent; lastSeenAt follows the checks', async () => {
    h = await rulesHarness();
    const s = await h.source('s');
    const sentAt = h.clock.now();
    await h.send(s, [{ message: 'last words', timestamp: sentAt }]);
    const rule = await h.rule({ ruleType: 'absence', absenceWindowMinutes: 10 });
    h.advance(11 * MINUTE);
    h.advance(10 * MINUTE);
    const alerts = await h.alerts({ ruleId: rule.id });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.lastSeenAt).toBe(new Date(h.clock.now()).toISOString());
    expect(alerts[0]!.query).toBe('source:="s"');
    // The pivot shows the hour before the silence, up to a minute after the last arrival.
    expect(alerts[0]!.queryFrom).toBe(new Date(sentAt - 60 * MINUTE).toISOString());
    expect(alerts[0]!.queryTo).toBe(new Date(sentAt + MINUTE + 1).toISOString());
    const r = await h.t.call('rules.get', { id: rule.id });
    expect(r.lastEvaluated).toBe(new Date(h.clock.now()).toISOString());
    expect(r.triggerCount).toBe(1);
  });

  it('auto-close resolves once the source speaks again and the grace has passed', async () => {
    h = await rulesHarness();
    const s = await h.source('s');
    await h.send(s, [{ message: 'x' }]);
    const rule = await h.rule({ ruleType: 'absence', absenceWindowMinutes: 10, autoClose: true, autoCloseGraceMinutes: 3 });
    h.advance(11 * MINUTE);
    await h.send(s, [{ message: 'back' }]);
    h.advance(2 * MINUTE);
    expect(await groups(rule.id)).toEqual([`source:${s}`]);
    h.advance(MINUTE);
    expect(await groups(rule.id)).toEqual([]);
    expect(await groups(rule.id, 'resolved')).toEqual([`source:${s}`]);
  });

  it('a silent source that was acknowledged is not re-raised; resolved + cooldown delays the next alert', async () => {
    h = await rulesHarness();
    const s = await h.source('s');
    await h.send(s, [{ message: 'x' }]);
    const rule = await h.rule({ ruleType: 'absence', absenceWindowMinutes: 10, cooldownMinutes: 60 });
    h.advance(11 * MINUTE);
    const [a] = await h.alerts({ ruleId: rule.id });
    await h.t.call('alerts.update', { id: a!.id, status: 'acknowledged' });
    h.advance(MINUTE);
    expect(await h.alerts({ ruleId: rule.id })).toHaveLength(1);
    await h.t.call('alerts.update', { id: a!.id, status: 'resolved' });
    h.advance(30 * MINUTE);
    expect(await h.alerts({ ruleId: rule.id })).toHaveLength(1);
    h.advance(30 * MINUTE);
    expect(await h.alerts({ ruleId: rule.id, status: 'open' })).toHaveLength(1);
    expect(await h.alerts({ ruleId: rule.id })).toHaveLength(2);
  });
});
