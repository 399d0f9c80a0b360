import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/types.ts';
import { MINUTE, rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness;
afterEach(async () => h?.close());

/** Run the alert's Log Viewer query and window through the real search. */
async function viewerIds(a: Alert): Promise<string[]> {
  const page = await h.t.call('events.search', { q: a.query, from: a.queryFrom, to: a.queryTo, limit: 1000 });
  return page.events.map((e) => e.id).sort();
}

describe('alerts API', () => {
  it('acknowledge, resolve and reopen, with timestamps and a stream event per change', async () => {
    h = await rulesHarness();
    const { src } = await h.ruleAndMatch();
    const [a] = await h.alerts();
    h.clock.advance(MINUTE);
    const acked = await h.t.call('alerts.update', { id: a!.id, status: 'acknowledged' });
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedAt: new Date(h.clock.now()).toISOString(), resolvedAt: null });
    h.clock.advance(MINUTE);
    const resolved = await h.t.call('alerts.update', { id: a!.id, status: 'resolved' });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'user', resolvedAt: new Date(h.clock.now()).toISOString() });
    expect(resolved.acknowledgedAt).toBe(acked.acknowledgedAt);
    const reopened = await h.t.call('alerts.update', { id: a!.id, status: 'open' });
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, resolvedBy: null, acknowledgedAt: null });
    expect(h.streamed.filter((s) => s.id === a!.id).map((s) => s.status)).toEqual(['open', 'acknowledged', 'resolved', 'open']);
    // A reopened alert is the rule's live alert again: new matches count into it.
    await h.send(src, [{ message: 'x' }]);
    expect(await h.t.call('alerts.get', { id: a!.id })).toMatchObject({ eventCount: 2, status: 'open' });
    expect(await h.alerts()).toHaveLength(1);
  });

  it('a reopened alert gets a fresh grace before auto-close', async () => {
    h = await rulesHarness();
    await h.ruleAndMatch({ autoClose: true, autoCloseGraceMinutes: 5 });
    h.advance(5 * MINUTE);
    const [a] = await h.alerts();
    expect(a!.resolvedBy).toBe('auto');
    await h.t.call('alerts.update', { id: a!.id, status: 'open' });
    h.advance(4 * MINUTE);
    expect((await h.t.call('alerts.get', { id: a!.id })).status).toBe('open');
    h.advance(MINUTE);
    expect((await h.t.call('alerts.get', { id: a!.id })).status).toBe('resolved');
  });

  it('lists newest first, filtered by status, severity and rule, with a limit', async () => {
    h = await rulesHarness();
    const src = await h.source('s');
    const warn = await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'w', severity: 'warn' });
    const crit = await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'c', severity: 'critical' });
    await h.send(src, [{ message: 'w' }]);
    await h.send(src, [{ message: 'c' }]);
    const all = await h.alerts();
    expect(all.map((a) => a.ruleId)).toEqual([crit.id, warn.id]);
    expect((await h.t.call('alerts.list', { severity: 'critical' })).items.map((a) => a.ruleId)).toEqual([crit.id]);
    expect((await h.t.call('alerts.list', { ruleId: warn.id })).items).toHaveLength(1);
    expect((await h.t.call('alerts.list', { limit: 1 })).items).toHaveLength(1);
    await h.t.call('alerts.update', { id: all[0]!.id, status: 'resolved' });
    expect((await h.alerts({ status: 'open' })).map((a) => a.ruleId)).toEqual([warn.id]);
  });

  it('answers bad input with VALIDATION_ERROR or NOT_FOUND', async () => {
    h = await rulesHarness();
    const call = (m: 'alerts.update' | 'alerts.list' | 'alerts.get', input: unknown) => h.t.engine.api.call(m, input as never);
    const bad = await call('alerts.update', { id: 'al_x', status: 'closed' });
    expect(!bad.success && bad.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'status' } });
    const missing = await call('alerts.update', { id: 'al_x', status: 'resolved' });
    expect(!missing.success && missing.error.code).toBe('NOT_FOUND');
    expect(((await call('alerts.get', { id: 'al_x' })) as { success: boolean }).success).toBe(false);
    const limit = await call('alerts.list', { limit: 5000 });
    expect(!limit.success && limit.error.message).toMatch(/^limit must be/);
    const sev = await call('alerts.list', { severity: 'loud' });
    expect(!sev.success && sev.error.code).toBe('VALIDATION_ERROR');
  });

  it("the alert's query and window show exactly its events in the Log Viewer search", async () => {
    h = await rulesHarness();
    const plat = await h.platform('p');
    const a = await h.source('a', { platformId: plat });
    const b = await h.source('b');
    const other = await h.source('other');
    await h.rule({
      ruleType: 'threshold',
      thresholdCount: 2,
      thresholdWindowMinutes: 10,
      thresholdGroupBy: 'host',
      thresholdField: 'message',
      thresholdValue: 'Denied "x"',
      severityFilter: ['warn', 'error'],
      platformId: plat,
      sourceIds: [b],
    });
    const t0 = h.clock.now();
    const deny = (host: string, i: number, severity = 'warn') => ({ host, severity, message: `access Denied "x" #${i}`, timestamp: t0 - 1000 + i });
    const idsA = await h.send(a, [deny('web 1', 1), deny('web 1', 2), deny('web-2', 3), { host: 'web 1', message: 'ok', timestamp: t0 }]);
    const idsB = await h.send(b, [deny('web 1', 4, 'error'), deny('web 1', 5, 'info'), deny('web 1', 6)]);
    await h.send(other, [deny('web 1', 7)]);
    const alerts = await h.alerts();
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert.groupKey).toBe('host:web 1');
    expect(alert.eventCount).toBe(4);
    const expected = [idsA[0], idsA[1], idsB[0], idsB[2]].map(String).sort();
    expect(alert.sampleEventIds.slice().sort()).toEqual(expected);
    expect(await viewerIds(alert)).toEqual(expected);
  });

  it('the query of an enum-field pattern and of a raw path finds the same events', async () => {
    h = await rulesHarness();
    const s = await h.source('s');
    await h.rule({ ruleType: 'pattern', patternField: 'outcome', patternValue: 'fail' });
    await h.rule({ ruleType: 'pattern', patternField: 'raw.http.status', patternValue: '50' });
    const ids = await h.send(s, [{ outcome: 'failure', http: { status: 503 } }, { outcome: 'success', http: { status: 200 } }, { outcome: 'failure' }]);
    for (const alert of await h.alerts()) {
      expect(await viewerIds(alert)).toEqual(alert.sampleEventIds.slice().sort());
    }
    expect((await h.alerts()).map((x) => x.eventCount).sort()).toEqual([1, 2]);
    expect(ids).toHaveLength(3);
  });
});
