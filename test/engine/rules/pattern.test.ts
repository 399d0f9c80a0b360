import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness;
afterEach(async () => h?.close());

describe('pattern rules', () => {
  it('fires on a case-insensitive substring of an envelope field and notifies', async () => {
    h = await rulesHarness();
    const src = await h.source('web');
    const rule = await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'Failed Password', notifyDesktop: true, severity: 'error' });
    await h.send(src, [{ message: 'all good' }]);
    expect(await h.alerts()).toHaveLength(0);
    const [id] = await h.send(src, [{ message: 'sshd: FAILED password for root', host: 'web-01' }]);
    const alerts = await h.alerts();
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a).toMatchObject({ ruleId: rule.id, ruleName: rule.name, severity: 'error', status: 'open', groupKey: '', eventCount: 1, sourceIds: [src] });
    expect(a.sampleEventIds).toEqual([String(id)]);
    expect(a.query).toBe('source:="web" message:"Failed Password"');
    expect(h.raised).toHaveLength(1);
    expect(h.raised[0]).toMatchObject({ notifyDesktop: true, endpointIds: [] });
    expect(h.notified).toEqual([{ kind: 'alert', title: `ERROR: ${rule.name}`, body: a.title, alertId: a.id }]);
    expect(h.streamed.map((s) => s.id)).toContain(a.id);
    const r = await h.t.call('rules.get', { id: rule.id });
    expect(r.triggerCount).toBe(1);
    expect(r.lastTriggered).toBe(new Date(h.clock.now()).toISOString());
    expect(r.lastEvaluated).toBe(new Date(h.clock.now()).toISOString());
  });

  it('matches nested raw paths, arrays element-wise, and does not toast when notifyDesktop is off', async () => {
    h = await rulesHarness();
    const src = await h.source('api');
    await h.rule({ ruleType: 'pattern', patternField: 'raw.request.path', patternValue: '/ADMIN' });
    await h.send(src, [{ request: { path: '/home' } }, { request: [{ path: '/x' }, { path: '/admin/users' }] }]);
    const alerts = await h.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.query).toBe('source:="api" raw.request.path:"/ADMIN"');
    expect(h.notified).toHaveLength(0);
    expect(h.raised).toHaveLength(1);
  });

  it('runs /regex/flags through RE2 and respects the flags', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'pattern', patternField: 'user', patternValue: '/^adm(in|inistrator)$/i' });
    await h.send(src, [{ user: 'sysadmin' }, { user: 'admin2' }]);
    expect(await h.alerts()).toHaveLength(0);
    await h.send(src, [{ user: 'Administrator' }]);
    const [a] = await h.alerts();
    expect(a!.eventCount).toBe(1);
    expect(a!.query).toBe('source:="auth" user:"adm"');
  });

  it('narrows the Log Viewer query of a regex rule by a literal the regex requires', async () => {
    h = await rulesHarness();
    const src = await h.source('fw');
    await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: '/deny tcp 6\\d{4}/' });
    await h.send(src, [{ message: 'deny tcp 61234' }, { message: 'deny tcp 443' }]);
    const [a] = await h.alerts();
    expect(a!.query).toBe('source:="fw" message:"deny tcp 6"');
    const page = await h.t.call('events.search', { q: a!.query, from: a!.queryFrom, to: a!.queryTo });
    expect(page.events.map((e) => e.message)).toEqual(['deny tcp 61234']);
  });

  it('keeps one open alert per rule and counts re-triggers into it (samples capped at 20)', async () => {
    h = await rulesHarness();
    const src = await h.source('app');
    await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'boom' });
    for (let i = 0; i < 5; i++) {
      await h.send(
        src,
        Array.from({ length: 6 }, (_, j) => ({ message: `boom ${i}.${j}`, timestamp: 1_700_000_000_000 + i * 10 + j })),
      );
      h.clock.advance(1000);
    }
    const alerts = await h.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.eventCount).toBe(30);
    expect(alerts[0]!.sampleEventIds).toHaveLength(20);
    expect(alerts[0]!.queryFrom).toBe(new Date(1_700_000_000_000).toISOString());
    expect(alerts[0]!.queryTo).toBe(new Date(1_700_000_000_000 + 45 + 1).toISOString());
    expect(alerts[0]!.lastSeenAt).toBe(new Date(h.clock.now() - 1000).toISOString());
    expect(h.raised).toHaveLength(1);
  });

  it('scope is platform ∪ sources; both empty means every source', async () => {
    h = await rulesHarness();
    const plat = await h.platform('prod');
    const inPlat = await h.source('in-platform', { platformId: plat });
    const listed = await h.source('listed');
    const outside = await h.source('outside');
    const scoped = await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'x', platformId: plat, sourceIds: [listed] });
    const everywhere = await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'x' });
    await h.send(outside, [{ message: 'x' }]);
    expect(await h.alerts({ ruleId: scoped.id })).toHaveLength(0);
    expect(await h.alerts({ ruleId: everywhere.id })).toHaveLength(1);
    await h.send(inPlat, [{ message: 'x' }]);
    await h.send(listed, [{ message: 'x' }]);
    const [a] = await h.alerts({ ruleId: scoped.id });
    expect(a!.eventCount).toBe(2);
    expect(a!.sourceIds.sort()).toEqual([inPlat, listed].sort());
    expect(a!.query).toMatch(/^\(source:\S+ OR source:\S+\) message:"x"$/);
  });

  it('a source linked to the platform later is covered from its next event', async () => {
    h = await rulesHarness();
    const plat = await h.platform('prod');
    const late = await h.source('late');
    const rule = await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'x', platformId: plat });
    await h.send(late, [{ message: 'x' }]);
    expect(await h.alerts({ ruleId: rule.id })).toHaveLength(0);
    await h.t.call('sources.update', { id: late, platformId: plat });
    await h.send(late, [{ message: 'x' }]);
    expect(await h.alerts({ ruleId: rule.id })).toHaveLength(1);
  });

  it('severityFilter keeps only the listed event severities', async () => {
    h = await rulesHarness();
    const src = await h.source('s');
    await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'disk', severityFilter: ['error', 'critical'] });
    await h.send(src, [
      { message: 'disk ok', severity: 'info' },
      { message: 'disk warn', severity: 'warn' },
    ]);
    expect(await h.alerts()).toHaveLength(0);
    await h.send(src, [{ message: 'disk failed', severity: 'CRITICAL' }]);
    const [a] = await h.alerts();
    expect(a!.query).toBe('source:="s" (severity:error OR severity:critical) message:"disk"');
  });

  it('rules sharing a test each keep their own scope, severity filter and lastEvaluated', async () => {
    h = await rulesHarness();
    const a = await h.source('a');
    const b = await h.source('b');
    const onA = await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'Boom', sourceIds: [a] });
    const errorsOnly = await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'boom', severityFilter: ['error'] });
    const counting = await h.rule({ ruleType: 'threshold', thresholdField: 'message', thresholdValue: 'BOOM', thresholdCount: 1, thresholdWindowMinutes: 5 });
    const never = await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'never-there' });
    h.clock.advance(MINUTE);
    await h.send(b, [{ message: 'boom', severity: 'info' }, { message: 'quiet' }]);
    expect(await h.alerts({ ruleId: onA.id })).toHaveLength(0);
    expect(await h.alerts({ ruleId: errorsOnly.id })).toHaveLength(0);
    await h.send(a, [{ message: 'BOOM!', severity: 'error' }]);
    expect((await h.alerts({ ruleId: onA.id }))[0]!.eventCount).toBe(1);
    expect((await h.alerts({ ruleId: errorsOnly.id }))[0]!.eventCount).toBe(1);
    expect((await h.alerts({ ruleId: counting.id }))[0]!.eventCount).toBe(2);
    expect(await h.alerts({ ruleId: never.id })).toHaveLength(0);
    const r = await h.t.call('rules.get', { id: never.id });
    expect(r.lastEvaluated).toBe(new Date(h.clock.now()).toISOString());
  });

  it('inactive rules are skipped', async () => {
    h = await rulesHarness();
    const { src, rule } = await h.ruleAndMatch({ active: false });
    expect(await h.alerts()).toHaveLength(0);
    await h.t.call('rules.update', { id: rule.id, active: true });
    await h.send(src, [{ message: 'x' }]);
    expect(await h.alerts()).toHaveLength(1);
  });

  it('cooldown: after a resolve, no new alert for the rule until it elapses', async () => {
    h = await rulesHarness();
    const { src } = await h.ruleAndMatch({ cooldownMinutes: 10 });
    const [first] = await h.alerts();
    await h.t.call('alerts.update', { id: first!.id, status: 'resolved' });
    h.clock.advance(9 * MINUTE);
    await h.send(src, [{ message: 'x' }]);
    expect(await h.alerts({ status: 'open' })).toHaveLength(0);
    h.clock.advance(MINUTE);
    await h.send(src, [{ message: 'x' }]);
    const open = await h.alerts({ status: 'open' });
    expect(open).toHaveLength(1);
    expect(open[0]!.id).not.toBe(first!.id);
    expect(open[0]!.eventCount).toBe(1);
    expect(h.raised).toHaveLength(2);
  });

  it('auto-close resolves a pattern alert once it has been quiet for the grace; a re-trigger within it keeps it open', async () => {
    h = await rulesHarness();
    const { src } = await h.ruleAndMatch({ autoClose: true, autoCloseGraceMinutes: 5 });
    h.advance(4 * MINUTE);
    await h.send(src, [{ message: 'x again' }]);
    h.advance(4 * MINUTE);
    const [still] = await h.alerts();
    expect(still).toMatchObject({ status: 'open', eventCount: 2 });
    h.advance(MINUTE);
    const [closed] = await h.alerts();
    expect(closed).toMatchObject({ id: still!.id, status: 'resolved', resolvedBy: 'auto' });
    expect(closed!.resolvedAt).toBe(new Date(h.clock.now()).toISOString());
    expect(h.streamed.at(-1)).toMatchObject({ id: still!.id, status: 'resolved' });
  });
});
