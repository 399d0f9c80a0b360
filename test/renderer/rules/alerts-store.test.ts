import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/engine/clock.ts';
import { createAlertsStore } from '../../../renderer/src/stores/alerts-store.ts';
import { appStore } from '../../../renderer/src/stores/app-store.ts';
import { alertToastText } from '../../../renderer/src/features/alerts/alert-toasts-model.ts';
import { engineClient } from '../engine-client.ts';
import type { EngineClient } from '../engine-client.ts';

let ec: EngineClient;
let key: string;
beforeEach(async () => {
  ec = engineClient({ clock: new ManualClock() });
  const s = await ec.client.call('sources.create', { name: 'web', rateLimit: 10_000 });
  key = (await ec.client.call('sources.generateKey', { id: s.id })).key;
  for (const t of appStore.getState().toasts) appStore.getState().dismissToast(t.id);
});
afterEach(async () => ec.close());

const rule = (name: string, value: string, severity: 'warn' | 'critical' = 'warn') =>
  ec.client.call('rules.create', { name, severity, ruleType: 'pattern', patternField: 'message', patternValue: value });

/** A loaded store over three open alerts from three pattern rules. */
async function storeWithThreeAlerts() {
  const store = createAlertsStore(() => ec.client);
  await rule('a', 'alpha');
  await rule('b', 'beta');
  await rule('c', 'gamma');
  await ec.ingest(key, [{ message: 'alpha' }, { message: 'beta' }, { message: 'gamma' }]);
  await store.getState().load();
  return store;
}

