import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/engine/clock.ts';
import { MINUTE, rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Close the engine and open a new one on the same data dir and clock. */
async function restart(prev: RulesHarness): Promise<RulesHarness> {
  await prev.close();
  return rulesHarness({ dataDir: prev.dataDir, clock: prev.clock });
}

async function fresh(): Promise<RulesHarness> {
  const x = await rulesHarness({ clock: new ManualClock() });
  dirs.push(x.dataDir);
  return x;
}

describe('rule state across a restart', () => {
  it('an open pattern alert keeps counting after restart: no duplicate, no second notification', async () => {
    h = await fresh();
    const { src } = await h.ruleAndMatch({ notifyDesktop: true });
    h = await restart(h);
    await h.send(src, [{ message: 'x' }]);
    const alerts = await h.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.eventCount).toBe(2);
    expect(h.raised).toHaveLength(0);
    expect(h.notified).toHaveLength(0);
  });

  it('threshold windows are rebuilt from stored events', async () => {
    h = await fresh();
    const src = await h.source('s');
    const rule = await h.rule({ ruleType: 'threshold', thresholdCount: 2, thresholdWindowMinutes: 10, thresholdGroupBy: 'host' });
    await h.send(src, [{ host: 'a' }, { host: 'a' }, { host: 'b' }]);
    h.clock.advance(MINUTE);
    h = await restart(h);
    expect(h.rules.evaluator.runtime(rule.id)!.groupCount).toBe(2);
    await h.send(src, [{ host: 'a' }]);
    const [a] = await h.alerts();
    expect(a).toMatchObject({ groupKey: 'host:a', eventCount: 3 });
  });

  it('an open threshold alert is not raised again after restart while the condition persists', async () => {
    h = await fresh();
    const src = await h.source('s');
    await h.rule({ ruleType: 'threshold', thresholdCount: 1, thresholdWindowMinutes: 10 });
    await h.send(src, [{ host: 'a' }, { host: 'a' }]);
    h = await restart(h);
    await h.send(src, [{ host: 'a' }]);
    const alerts = await h.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.eventCount).toBe(3);
    expect(h.raised).toHaveLength(0);
  });

  it('cooldown survives a restart', async () => {
    h = await fresh();
    const { src } = await h.ruleAndMatch({ cooldownMinutes: 30 });
    const [a] = await h.alerts();
    await h.t.call('alerts.update', { id: a!.id, status: 'resolved' });
    h = await restart(h);
    h.clock.advance(10 * MINUTE);
    await h.send(src, [{ message: 'x' }]);
    expect(await h.alerts({ status: 'open' })).toHaveLength(0);
    h.clock.advance(20 * MINUTE);
    await h.send(src, [{ message: 'x' }]);
    expect(await h.alerts({ status: 'open' })).toHaveLength(1);
  });

  it('absence alerts are not duplicated by the first tick after restart; status fields persist', async () => {
    h = await fresh();
    const src = await h.source('s');
    await h.send(src, [{ message: 'x' }]);
    const rule = await h.rule({ ruleType: 'absence', absenceWindowMinutes: 5 });
    h.advance(6 * MINUTE);
    const before = await h.t.call('rules.get', { id: rule.id });
    h = await restart(h);
    h.advance(MINUTE);
    expect(await h.alerts({ ruleId: rule.id })).toHaveLength(1);
    expect(h.raised).toHaveLength(0);
    const after = await h.t.call('rules.get', { id: rule.id });
    expect(after.triggerCount).toBe(1);
    expect(after.lastTriggered).toBe(before.lastTriggered);
    expect(Date.parse(after.lastEvaluated!)).toBeGreaterThan(Date.parse(before.lastEvaluated!));
  });
});
