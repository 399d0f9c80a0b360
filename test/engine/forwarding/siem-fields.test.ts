import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { formatBody } from '../../../main/engine/forwarding/payload.ts';
import { createHecEndpoint, useForwardingSuite } from './helpers/setup.ts';
import type { ForwardingHarness } from './helpers/setup.ts';
import { startReceiver } from './helpers/receiver.ts';
import type { Receiver } from './helpers/receiver.ts';
import type { TestPki } from './helpers/tls.ts';

let pki: TestPki;
let h: ForwardingHarness;
let rx: Receiver;
useForwardingSuite({}, (s) => ({ pki, h, rx } = s));

/** HEC's batch format: JSON objects one per line. */
function hecObjects(body: string): Record<string, unknown>[] {
  return body
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('Datadog ddtags are sanitised (a comma inside a tag never splits it)', () => {
  it('logs deliveries: user tags with commas and spaces stay one tag each, lower-cased like Datadog does', async () => {
    await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, format: 'datadog', authType: 'header', authValue: 'dd-key', logs: true });
    const src = await h.t.call('sources.create', { name: 'web' });
    await h.t.engine.ingest.submit(src.id, [{ message: 'tagged', tags: ['pci, dss', 'env:prod', 'Team A', ',,,'] }]);
    h.fwd.flushLogs();
    await h.fwd.runDue();
    const [log] = JSON.parse(rx.requests[0]!.body) as Record<string, unknown>[];
    expect(log!['ddtags']).toBe('category:other,pci__dss,env:prod,team_a,___');
    expect(String(log!['ddtags']).split(',')).toHaveLength(5);
    expect((log!['watchpost'] as { tags: string[] }).tags).toEqual(['pci, dss', 'env:prod', 'Team A', ',,,']); // the event keeps what was sent
  });

  it('alert deliveries: a rule name with a comma is one rule: tag', () => {
    const alert = { type: 'alert.raised', timestamp: '2026-11-29T10:00:00.000Z', id: 'al_1', ruleName: 'SSH brute force, EU', severity: 'error', title: 't' };
    const { body } = formatBody('datadog', 'alert', Buffer.from(JSON.stringify([alert])));
    const [log] = JSON.parse(String(body)) as Record<string, unknown>[];
    expect(log!['ddtags']).toBe('type:alert.raised,rule:ssh_brute_force__eu');
  });
});

describe('Splunk HEC events carry top-level host, source and sourcetype', () => {
  it('logs: host is the event host (else this machine), source names the Watchpost source', async () => {
    await rx.close();
    rx = await startReceiver(pki, '/services/collector/event');
    await createHecEndpoint(h, { url: rx.url, caCertPem: pki.caCertPem, authValue: 'hec', logs: true });
    const src = await h.t.call('sources.create', { name: 'firewalls' });
    await h.t.engine.ingest.submit(src.id, [{ message: 'with host', host: 'fw-1' }, { message: 'no host' }]);
    h.fwd.flushLogs();
    await h.fwd.runDue();
    const [a, b] = hecObjects(rx.requests[0]!.body);
    expect(a).toMatchObject({ host: 'fw-1', source: 'watchpost:firewalls', sourcetype: '_json', event: { message: 'with host' } });
    expect(b).toMatchObject({ host: hostname(), source: 'watchpost:firewalls', sourcetype: '_json', event: { message: 'no host' } });
  });

  it('security and test deliveries: host is this machine, source says what kind of delivery it is', async () => {
    await rx.close();
    rx = await startReceiver(pki, '/services/collector/event');
    const ep = await createHecEndpoint(h, { url: rx.url, caCertPem: pki.caCertPem, authValue: 'hec', logs: false });
    expect((await h.t.call('endpoints.test', { id: ep.id })).ok).toBe(true);
    const [obj] = hecObjects(rx.requests[0]!.body);
    expect(obj).toMatchObject({ host: hostname(), source: 'watchpost:test', sourcetype: '_json', event: { type: 'siem.test' } });
  });
});
