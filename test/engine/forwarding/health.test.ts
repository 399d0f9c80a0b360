import { describe, expect, it } from 'vitest';
import { useForwardingSuite } from './helpers/setup.ts';
import type { ForwardingHarness } from './helpers/setup.ts';
import { startReceiver } from './helpers/receiver.ts';
import type { Receiver } from './helpers/receiver.ts';
import type { TestPki } from './helpers/tls.ts';
import { emitSecurityEvent } from '../../helpers/security-event.ts';

let pki: TestPki;
let h: ForwardingHarness;
let rx: Receiver;
useForwardingSuite({ requestTimeoutMs: 1_500 }, (s) => ({ pki, h, rx } = s));

const HOUR = 3_600_000;
async function until(fn: () => Promise<boolean>, timeoutMs = 3_500): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
function dataAccessEvent(): void {
  emitSecurityEvent(h.t.engine, { category: 'data_access', type: 'report.exported', severity: 'low', resource: { type: 'report', id: 'r' } });
}

describe('endpoint health', () => {
  it('an endpoint failing continuously for 24 h is disabled, and the analyst is told three ways', async () => {
    const { id } = await h.endpoint({ name: 'Broken SIEM', url: rx.url, caCertPem: pki.caCertPem, categories: ['data_access'] });
    const watcher = await h.endpoint({ name: 'Watcher', url: `${rx.url}?watcher`, caCertPem: pki.caCertPem, categories: ['infrastructure'] });
    rx.fallback = { status: 503 };
    rx.route = (req) => (req.path.includes('watcher') ? { status: 200 } : undefined);
    const t0 = h.clock.now();
    for (let hour = 0; hour < 24; hour++) {
      dataAccessEvent();
      await h.fwd.runDue();
      expect((await h.t.call('endpoints.get', { id })).enabled, `hour ${hour}`).toBe(true);
      h.clock.advance(HOUR);
    }
    expect((await h.t.call('endpoints.get', { id })).failingSince).toBe(new Date(t0).toISOString());
    dataAccessEvent();
    await h.fwd.runDue();
    const ep = await h.t.call('endpoints.get', { id });
    expect(ep.enabled).toBe(false);
    expect(ep.disabledReason).toMatch(/24 h/);
    expect(h.toasts).toEqual([expect.objectContaining({ kind: 'endpoint', title: 'SIEM endpoint disabled' })]);
    expect(h.toasts[0]!.body).toContain('Broken SIEM');
    expect(h.endpointEvents.at(-1)).toEqual({ id, name: 'Broken SIEM', enabled: false, disabledReason: ep.disabledReason });
    expect(h.securityEvents('endpoint.disabled')).toEqual([
      expect.objectContaining({ category: 'infrastructure', severity: 'high', resource: { type: 'siem_endpoint', id } }),
    ]);
    // Failure events about the broken endpoint reach the watcher, never the broken endpoint itself.
    const watched = (await h.t.call('deliveries.list', { endpointId: watcher.id, limit: 1000 })).items;
    expect(watched.length).toBeGreaterThan(0);
    expect(watched.every((d) => d.status === 'delivered')).toBe(true);
    const brokenBodies = rx.requests.filter((r) => !r.path.includes('watcher')).map((r) => JSON.parse(r.body) as { type: string });
    expect(brokenBodies.every((b) => b.type === 'report.exported')).toBe(true);

    // Disabled: nothing new is queued, queued rows wait.
    const toBroken = (): number => rx.requests.filter((r) => !r.path.includes('watcher')).length;
    const before = toBroken();
    const queuedBefore = (await h.t.call('deliveries.list', { endpointId: id, limit: 1000 })).items.length;
    dataAccessEvent();
    h.clock.advance(2 * HOUR);
    await h.fwd.runDue();
    expect(toBroken()).toBe(before);
    expect((await h.t.call('deliveries.list', { endpointId: id, limit: 1000 })).items.length).toBe(queuedBefore);
    const waiting = h.fwd.queued();
    expect(waiting).toBeGreaterThan(0);

    // Re-enabling clears the reason and the streak; waiting deliveries go out.
    rx.fallback = { status: 200 };
    const re = await h.t.call('endpoints.update', { id, enabled: true });
    expect(re).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await h.fwd.runDue();
    expect(toBroken()).toBe(before + waiting);
    expect(h.fwd.queued()).toBe(0);
    expect(h.endpointEvents.at(-1)).toMatchObject({ id, enabled: true, disabledReason: null });
  });

  it('a success inside the 24 h resets the streak', async () => {
    const { id } = await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, categories: ['data_access'] });
    rx.fallback = { status: 503 };
    dataAccessEvent();
    await h.fwd.runDue();
    for (const step of [30_000, 120_000, 600_000, HOUR]) {
      h.clock.advance(step);
      await h.fwd.runDue();
    }
    expect(h.fwd.queued()).toBe(0);
    h.clock.advance(22 * HOUR);
    rx.queue.push({ status: 200 });
    dataAccessEvent();
    await h.fwd.runDue();
    expect((await h.t.call('endpoints.get', { id })).failingSince).toBeNull();
    h.clock.advance(2 * HOUR);
    dataAccessEvent();
    await h.fwd.runDue();
    expect((await h.t.call('endpoints.get', { id })).enabled).toBe(true);
  });

  it('one slow endpoint never delays another', async () => {
    const slowRx = await startReceiver(pki);
    try {
      slowRx.fallback = 'hang';
      await h.endpoint({ name: 'slow', url: slowRx.url, caCertPem: pki.caCertPem, categories: ['data_access'] });
      const fast = await h.endpoint({ name: 'fast', url: rx.url, caCertPem: pki.caCertPem, categories: ['data_access'] });
      for (let i = 0; i < 6; i++) dataAccessEvent();
      // The product's own loop (as engine.start runs it): new deliveries go at once, freed slots refill.
      h.fwd.configure({ requestTimeoutMs: 4_000 });
      const started = Date.now();
      h.fwd.start!();
      await rx.waitFor(6, 3_500);
      await slowRx.waitFor(4, 3_500);
      await until(async () => (await h.t.call('deliveries.list', { endpointId: fast.id, status: 'delivered' })).items.length === 6);
      // All of the fast endpoint's deliveries are done while the slow one's are still waiting for answers.
      expect(Date.now() - started).toBeLessThan(4_000);
      expect((await h.t.call('deliveries.list', { status: 'pending' })).items.filter((d) => d.endpointId !== fast.id)).toHaveLength(6);
      await h.fwd.idle();
      // The slow endpoint held 4 requests (its concurrency) until they timed out, then sent its other 2.
      expect(slowRx.requests.length).toBe(6);
      expect((await h.t.call('deliveries.list', { status: 'retrying' })).items).toHaveLength(6);
    } finally {
      await slowRx.close();
    }
  });

  it('failure events from two broken endpoints do not feed each other forever', async () => {
    const a = await h.endpoint({ name: 'A', url: `${rx.url}?a`, caCertPem: pki.caCertPem, categories: ['data_access', 'infrastructure'] });
    const b = await h.endpoint({ name: 'B', url: `${rx.url}?b`, caCertPem: pki.caCertPem, categories: ['infrastructure'] });
    rx.fallback = { status: 410 };
    dataAccessEvent();
    for (let i = 0; i < 5; i++) await h.fwd.runDue();
    // A fails → "A failed" goes to B only → B fails → "B failed" (cascade) is recorded but not forwarded.
    expect(h.securityEvents('siem.delivery_failed').map((e) => (e['details'] as { endpointName: string }).endpointName)).toEqual(['A', 'B']);
    expect(h.fwd.queued()).toBe(0);
    expect((await h.t.call('deliveries.list', { endpointId: a.id })).items).toHaveLength(1);
    expect((await h.t.call('deliveries.list', { endpointId: b.id })).items).toHaveLength(1);
  });
});
