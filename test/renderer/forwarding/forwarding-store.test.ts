import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/engine/clock.ts';
import { appStore } from '../../../renderer/src/stores/app-store.ts';
import { createForwardingStore } from '../../../renderer/src/stores/forwarding-store.ts';
import { createClient } from '../../../renderer/src/client.ts';
import { STREAM_NAMES } from '../../../shared/api.ts';
import type { StreamName } from '../../../shared/api.ts';
import type { ApiResponse } from '../../../shared/errors.ts';
import { engineClient } from '../engine-client.ts';
import type { EngineClient } from '../engine-client.ts';
import { startReceiver } from '../../engine/forwarding/helpers/receiver.ts';
import type { Receiver } from '../../engine/forwarding/helpers/receiver.ts';
import { makeTestPki } from '../../engine/forwarding/helpers/tls.ts';
import type { TestPki } from '../../engine/forwarding/helpers/tls.ts';
import { emitSecurityEvent } from '../../helpers/security-event.ts';

let pki: TestPki;
let ec: EngineClient;
let rx: Receiver;
let clock: ManualClock;
beforeAll(() => {
  pki = makeTestPki();
});
beforeEach(async () => {
  clock = new ManualClock();
  ec = engineClient({ clock });
  rx = await startReceiver(pki);
  for (const b of appStore.getState().banners) appStore.getState().clearBanner(b.id);
});
afterEach(async () => {
  await ec.close();
  await rx.close();
});

/**
 * A store over the test engine whose answers to `method` wait while held (`hold`, `release`), with
 * one delivery listed that failed (the receiver answered 400); the receiver answers 200 from then on.
 */
async function withFailedDelivery(method: string) {
  let open: () => void = () => undefined;
  let latch: Promise<void> | null = null;
  const client = createClient({
    call: async (m, input) => {
      const res = await ec.t.engine.api.call(m, input as never, { actor: 'console' });
      if (m === method && latch !== null) await latch;
      return res as ApiResponse<unknown>;
    },
    subscribe: (stream, listener) =>
      (STREAM_NAMES as readonly string[]).includes(stream) ? ec.t.engine.api.subscribe(stream as StreamName, listener as never) : () => undefined,
  });
  const store = createForwardingStore(() => client);
  const disconnect = store.getState().connect();
  await store.getState().create({ name: 'A', url: rx.url, caCertPem: pki.caCertPem, categories: ['data_access'] });
  rx.fallback = { status: 400 };
  emitSecurityEvent(ec.t.engine, { category: 'data_access', type: 'report.exported', severity: 'low', resource: { type: 'r', id: '1' } });
  await ec.t.engine.domains.forwarding.runDue();
  await store.getState().loadDeliveries();
  const [row] = store.getState().deliveries;
  expect(row).toMatchObject({ status: 'failed' });
  rx.fallback = { status: 200 };
  const hold = () => {
    latch = new Promise<void>((r) => (open = r));
  };
  const release = () => {
    latch = null;
    open();
  };
  return { store, disconnect, row: row!, hold, release };
}

function setup() {
  const store = createForwardingStore(() => ec.client);
  const disconnect = store.getState().connect();
  return { store, disconnect };
}

