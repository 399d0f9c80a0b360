import { describe, expect, it } from 'vitest';
import { createHecEndpoint, useForwardingSuite } from './helpers/setup.ts';
import type { ForwardingHarness } from './helpers/setup.ts';
import { startReceiver } from './helpers/receiver.ts';
import type { Receiver } from './helpers/receiver.ts';
import { makeTestPki } from './helpers/tls.ts';
import type { TestPki } from './helpers/tls.ts';
import { verifyStandardWebhook } from './helpers/verifier.ts';

let pki: TestPki;
let h: ForwardingHarness;
let rx: Receiver;
useForwardingSuite({}, (s) => ({ pki, h, rx } = s));

/** Parse HEC's batch format: JSON objects one after another. */
function concatenatedJson(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>);
  }
  return out;
}

describe('generic format', () => {
  it('sends seed 003 payloads signed per Standard Webhooks, verified independently', async () => {
    expect(h.fwd.sendsFrom()).toBe('worker');
    const { id, signingSecret } = await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, categories: ['audit'] });
    // Each endpoint.created (audit, medium) is forwarded to the first endpoint, its own included.
    await h.endpoint({ name: 'other', url: 'https://other.example/hook' });
    await h.fwd.runDue();
    expect(rx.requests).toHaveLength(2);
    const req = rx.requests.find((r) => r.body.includes('"name":"other"'))!;
    expect(req.headers['content-type']).toBe('application/json');
    const verified = verifyStandardWebhook(signingSecret, req.headers, req.body, h.clock.now());
    expect(verified.id).toMatch(/^msg_/);
    const ev = JSON.parse(req.body) as Record<string, unknown>;
    expect(ev).toMatchObject({ category: 'audit', type: 'endpoint.created', severity: 'medium', resource: { type: 'siem_endpoint' } });
    expect(Object.keys(ev).sort()).toEqual(['actor', 'category', 'details', 'id', 'organization', 'resource', 'severity', 'tenant', 'timestamp', 'type']);
    expect(ev['timestamp']).toBe(new Date(h.clock.now()).toISOString());
    const d = (await h.t.call('deliveries.list', { endpointId: id })).items.find((x) => x.webhookId === verified.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 1, webhookId: verified.id, eventCount: 1, kind: 'security' });
    expect(() => verifyStandardWebhook('whsec_' + Buffer.alloc(32, 1).toString('base64'), req.headers, req.body, h.clock.now())).toThrow(/signature/);
    expect(() => verifyStandardWebhook(signingSecret, req.headers, req.body + ' ', h.clock.now())).toThrow(/signature/);
  });

  it('Send Test Event: siem.test / infrastructure, result returned', async () => {
    const { id, signingSecret } = await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem });
    const r = await h.t.call('endpoints.test', { id });
    expect(r.ok).toBe(true);
    expect(r.status).toBe(200);
    expect(r.message).toMatch(/delivered: HTTP 200/);
    const req = rx.requests[0]!;
    verifyStandardWebhook(signingSecret, req.headers, req.body, h.clock.now());
    expect(JSON.parse(req.body)).toMatchObject({
      type: 'siem.test',
      category: 'infrastructure',
      severity: 'info',
      resource: { type: 'siem_endpoint', id },
      details: { message: 'SIEM integration test event' },
    });
    const d = (await h.t.call('deliveries.list', { endpointId: id })).items.find((x) => x.id === r.deliveryId);
    expect(d).toMatchObject({ status: 'delivered', kind: 'test', attempts: 1 });

    rx.queue.push({ status: 401, body: '{"error":"bad token"}' });
    const bad = await h.t.call('endpoints.test', { id });
    expect(bad).toMatchObject({ ok: false, status: 401 });
    expect(bad.message).toMatch(/HTTP 401.*bad token/);
    expect(h.securityEvents('siem.delivery_failed')).toHaveLength(0);
  });
});