describe('alerts store', () => {
  it('loads, filters by status / severity / rule, and follows the stream within the filter', async () => {
    const store = createAlertsStore(() => ec.client);
    const disconnect = store.getState().connect();
    const w = await rule('warn rule', 'w');
    await rule('crit rule', 'c', 'critical');
    await ec.ingest(key, [{ message: 'w' }, { message: 'c' }]);
    await store.getState().load();
    expect(
      store
        .getState()
        .items.map((a) => a.ruleName)
        .sort(),
    ).toEqual(['crit rule', 'warn rule']);
    await store.getState().setFilter({ severity: 'critical' });
    expect(store.getState().items.map((a) => a.ruleName)).toEqual(['crit rule']);
    await store.getState().setFilter({ severity: '', ruleId: w.id });
    expect(store.getState().items.map((a) => a.ruleName)).toEqual(['warn rule']);
    await store.getState().setFilter({ ruleId: '', status: 'open' });
    const first = store.getState().items[0]!;
    await ec.client.call('alerts.update', { id: first.id, status: 'resolved' });
    expect(store.getState().items.map((a) => a.id)).not.toContain(first.id);
    disconnect();
  });

  it('acknowledges, resolves and reopens many at once through checkboxes', async () => {
    const store = await storeWithThreeAlerts();
    const ids = store.getState().items.map((a) => a.id);
    store.getState().toggleSelected(ids[0]!);
    store.getState().toggleSelected(ids[1]!);
    expect(await store.getState().setStatus(store.getState().selected, 'acknowledged')).toBe(2);
    expect(store.getState().selected).toEqual([]);
    store.getState().selectAll(true);
    expect(await store.getState().setStatus(store.getState().selected, 'resolved')).toBe(3);
    expect(store.getState().items.every((a) => a.status === 'resolved' && a.resolvedBy === 'user')).toBe(true);
    expect(await store.getState().setStatus([ids[2]!], 'open')).toBe(1);
    expect(store.getState().items.find((a) => a.id === ids[2])!.status).toBe('open');
  });

  it('new alerts toast and count as unread unless the inbox is open; known alerts do not', async () => {
    const store = createAlertsStore(() => ec.client);
    await rule('old', 'old');
    await ec.ingest(key, [{ message: 'old' }]);
    await store.getState().prime();
    const disconnect = store.getState().connect();
    await ec.ingest(key, [{ message: 'old again' }]);
    expect(store.getState().unread).toBe(0);
    await rule('new', 'fresh', 'critical');
    await ec.ingest(key, [{ message: 'fresh' }]);
    expect(store.getState().unread).toBe(1);
    expect(store.getState().alertToasts.map(alertToastText)).toEqual(['New critical alert: new: message contains "fresh"']);
    store.getState().setViewing(true);
    expect(store.getState().unread).toBe(0);
    await rule('newer', 'newer');
    await ec.ingest(key, [{ message: 'newer' }]);
    expect(store.getState().unread).toBe(0);
    expect(alertToastText(store.getState().alertToasts[0]!)).toMatch(/^New warn alert: newer/);
    disconnect();
  });

  it('a storm from one rule is one toast that counts; dismiss all clears the stack; late alerts stay silent', async () => {
    const store = createAlertsStore(() => ec.client);
    await store.getState().prime();
    const disconnect = store.getState().connect();
    await ec.client.call('rules.create', {
      name: 'Brute force',
      severity: 'error',
      ruleType: 'threshold',
      thresholdCount: 0,
      thresholdWindowMinutes: 5,
      thresholdGroupBy: 'user',
      condition: 'message:failed',
    });
    await rule('other', 'disk');
    const now = ec.t.engine.clock.now();
    await ec.ingest(
      key,
      Array.from({ length: 12 }, (_, i) => ({ user: `u${i}`, message: 'failed', timestamp: new Date(now).toISOString() })),
    );
    await ec.ingest(key, [{ message: 'disk full' }]);
    const toasts = store.getState().alertToasts;
    expect(toasts.map(alertToastText)).toEqual(['New warn alert: other: message contains "disk"', '12 new alerts from Brute force']);
    expect(toasts[1]!.alertIds).toHaveLength(12);
    expect(store.getState().unread).toBe(13);
    store.getState().dismissAllAlertToasts();
    expect(store.getState().alertToasts).toEqual([]);
    // A backfill (stamped two hours ago) raises late alerts: listed and counted, never toasted.
    await ec.ingest(key, [{ user: 'old', message: 'failed', timestamp: new Date(now - 2 * 3600_000).toISOString() }]);
    expect(store.getState().unread).toBe(14);
    expect(store.getState().alertToasts).toEqual([]);
    disconnect();
  });

  it('a bulk change can be undone: each alert returns to its own previous status', async () => {
    const store = await storeWithThreeAlerts();
    const [x, y, z] = store.getState().items.map((a) => a.id);
    await store.getState().setStatus([x!], 'acknowledged');
    expect(store.getState().lastBulk).toBeNull();
    await store.getState().setStatus([x!, y!, z!], 'resolved');
    expect(store.getState().lastBulk).toMatchObject({
      status: 'resolved',
      previous: expect.arrayContaining([
        { id: x, status: 'acknowledged' },
        { id: y, status: 'open' },
      ]),
    });
    expect(await store.getState().undoBulk()).toBe(3);
    const byId = Object.fromEntries((await ec.client.call('alerts.list', {})).items.map((a) => [a.id, a.status]));
    expect(byId).toEqual({ [x!]: 'acknowledged', [y!]: 'open', [z!]: 'open' });
    expect(store.getState().lastBulk).toBeNull();
  });

  it('assigns, notes and resolves with a reason through the store', async () => {
    const store = createAlertsStore(() => ec.client);
    await rule('a', 'alpha');
    await ec.ingest(key, [{ message: 'alpha' }]);
    await store.getState().load();
    const id = store.getState().items[0]!.id;
    await store.getState().updateAlert(id, { assignee: 'dana' });
    await store.getState().updateAlert(id, { note: 'Checked the VPN.' });
    await store.getState().updateAlert(id, { status: 'resolved', resolutionReason: 'benign' });
    expect(store.getState().items[0]).toMatchObject({
      assignee: 'dana',
      status: 'resolved',
      resolutionReason: 'benign',
      notes: [expect.objectContaining({ text: 'Checked the VPN.', author: 'console' })],
    });
  });

  it('opens an alert with its sample events, even when the filter hides it', async () => {
    const store = createAlertsStore(() => ec.client);
    await rule('r', 'boom');
    await ec.ingest(key, [{ message: 'boom 1', host: 'web-01' }, { message: 'boom 2' }]);
    const [alert] = (await ec.client.call('alerts.list', {})).items;
    await store.getState().setFilter({ status: 'resolved' });
    await store.getState().openDetail(alert!.id);
    expect(store.getState().detail).toMatchObject({ id: alert!.id, eventCount: 2 });
    expect(store.getState().samples).toMatchObject({ alertId: alert!.id, status: 'ready', missing: [] });
    expect(store.getState().samples!.events.map((e) => e.message)).toEqual(['boom 1', 'boom 2']);
    await store.getState().openDetail(null);
    expect(store.getState().detail).toBeNull();
  });
});
