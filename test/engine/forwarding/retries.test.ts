import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../../shared/types.ts';
import { useForwardingSuite } from './helpers/setup.ts';
import type { ForwardingHarness } from './helpers/setup.ts';
import type { Receiver } from './helpers/receiver.ts';
import type { TestPki } from './helpers/tls.ts';
import { emitSecurityEvent } from '../../helpers/security-event.ts';

let pki: TestPki;
let h: ForwardingHarness;
let rx: Receiver;
// 2.5 s: long enough that an HTTPS request to the local receiver never times out on a loaded CI
// machine (400 ms did once, and a 503 test then saw a timeout instead), short for the 'hang' case.
useForwardingSuite({ requestTimeoutMs: 2500 }, (s) => ({ pki, h, rx } = s));

const SEC = 1000;
const MIN = 60 * SEC;

/** One data_access security event → one delivery to an endpoint subscribed to `data_access` (endpoint audit events go elsewhere). */
function emitEvent(n = 1): void {
  for (let i = 0; i < n; i++) {
    emitSecurityEvent(h.t.engine, { category: 'data_access', type: 'report.exported', severity: 'high', resource: { type: 'rule', id: `r${i}` } });
  }
}
async function target(extra: Record<string, unknown> = {}): Promise<string> {
  return (await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, categories: ['data_access'], ...extra })).id;
}
async function only(endpointId: string): Promise<Delivery> {
  const items = (await h.t.call('deliveries.list', { endpointId })).items.filter((d) => d.kind === 'security');
  expect(items).toHaveLength(1);
  return items[0]!;
}
const at = (ms: number): string => new Date(ms).toISOString();

