/**
 * Triage fields on alerts (issue 10 item 7): notes, an assignee and a resolution reason, kept across
 * a restart; every status change recorded as an audit security event, so endpoints that take the
 * audit stream receive it. Absence-alert pivots land on the source's last events before the silence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness;
afterEach(async () => h?.close());

describe('alert triage', () => {
  it('notes, assignee and resolution reason are stored, streamed and survive a restart', async () => {
    h = await rulesHarness();
    await h.ruleAndMatch();
    const [a] = await h.alerts();
    expect(a).toMatchObject({ assignee: null, resolutionReason: null, notes: [], late: false });
    await h.t.call('alerts.update', { id: a!.id, assignee: 'dana', note: 'Looking at the VPN logs.' });
    h.clock.advance(MINUTE);
    const done = await h.t.call('alerts.update', { id: a!.id, status: 'resolved', resolutionReason: 'false_positive', note: 'Pen test.' });
    expect(done).toMatchObject({ status: 'resolved', assignee: 'dana', resolutionReason: 'false_positive' });
    expect(done.notes.map((n) => n.text)).toEqual(['Looking at the VPN logs.', 'Pen test.']);
    expect(done.notes[1]!.at).toBe(new Date(h.clock.now()).toISOString());
    expect(h.streamed.at(-1)).toMatchObject({ id: a!.id, assignee: 'dana', resolutionReason: 'false_positive' });
    const { dataDir, clock } = h;
    await h.close();
    h = await rulesHarness({ dataDir, clock });
    const [again] = await h.alerts();
    expect(again).toMatchObject({ assignee: 'dana', resolutionReason: 'false_positive', status: 'resolved' });
    expect(again!.notes.map((n) => n.text)).toEqual(['Looking at the VPN logs.', 'Pen test.']);
    // Reopening clears the reason (it described the resolution), keeps notes and assignee.
    const reopened = await h.t.call('alerts.update', { id: a!.id, status: 'open' });
    expect(reopened).toMatchObject({ resolutionReason: null, assignee: 'dana' });
    expect(reopened.notes).toHaveLength(2);
  });

  it('refuses empty changes, unknown fields, bad reasons and a reason on an unresolved alert', async () => {
    h = await rulesHarness();
    await h.ruleAndMatch();
    const [a] = await h.alerts();
    const refused = async (body: Record<string, unknown>) => {
      const res = await h.t.engine.api.call('alerts.update', { id: a!.id, ...body } as never);
      if (res.success) throw new Error(`accepted ${JSON.stringify(body)}`);
      return res.error;
    };
    expect((await refused({})).code).toBe('VALIDATION_ERROR');
    expect((await refused({ colour: 'red' })).message).toMatch(/unknown field "colour"/);
    expect((await refused({ status: 'resolved', resolutionReason: 'meh' })).message).toMatch(/^resolutionReason must be one of/);
    expect((await refused({ resolutionReason: 'benign' })).message).toMatch(/^resolutionReason applies only to a resolved alert/);
    expect((await refused({ note: '' })).message).toMatch(/^note must be at least 1/);
    // Nothing was changed by the refused calls.
    expect(await h.t.call('alerts.get', { id: a!.id })).toMatchObject({ status: 'open', notes: [], resolutionReason: null });
  });

  it('status changes, by a user or by auto-close, are recorded as alert.status_changed audit events', async () => {
    h = await rulesHarness();
    await h.ruleAndMatch({ autoClose: true, autoCloseGraceMinutes: 1 });
    const [a] = await h.alerts();
    await h.t.call('alerts.update', { id: a!.id, status: 'acknowledged' });
    h.advance(2 * MINUTE);
    const changes = h.security.filter((e) => e.type === 'alert.status_changed');
    expect(changes.map((e) => [e.details.from, e.details.to, e.actor.userId])).toEqual([
      ['open', 'acknowledged', 'analyst'],
      ['acknowledged', 'resolved', 'system'],
    ]);
    expect(changes[0]).toMatchObject({ category: 'audit', resource: { type: 'alert', id: a!.id } });
  });
});

describe('absence pivot', () => {
  it("an absence alert's query and window show the source's last events before the silence", async () => {
    h = await rulesHarness();
    const src = await h.source('fw-edge');
    await h.rule({ ruleType: 'absence', absenceWindowMinutes: 10 });
    const t0 = h.clock.now();
    // Stamped a little before arrival, as real senders do.
    await h.send(src, [
      { timestamp: new Date(t0 - 40 * MINUTE).toISOString(), message: 'older' },
      { timestamp: new Date(t0 - 30_000).toISOString(), message: 'last words' },
    ]);
    h.advance(11 * MINUTE);
    const [a] = await h.alerts();
    expect(a!.query).toBe('source:="fw-edge"');
    h.advance(30 * MINUTE);
    const [later] = await h.alerts();
    // The window stays on the silence's start however long the silence lasts.
    expect(later!.queryTo).toBe(a!.queryTo);
    const page = await h.t.call('events.search', { q: later!.query, from: later!.queryFrom, to: later!.queryTo });
    expect(page.events.map((e) => e.message)).toEqual(['last words', 'older']);
  });
});
