import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness;
afterEach(async () => h?.close());

const failed = (host: string, user = 'root') => ({ host, user, action: 'login', outcome: 'failure', message: `failed login for ${user}` });

describe('threshold rules', () => {
  it('fires when the count in the window is greater than thresholdCount, not equal', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    const rule = await h.rule({ ruleType: 'threshold', thresholdCount: 3, thresholdWindowMinutes: 5 });
    await h.send(src, [failed('a'), failed('a'), failed('a')]);
    expect(await h.alerts()).toHaveLength(0);
    const ids = await h.send(src, [failed('a')]);
    const [a] = await h.alerts();
    expect(a).toMatchObject({ ruleId: rule.id, groupKey: '', eventCount: 4, status: 'open' });
    expect(a!.sampleEventIds.at(-1)).toBe(String(ids[0]));
    expect(a!.title).toBe(`${rule.name}: more than 3 events in 5 min`);
  });

  it('the window rolls on receive time: old events stop counting', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 2, thresholdWindowMinutes: 5 });
    await h.send(src, [failed('a'), failed('a')]);
    h.clock.advance(6 * MINUTE);
    await h.send(src, [failed('a'), failed('a')]);
    expect(await h.alerts()).toHaveLength(0);
    h.clock.advance(MINUTE);
    await h.send(src, [failed('a')]);
    expect(await h.alerts()).toHaveLength(1);
  });

  it('counts only events whose thresholdField contains thresholdValue (case-insensitive)', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    const rule = await h.rule({ ruleType: 'threshold', thresholdCount: 1, thresholdWindowMinutes: 5, thresholdField: 'outcome', thresholdValue: 'FAIL' });
    await h.send(src, [{ outcome: 'success' }, { outcome: 'success' }, { outcome: 'failure' }]);
    expect(await h.alerts()).toHaveLength(0);
    await h.send(src, [{ outcome: 'failure' }]);
    const [a] = await h.alerts({ ruleId: rule.id });
    expect(a!.eventCount).toBe(2);
    expect(a!.query).toBe('source:="auth" outcome:failure');
  });

  it('grouped by host: fires once per noisy host, never for quiet ones', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 4, thresholdWindowMinutes: 10, thresholdGroupBy: 'host' });
    const batch = [
      ...Array.from({ length: 8 }, () => failed('web-01')),
      ...Array.from({ length: 6 }, () => failed('web-02')),
      ...Array.from({ length: 4 }, () => failed('quiet')),
      { message: 'no host' },
    ];
    await h.send(src, batch);
    const alerts = await h.alerts();
    expect(alerts.map((a) => a.groupKey).sort()).toEqual(['host:web-01', 'host:web-02']);
    const web01 = alerts.find((a) => a.groupKey === 'host:web-01')!;
    expect(web01.eventCount).toBe(8);
    expect(web01.query).toBe('source:="auth" host:="web-01"');
    expect(web01.title).toContain('(host web-01)');
    expect(h.raised).toHaveLength(2);
  });

  it('groups by user, action and source; an absent group value is its own group', async () => {
    h = await rulesHarness();
    const a = await h.source('a');
    const b = await h.source('b');
    const byUser = await h.rule({ ruleType: 'threshold', thresholdCount: 1, thresholdWindowMinutes: 5, thresholdGroupBy: 'user' });
    const bySource = await h.rule({ ruleType: 'threshold', thresholdCount: 1, thresholdWindowMinutes: 5, thresholdGroupBy: 'source' });
    await h.send(a, [{ user: 'eve' }, { user: 'eve' }, { message: 'nobody' }, { message: 'nobody' }]);
    await h.send(b, [{ user: 'bob' }]);
    const users = (await h.alerts({ ruleId: byUser.id })).map((x) => x.groupKey).sort();
    expect(users).toEqual(['user:', 'user:eve']);
    const nobody = (await h.alerts({ ruleId: byUser.id })).find((x) => x.groupKey === 'user:')!;
    expect(nobody.query).toBe('source:="a" -user:*');
    const sources = await h.alerts({ ruleId: bySource.id });
    expect(sources.map((x) => x.groupKey)).toEqual([`source:${a}`]);
    expect(sources[0]!.query).toBe('source:="a"');
  });

  it('while the condition persists the same alert counts the new events', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 2, thresholdWindowMinutes: 5 });
    await h.send(src, [failed('a'), failed('a'), failed('a')]);
    await h.send(src, [failed('a'), failed('a')]);
    const alerts = await h.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.eventCount).toBe(5);
    expect(h.raised).toHaveLength(1);
  });

  it('cooldown is per rule and group', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 0, thresholdWindowMinutes: 1, thresholdGroupBy: 'host', cooldownMinutes: 30 });
    await h.send(src, [failed('a')]);
    const [first] = await h.alerts();
    await h.t.call('alerts.update', { id: first!.id, status: 'resolved' });
    h.clock.advance(5 * MINUTE);
    await h.send(src, [failed('a'), failed('b')]);
    const open = await h.alerts({ status: 'open' });
    expect(open.map((a) => a.groupKey)).toEqual(['host:b']);
    h.clock.advance(25 * MINUTE);
    await h.send(src, [failed('a')]);
    expect((await h.alerts({ status: 'open' })).map((a) => a.groupKey).sort()).toEqual(['host:a', 'host:b']);
  });

  it('auto-close waits for the condition to clear and the grace to pass; a re-trigger within the grace keeps the alert', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 1, thresholdWindowMinutes: 5, autoClose: true, autoCloseGraceMinutes: 10 });
    await h.send(src, [failed('a'), failed('a')]);
    h.advance(6 * MINUTE); // condition cleared (window empty), but only 6 of 10 grace minutes
    expect((await h.alerts())[0]!.status).toBe('open');
    await h.send(src, [failed('a'), failed('a')]); // re-trigger within the grace
    h.advance(9 * MINUTE);
    const [kept] = await h.alerts();
    expect(kept).toMatchObject({ status: 'open', eventCount: 4 });
    h.advance(MINUTE);
    const all = await h.alerts();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'resolved', resolvedBy: 'auto' });
  });

  it('auto-close never resolves while the condition still holds', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 1, thresholdWindowMinutes: 60, autoClose: true, autoCloseGraceMinutes: 0 });
    await h.send(src, [failed('a'), failed('a')]);
    h.advance(30 * MINUTE);
    expect((await h.alerts())[0]!.status).toBe('open');
    h.advance(31 * MINUTE);
    expect((await h.alerts())[0]!.status).toBe('resolved');
  });

  it('without autoClose alerts stay open', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 0, thresholdWindowMinutes: 1 });
    await h.send(src, [failed('a')]);
    h.advance(120 * MINUTE);
    expect((await h.alerts())[0]!.status).toBe('open');
  });

  it('the tick sweeps expired groups so high-cardinality grouping stays bounded', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    const rule = await h.rule({ ruleType: 'threshold', thresholdCount: 5, thresholdWindowMinutes: 1, thresholdGroupBy: 'user' });
    await h.send(
      src,
      Array.from({ length: 300 }, (_, i) => ({ user: `u${i}` })),
    );
    const rt = () => h.rules.evaluator.runtime(rule.id)!;
    expect(rt().groupCount).toBe(300);
    // Held for window + allowed lateness (10 min by default) after arrival, then swept.
    h.advance(2 * MINUTE);
    expect(rt().groupCount).toBe(300);
    h.advance(10 * MINUTE);
    expect(rt().groupCount).toBe(0);
  });
});