describe('retry schedule', () => {
  it('500 then 200: retried after 30 s with the same webhook-id', async () => {
    const id = await target();
    rx.queue.push({ status: 500, body: 'boom' });
    emitEvent();
    const t0 = h.clock.now();
    await h.fwd.runDue();
    let d = await only(id);
    expect(d).toMatchObject({ status: 'retrying', attempts: 1, nextAttemptAt: at(t0 + 30 * SEC) });
    expect(d.lastError).toMatch(/^HTTP 500.*boom/);
    h.clock.advance(29 * SEC);
    await h.fwd.runDue();
    expect(rx.requests).toHaveLength(1);
    h.clock.advance(1 * SEC);
    await h.fwd.runDue();
    d = await only(id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastError: null, nextAttemptAt: null, deliveredAt: at(t0 + 30 * SEC) });
    expect(rx.requests.map((r) => r.headers['webhook-id'])).toEqual([d.webhookId, d.webhookId]);
    expect(rx.requests.map((r) => Number(r.headers['webhook-timestamp']))).toEqual([t0 / 1000, (t0 + 30 * SEC) / 1000]);
    const ep = await h.t.call('endpoints.get', { id });
    expect(ep).toMatchObject({ failingSince: null, lastDeliveryAt: at(t0 + 30 * SEC) });
  });

  it('attempts immediately, +30 s, +2 min, +10 min, +1 h; the 5th failure ends failed and is recorded', async () => {
    const id = await target();
    rx.fallback = { status: 503 };
    emitEvent();
    const t0 = h.clock.now();
    const delays = [30 * SEC, 2 * MIN, 10 * MIN, 60 * MIN];
    let due = t0;
    for (let i = 0; i < delays.length; i++) {
      await h.fwd.runDue();
      due += delays[i]!;
      expect(await only(id)).toMatchObject({ status: 'retrying', attempts: i + 1, nextAttemptAt: at(due) });
      h.clock.set(due - 1);
      await h.fwd.runDue();
      expect(rx.requests).toHaveLength(i + 1);
      h.clock.set(due);
    }
    await h.fwd.runDue();
    const d = await only(id);
    expect(d).toMatchObject({ status: 'failed', attempts: 5, nextAttemptAt: null });
    expect(d.lastError).toMatch(/HTTP 503.*gave up after 5 attempts/);
    h.clock.advance(24 * 60 * MIN);
    await h.fwd.runDue();
    expect(rx.requests).toHaveLength(5);
    const [failed] = h.securityEvents('siem.delivery_failed');
    expect(failed).toMatchObject({
      category: 'infrastructure',
      severity: 'high',
      type: 'siem.delivery_failed',
      details: { endpointId: id, deliveryId: d.id, attempts: 5 },
    });
    expect((await h.t.call('deliveries.list', { endpointId: id, status: 'failed' })).items.map((x) => x.id)).toContain(d.id);
    expect(h.deliveryEvents.filter((x) => x.id === d.id).map((x) => x.status)).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'failed']);
  });

  it('429 honours Retry-After in seconds and as an HTTP date', async () => {
    const id = await target();
    const t0 = h.clock.now();
    rx.queue.push({ status: 429, headers: { 'retry-after': '7' } });
    rx.queue.push({ status: 503, headers: { 'retry-after': new Date(t0 + 7 * SEC + 5 * MIN).toUTCString() } });
    emitEvent();
    await h.fwd.runDue();
    expect(await only(id)).toMatchObject({ status: 'retrying', attempts: 1, nextAttemptAt: at(t0 + 7 * SEC) });
    h.clock.advance(7 * SEC);
    await h.fwd.runDue();
    expect(await only(id)).toMatchObject({ status: 'retrying', attempts: 2, nextAttemptAt: at(t0 + 7 * SEC + 5 * MIN) });
    h.clock.advance(5 * MIN);
    await h.fwd.runDue();
    expect(await only(id)).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it('a timeout and a connection reset are retried', async () => {
    const id = await target();
    rx.queue.push('hang', 'reset');
    emitEvent();
    await h.fwd.runDue();
    let d = await only(id);
    expect(d).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(d.lastError).toMatch(/timeout: no response within 2500 ms/);
    h.clock.advance(30 * SEC);
    await h.fwd.runDue();
    d = await only(id);
    expect(d).toMatchObject({ status: 'retrying', attempts: 2 });
    expect(d.lastError).toMatch(/socket hang up|ECONNRESET/);
    h.clock.advance(2 * MIN);
    await h.fwd.runDue();
    expect(await only(id)).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it('410 and 401 fail at once, without retries', async () => {
    for (const status of [410, 401]) {
      const id = await target({ name: `ep-${status}` });
      rx.queue.push({ status, body: `{"error":"status ${status}"}` });
      emitSecurityEvent(h.t.engine, { category: 'data_access', type: `probe.${status}`, severity: 'high', resource: { type: 'x', id: 'y' } });
      await h.fwd.runDue();
      const d = (await h.t.call('deliveries.list', { endpointId: id })).items.find((x) => x.kind === 'security' && x.status !== 'delivered')!;
      expect(d).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
      expect(d.lastError).toContain(`HTTP ${status}`);
      await h.t.call('endpoints.update', { id, enabled: false });
    }
    expect(h.securityEvents('siem.delivery_failed')).toHaveLength(2);
  });
});

describe('redelivery', () => {
  it('re-queues a failed delivery with the same webhook-id and a fresh schedule', async () => {
    const id = await target();
    rx.queue.push({ status: 400, body: 'bad' });
    emitEvent();
    await h.fwd.runDue();
    const failed = await only(id);
    expect(failed.status).toBe('failed');
    h.clock.advance(3 * 60 * MIN);
    const again = await h.t.call('deliveries.redeliver', { id: failed.id });
    expect(again).toMatchObject({ status: 'pending', attempts: 0, lastError: null, nextAttemptAt: at(h.clock.now()), webhookId: failed.webhookId });
    const conflict = await h.t.engine.api.call('deliveries.redeliver', { id: failed.id });
    expect(conflict).toMatchObject({ success: false, error: { code: 'CONFLICT' } });
    await h.fwd.runDue();
    expect(await only(id)).toMatchObject({ status: 'delivered', attempts: 1, webhookId: failed.webhookId });
    expect(rx.requests.map((r) => r.headers['webhook-id'])).toEqual([failed.webhookId, failed.webhookId]);
    expect(await h.t.engine.api.call('deliveries.redeliver', { id: 'dlv_nope' })).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('delivery log housekeeping', () => {
  it('keeps delivered deliveries 7 days and failed ones 30 days, and deletes an endpoint with its history', async () => {
    const id = await target();
    rx.queue.push({ status: 400 });
    emitEvent(2);
    await h.fwd.runDue();
    const statuses = (await h.t.call('deliveries.list', { endpointId: id })).items
      .filter((d) => d.kind === 'security')
      .map((d) => d.status)
      .sort();
    expect(statuses).toEqual(['delivered', 'failed']);
    h.clock.advance(7 * 24 * 60 * MIN + MIN);
    await h.fwd.prune();
    expect((await h.t.call('deliveries.list', { endpointId: id })).items.map((d) => d.status)).toEqual(['failed']);
    h.clock.advance(23 * 24 * 60 * MIN);
    await h.fwd.prune();
    expect((await h.t.call('deliveries.list', { endpointId: id })).items).toHaveLength(0);

    emitEvent(3);
    expect((await h.t.call('deliveries.list', { endpointId: id })).items).toHaveLength(3);
    await h.t.call('endpoints.delete', { id });
    expect(h.t.engine.db.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 0 });
    expect(h.t.engine.db.prepare('SELECT COUNT(*) AS n FROM delivery_payloads').get()).toEqual({ n: 0 });
  });
});