describe('auth and formats', () => {
  it('bearer auth sends Authorization: Bearer', async () => {
    const { id } = await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, authType: 'bearer', authValue: 'tok-123' });
    await h.t.call('endpoints.test', { id });
    expect(rx.requests[0]!.headers['authorization']).toBe('Bearer tok-123');
  });

  it('header auth sends the named header and no Authorization', async () => {
    const { id } = await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, authType: 'header', authHeaderName: 'X-API-Key', authValue: 'k-9' });
    await h.t.call('endpoints.test', { id });
    expect(rx.requests[0]!.headers['x-api-key']).toBe('k-9');
    expect(rx.requests[0]!.headers['authorization']).toBeUndefined();
  });

  it('Splunk HEC: chosen from the URL, events wrapped {event, time, sourcetype:_json}, batches concatenated', async () => {
    await rx.close();
    rx = await startReceiver(pki, '/services/collector/event');
    const ep = await createHecEndpoint(h, { url: rx.url, caCertPem: pki.caCertPem, authValue: 'hec-token', logs: true });
    expect(ep.format).toBe('splunk_hec');
    const src = await h.t.call('sources.create', { name: 'web' });
    await h.t.engine.ingest.submit(src.id, [
      { message: 'one', severity: 'warn', host: 'web-1', timestamp: '2026-11-23T11:00:00.250Z' },
      { message: 'two', severity: 'error' },
    ]);
    h.fwd.flushLogs();
    await h.fwd.runDue();
    expect(rx.requests).toHaveLength(1);
    const req = rx.requests[0]!;
    expect(req.headers['authorization']).toBe('Bearer hec-token');
    const objs = concatenatedJson(req.body);
    expect(objs).toHaveLength(2);
    expect(Object.keys(objs[0]!)).toEqual(['event', 'time', 'host', 'source', 'sourcetype']);
    expect(objs[0]).toMatchObject({
      sourcetype: '_json',
      time: Date.parse('2026-11-23T11:00:00.250Z') / 1000,
      event: { message: 'one', host: 'web-1', sourceName: 'web', severity: 'warn' },
    });
    expect(objs[1]).toMatchObject({ event: { message: 'two', severity: 'error' } });
  });

  it('Datadog: DD-API-KEY header, body a JSON array of logs with ddsource/service/message', async () => {
    const { id } = await h.endpoint({
      url: rx.url,
      caCertPem: pki.caCertPem,
      format: 'datadog',
      authType: 'header',
      authValue: 'dd-key',
      categories: ['infrastructure'],
    });
    await h.t.call('endpoints.test', { id });
    const req = rx.requests[0]!;
    expect(req.headers['dd-api-key']).toBe('dd-key');
    const body = JSON.parse(req.body) as Record<string, unknown>[];
    expect(Array.isArray(body)).toBe(true);
    expect(body[0]).toMatchObject({ ddsource: 'watchpost', service: 'watchpost', status: 'info', message: 'siem.test: SIEM integration test event' });
    expect(body[0]!['watchpost']).toMatchObject({ type: 'siem.test' });
  });
});

describe('trust', () => {
  it('trusts a private CA only when caCertPem is set', async () => {
    const { id } = await h.endpoint({ url: rx.url });
    const untrusted = await h.t.call('endpoints.test', { id });
    expect(untrusted.ok).toBe(false);
    expect(untrusted.status).toBeNull();
    expect(untrusted.message).toMatch(/certificate/i);
    expect(rx.requests).toHaveLength(0);

    const otherCa = makeTestPki('Other');
    await h.t.call('endpoints.update', { id, caCertPem: otherCa.caCertPem });
    expect((await h.t.call('endpoints.test', { id })).ok).toBe(false);

    await h.t.call('endpoints.update', { id, caCertPem: pki.caCertPem });
    expect((await h.t.call('endpoints.test', { id })).ok).toBe(true);
    expect(rx.requests).toHaveLength(1);
  });
});
