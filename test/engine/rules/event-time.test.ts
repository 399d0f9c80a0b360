/**
 * Rules on event time (SPEC §6 revised 2026-11-29): threshold windows on the event timestamp, the
 * allowed lateness, silent late-only alerts, backfills, group-by raw paths and search conditions.
 * A real engine on a manual clock; events go through the real ingest path.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness;
afterEach(async () => h?.close());

const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(ms).toISOString();
const failed = (user: string, ts: number, ip = '10.0.0.1') => ({
  timestamp: at(ts),
  user,
  action: 'login',
  outcome: 'failure',
  message: `failed login for ${user}`,
  raw_ip: ip,
});

describe('threshold windows on event time', () => {
  it('counts events by their timestamp: a burst spread over an hour of event time does not fire, a tight one does', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 3, thresholdWindowMinutes: 5 });
    const now = h.clock.now();
    // Four events arriving together, stamped 20 min apart (a forwarder catching up): never 4 in 5 min.
    await h.send(
      src,
      [0, 20, 40, 60].map((m) => failed('a', now - 61 * MINUTE + m * MINUTE)),
    );
    expect(await h.alerts()).toHaveLength(0);
    // Four stamped within two minutes: fires.
    await h.send(
      src,
      [0, 30, 60, 90].map((s) => failed('a', now - 2 * MINUTE + s * 1000)),
    );
    expect(await h.alerts()).toHaveLength(1);
  });

  it('a late event still counts in its own window; an alert raised only by late events is late and silent', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    const rule = await h.rule({ ruleType: 'threshold', thresholdCount: 2, thresholdWindowMinutes: 5, notifyDesktop: true, allowedLatenessMinutes: 10 });
    const t0 = h.clock.now();
    // Three events stamped 30 min ago arrive now: later than the 10 min allowed.
    await h.send(src, [failed('a', t0 - 30 * MINUTE), failed('a', t0 - 29 * MINUTE), failed('a', t0 - 28 * MINUTE)]);
    const [late] = await h.alerts({ ruleId: rule.id });
    expect(late).toMatchObject({ late: true, eventCount: 3, status: 'open' });
    expect(h.notified).toHaveLength(0);
    // Forwarded all the same (endpoints keep the record), marked late.
    expect(h.raised).toHaveLength(1);
    expect(h.raised[0]!.alert.late).toBe(true);
    expect(h.raised[0]!.notifyDesktop).toBe(false);
    // The Log Viewer window is the events' own time, not the upload time.
    expect(late!.queryFrom).toBe(at(t0 - 30 * MINUTE));
  });

  it('events within the allowed lateness are on time: the alert notifies', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 2, thresholdWindowMinutes: 5, notifyDesktop: true, allowedLatenessMinutes: 10 });
    const t0 = h.clock.now();
    await h.send(src, [failed('a', t0 - 9 * MINUTE), failed('a', t0 - 8 * MINUTE), failed('a', t0 - 7 * MINUTE)]);
    const [a] = await h.alerts();
    expect(a!.late).toBe(false);
    expect(h.notified).toHaveLength(1);
  });

  it('a late alert that on-time events join stops being late and notifies then', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 2, thresholdWindowMinutes: 60, notifyDesktop: true, allowedLatenessMinutes: 10 });
    const t0 = h.clock.now();
    await h.send(src, [failed('a', t0 - 40 * MINUTE), failed('a', t0 - 39 * MINUTE), failed('a', t0 - 38 * MINUTE)]);
    expect((await h.alerts())[0]!.late).toBe(true);
    expect(h.notified).toHaveLength(0);
    h.clock.advance(MINUTE);
    await h.send(src, [failed('a', h.clock.now())]);
    const [a] = await h.alerts();
    expect(a).toMatchObject({ late: false, eventCount: 4 });
    expect(h.notified).toHaveLength(1);
    expect(h.notified[0]!.alertId).toBe(a!.id);
  });

  it('a 24 h backfill uploaded at once fires only where its own timestamps are dense, and only late', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    const rule = await h.rule({ ruleType: 'threshold', thresholdCount: 5, thresholdWindowMinutes: 5, thresholdGroupBy: 'user', notifyDesktop: true });
    const t0 = h.clock.now();
    // 20 users × 100 failed logins spread evenly over the last 24 h (one per ~14 min per user) …
    const events: Record<string, unknown>[] = [];
    for (let i = 0; i < 100; i++) for (let u = 0; u < 20; u++) events.push(failed(`user${u}`, t0 - 24 * HOUR + i * 14 * MINUTE + u * 1000));
    // … plus one real burst for user7 at 03:00 event time.
    for (let i = 0; i < 8; i++) events.push(failed('user7', t0 - 20 * HOUR + i * 10_000));
    events.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
    for (let i = 0; i < events.length; i += 500) await h.send(src, events.slice(i, i + 500));
    const alerts = await h.alerts({ ruleId: rule.id });
    expect(alerts.map((a) => a.groupKey)).toEqual(['user:user7']);
    expect(alerts[0]!.late).toBe(true);
    expect(h.notified).toHaveLength(0);
    // Preview over the same data says the same, and that the firing came from late data.
    const p = await h.t.call('rules.preview', {
      name: 'p',
      severity: 'warn',
      ruleType: 'threshold',
      thresholdCount: 5,
      thresholdWindowMinutes: 5,
      thresholdGroupBy: 'user',
    });
    expect(p).toMatchObject({ wouldFire: 1, lateFirings: 1 });
    expect(p.firings).toEqual([expect.objectContaining({ groupKey: 'user:user7', late: true })]);
  });

  it('the window is rebuilt on restart including late events still within window + lateness', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    await h.rule({ ruleType: 'threshold', thresholdCount: 2, thresholdWindowMinutes: 5 });
    const t0 = h.clock.now();
    await h.send(src, [failed('a', t0 - 20 * MINUTE), failed('a', t0 - 19 * MINUTE)]);
    const { dataDir, clock } = h;
    await h.close();
    h = await rulesHarness({ dataDir, clock });
    clock.advance(MINUTE);
    await h.send(src, [failed('a', t0 - 18 * MINUTE)]);
    expect(await h.alerts()).toHaveLength(1);
  });
});

describe('group by any field and search conditions', () => {
  it('groups by a raw path: failed logins per raw.src_ip', async () => {
    h = await rulesHarness();
    const src = await h.source('sshd');
    const rule = await h.rule({
      ruleType: 'threshold',
      thresholdCount: 2,
      thresholdWindowMinutes: 5,
      thresholdGroupBy: 'raw.src_ip',
      condition: 'outcome:failure',
    });
    const t = h.clock.now();
    const ev = (ip: string, outcome = 'failure') => ({ timestamp: at(t), outcome, message: 'login', src_ip: ip });
    await h.send(src, [ev('10.0.0.5'), ev('10.0.0.5'), ev('10.0.0.5'), ev('10.0.0.6'), ev('10.0.0.6'), ev('10.0.0.6', 'success'), ev('10.0.0.6', 'success')]);
    const alerts = await h.alerts({ ruleId: rule.id });
    expect(alerts.map((a) => a.groupKey)).toEqual(['raw.src_ip:10.0.0.5']);
    expect(alerts[0]!.title).toContain('(raw.src_ip 10.0.0.5)');
    expect(alerts[0]!.query).toBe('source:="sshd" raw.src_ip:="10.0.0.5" (outcome:failure)');
    // The alert's query finds exactly the alert's events in the Log Viewer.
    const found = await h.t.call('events.search', { q: alerts[0]!.query, from: alerts[0]!.queryFrom, to: alerts[0]!.queryTo, limit: 100 });
    expect(found.events.map((e) => e.id).sort()).toEqual([...alerts[0]!.sampleEventIds].sort());
  });

  it('a pattern rule with a search condition fires on the events the Log Viewer would show for it', async () => {
    h = await rulesHarness();
    const src = await h.source('web');
    const plat = await h.platform('prod');
    await h.t.call('sources.update', { id: src, platformId: plat });
    const rule = await h.rule({ ruleType: 'pattern', condition: 'raw.status:>=500 NOT host:canary-* platform:prod "checkout"' });
    const t = h.clock.now();
    await h.send(src, [
      { timestamp: at(t), host: 'web-1', message: 'POST /checkout', status: 502 },
      { timestamp: at(t), host: 'canary-1', message: 'POST /checkout', status: 503 },
      { timestamp: at(t), host: 'web-2', message: 'POST /checkout', status: 200 },
      { timestamp: at(t), host: 'web-3', message: 'GET /cart', status: 500 },
    ]);
    const [a] = await h.alerts({ ruleId: rule.id });
    expect(a).toMatchObject({ eventCount: 1, title: `${rule.name}: matches raw.status:>=500 NOT host:canary-* platform:prod "checkout"` });
    const found = await h.t.call('events.search', { q: 'raw.status:>=500 NOT host:canary-* platform:prod "checkout"', from: at(t - HOUR), to: at(t + 1) });
    expect(found.events.map((e) => e.id)).toEqual(a!.sampleEventIds);
  });

  it('existing-style rules keep their meaning: field/value and the classic group-bys', async () => {
    h = await rulesHarness();
    const src = await h.source('auth');
    const rule = await h.rule({
      ruleType: 'threshold',
      thresholdCount: 1,
      thresholdWindowMinutes: 5,
      thresholdGroupBy: 'host',
      thresholdField: 'outcome',
      thresholdValue: 'fail',
    });
    expect(rule).toMatchObject({ condition: null, allowedLatenessMinutes: 10, thresholdGroupBy: 'host' });
    await h.send(src, [
      { host: 'a', outcome: 'failure' },
      { host: 'a', outcome: 'failure' },
      { host: 'b', outcome: 'failure' },
    ]);
    expect((await h.alerts()).map((x) => x.groupKey)).toEqual(['host:a']);
  });
});
