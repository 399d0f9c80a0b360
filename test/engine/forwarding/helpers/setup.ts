import { afterEach, beforeAll, beforeEach } from 'vitest';
import { ManualClock } from '../../../../main/engine/clock.ts';
import { startReceiver } from './receiver.ts';
import type { Receiver } from './receiver.ts';
import { makeTestPki } from './tls.ts';
import type { TestPki } from './tls.ts';
import type { ForwardingDomain } from '../../../../main/engine/forwarding/index.ts';
import type { ApiOutput, StreamEvents } from '../../../../shared/api.ts';
import type { EndpointInput } from '../../../../shared/types.ts';
import { createTestEngine } from '../../../helpers/test-engine.ts';
import type { TestEngine } from '../../../helpers/test-engine.ts';

/** A real engine (temp SQLite) under a ManualClock, with its forwarding feature and captured side effects. */
export interface ForwardingHarness {
  t: TestEngine;
  clock: ManualClock;
  fwd: ForwardingDomain;
  toasts: { title: string; body: string; kind: string }[];
  endpointEvents: StreamEvents['endpoint'][];
  deliveryEvents: StreamEvents['delivery'][];
  /** Create an endpoint (defaults: no categories, no alerts) and return it with its signing secret. */
  endpoint(input: Partial<EndpointInput> & { url: string }): Promise<{ id: string; signingSecret: string }>;
  /** Stored security events of a given type (searchable events of the built-in source). */
  securityEvents(type: string): Record<string, unknown>[];
  close(): Promise<void>;
}

export function forwardingHarness(opts: { requestTimeoutMs?: number } = {}): ForwardingHarness {
  const clock = new ManualClock();
  const toasts: ForwardingHarness['toasts'] = [];
  const t = createTestEngine({ clock, notifier: { notify: (n) => toasts.push(n) } });
  const fwd = t.engine.domains.forwarding;
  fwd.configure({ requestTimeoutMs: opts.requestTimeoutMs ?? 2_000 });
  const endpointEvents: StreamEvents['endpoint'][] = [];
  const deliveryEvents: StreamEvents['delivery'][] = [];
  t.engine.bus.on('endpoint', (e) => endpointEvents.push(e));
  t.engine.bus.on('delivery', (d) => deliveryEvents.push(d));
  return {
    t,
    clock,
    fwd,
    toasts,
    endpointEvents,
    deliveryEvents,
    async endpoint(input) {
      const ep = await t.call('endpoints.create', { name: 'SIEM', categories: [], alerts: false, ...input });
      return { id: ep.id, signingSecret: ep.signingSecret };
    },
    securityEvents(type) {
      const rows = t.engine.db
        .prepare(`SELECT e.raw FROM events e JOIN sources s ON s.seq = e.source_seq WHERE s.built_in = 1 AND e.action = ? ORDER BY e.id`)
        .all(type) as { raw: string }[];
      return rows.map((r) => JSON.parse(r.raw) as Record<string, unknown>);
    },
    close: () => t.close(),
  };
}

export interface ForwardingSuite {
  pki: TestPki;
  h: ForwardingHarness;
  rx: Receiver;
}

/**
 * The hooks most forwarding suites share: one test PKI per file, and per test a fresh harness and an
 * HTTPS receiver trusting it, both closed afterwards. `bind` receives the live objects before each
 * test (e.g. `(s) => ({ pki, h, rx } = s)`), so test bodies keep using plain variables.
 */
export function useForwardingSuite(opts: { requestTimeoutMs?: number }, bind: (s: ForwardingSuite) => void): void {
  let pki: TestPki;
  let suite: ForwardingSuite | null = null;
  beforeAll(() => {
    pki = makeTestPki();
  });
  beforeEach(async () => {
    suite = { pki, h: forwardingHarness(opts), rx: await startReceiver(pki) };
    bind(suite);
  });
  afterEach(async () => {
    await suite?.h.close();
    await suite?.rx.close();
    suite = null;
  });
}

/**
 * A Splunk HEC endpoint as a user adds one: bearer token, format picked from the receiver's
 * `/services/collector/event` URL, no security categories or alerts, logs on or off.
 */
export function createHecEndpoint(
  h: ForwardingHarness,
  opts: { url: string; caCertPem: string; authValue: string; logs: boolean },
): Promise<ApiOutput<'endpoints.create'>> {
  return h.t.call('endpoints.create', { name: 'Splunk', authType: 'bearer', categories: [], alerts: false, ...opts });
}