describe('forwarding store', () => {
  it('creates an endpoint, holds the signing secret only until dismissed, and lists without it', async () => {
    const { store, disconnect } = setup();
    await store.getState().load();
    const ep = await store.getState().create({ name: 'SIEM', url: rx.url, caCertPem: pki.caCertPem, categories: [] });
    expect(store.getState().revealedSecret).toMatchObject({ endpointId: ep.id, name: 'SIEM' });
    expect(store.getState().revealedSecret!.signingSecret).toMatch(/^whsec_/);
    expect(store.getState().endpoints[0]).not.toHaveProperty('signingSecret');
    store.getState().dismissSecret();
    expect(store.getState().revealedSecret).toBeNull();
    disconnect();
  });

  it('sends a test event and shows the result and the delivery', async () => {
    const { store, disconnect } = setup();
    const ep = await store.getState().create({ name: 'SIEM', url: rx.url, caCertPem: pki.caCertPem, categories: [] });
    await store.getState().loadDeliveries();
    await store.getState().sendTest(ep.id);
    expect(store.getState().tests[ep.id]).toMatchObject({ state: 'done', ok: true, status: 200 });
    await store.getState().loadDeliveries();
    expect(store.getState().deliveries[0]).toMatchObject({ kind: 'test', status: 'delivered' });
    rx.queue.push({ status: 500 });
    await store.getState().sendTest(ep.id);
    expect(store.getState().tests[ep.id]).toMatchObject({ state: 'done', ok: false, status: 500 });
    disconnect();
  });

  it('filters the delivery log, follows the delivery stream, and redelivers', async () => {
    const { store, disconnect } = setup();
    const a = await store.getState().create({ name: 'A', url: rx.url, caCertPem: pki.caCertPem, categories: ['data_access'] });
    await store.getState().create({ name: 'B', url: `${rx.url}?b`, caCertPem: pki.caCertPem, categories: ['data_access'] });
    await store.getState().setFilter({ endpointId: a.id, status: 'failed' });
    rx.fallback = { status: 400 };
    emitSecurityEvent(ec.t.engine, { category: 'data_access', type: 'report.exported', severity: 'low', resource: { type: 'r', id: '1' } });
    await ec.t.engine.domains.forwarding.runDue();
    const rows = store.getState().deliveries;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ endpointId: a.id, status: 'failed' });
    rx.fallback = { status: 200 };
    await store.getState().redeliver(rows[0]!.id);
    // Now pending: no longer matches status=failed, so it leaves the filtered view.
    expect(store.getState().deliveries).toHaveLength(0);
    await store.getState().setFilter({ status: '' });
    await ec.t.engine.domains.forwarding.runDue();
    expect(store.getState().deliveries.find((d) => d.id === rows[0]!.id)).toMatchObject({ status: 'delivered', attempts: 1 });
    disconnect();
  });

  it('a redelivered row shows "delivered" even when the stream overtakes the redeliver answer', async () => {
    // Hold the redeliver answer back until the dispatcher has delivered and streamed the result.
    const { store, disconnect, row, hold, release } = await withFailedDelivery('deliveries.redeliver');
    hold();
    const redelivering = store.getState().redeliver(row.id);
    await ec.t.engine.domains.forwarding.runDue();
    expect(store.getState().deliveries[0]).toMatchObject({ id: row.id, status: 'delivered' });
    release();
    await redelivering;
    // The late "pending 0/5" answer does not overwrite the delivered row.
    expect(store.getState().deliveries[0]).toMatchObject({ id: row.id, status: 'delivered', attempts: 1 });
    disconnect();
  });

  it('a list answer that arrives after the stream turned a row "delivered" does not turn it back', async () => {
    // Hold a list answer (read while the row was still pending) until the stream has delivered the row.
    const { store, disconnect, row, hold, release } = await withFailedDelivery('deliveries.list');
    await store.getState().redeliver(row.id);
    hold();
    const listing = store.getState().loadDeliveries();
    await ec.t.engine.domains.forwarding.runDue();
    expect(store.getState().deliveries[0]).toMatchObject({ id: row.id, status: 'delivered' });
    release();
    await listing;
    expect(store.getState().deliveries.find((d) => d.id === row.id)).toMatchObject({ status: 'delivered', attempts: 1 });
    disconnect();
  });

  it('raises and clears the disabled-endpoint banner from the list and from the endpoint stream', async () => {
    const { store, disconnect } = setup();
    const ep = await store.getState().create({ name: 'Broken', url: rx.url, caCertPem: pki.caCertPem, categories: [] });
    ec.t.engine.db.prepare(`UPDATE endpoints SET enabled = 0, disabled_reason = 'Failing continuously since …' WHERE id = ?`).run(ep.id);
    await store.getState().load();
    const banner = appStore.getState().banners.find((b) => b.id === `endpoint:${ep.id}`);
    expect(banner).toMatchObject({ kind: 'error', href: '#/settings/forwarding' });
    expect(banner!.message).toContain('"Broken" was disabled: Failing continuously');
    await store.getState().update(ep.id, { enabled: true });
    expect(appStore.getState().banners.find((b) => b.id === `endpoint:${ep.id}`)).toBeUndefined();
    store.getState().applyEndpoint({ id: ep.id, name: 'Broken', enabled: false, disabledReason: 'again' });
    expect(appStore.getState().banners.find((b) => b.id === `endpoint:${ep.id}`)?.message).toContain('again');
    disconnect();
  });
});
