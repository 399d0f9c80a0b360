import { describe, expect, it } from 'vitest';
import type { Alert, WatchpostEvent } from '../../../shared/types.ts';
import { useForwardingSuite } from './helpers/setup.ts';
import type { ForwardingHarness } from './helpers/setup.ts';
import type { Receiver } from './helpers/receiver.ts';
import type { TestPki } from './helpers/tls.ts';
import { emitSecurityEvent } from '../../helpers/security-event.ts';

let pki: TestPki;
let h: ForwardingHarness;
let rx: Receiver;
useForwardingSuite({}, (s) => ({ pki, h, rx } = s));

function alert(severity: Alert['severity'], id = 'al_1'): Alert {
  const now = new Date(h.clock.now()).toISOString();
  return {
    id,
    ruleId: 'ru_1',
    ruleName: 'Brute force',
    severity,
    status: 'open',
    groupKey: 'host=web-1',
    title: 'Brute force on web-1',
    firstSeenAt: now,
    lastSeenAt: now,
    eventCount: 12,
    sampleEventIds: ['1'],
    sourceIds: ['ls_x'],
    acknowledgedAt: null,
    resolvedAt: null,
    resolvedBy: null,
    query: 'host:web-1',
    queryFrom: now,
    queryTo: now,
    late: false,
    assignee: null,
    resolutionReason: null,
    notes: [],
  };
}
const bodies = (): unknown[] => rx.requests.map((r) => JSON.parse(r.body) as unknown);

describe('security events', () => {
  it('go to endpoints whose categories include theirs and whose minSeverity they meet (mapped scale)', async () => {
    await h.endpoint({ name: 'auth-only', url: `${rx.url}?ep=auth`, caCertPem: pki.caCertPem, categories: ['authentication'] });
    await h.endpoint({ name: 'infra-error', url: `${rx.url}?ep=infra`, caCertPem: pki.caCertPem, categories: ['infrastructure'], minSeverity: 'error' });
    emitSecurityEvent(h.t.engine, { category: 'authentication', type: 'login.failure', severity: 'medium', resource: { type: 'session', id: 's' } });
    emitSecurityEvent(h.t.engine, { category: 'infrastructure', type: 'source.silent', severity: 'medium', resource: { type: 'log_source', id: 'l' } }); // notice < error
    emitSecurityEvent(h.t.engine, { category: 'infrastructure', type: 'siem.boom', severity: 'high', resource: { type: 'x', id: 'y' } }); // error ≥ error
    emitSecurityEvent(h.t.engine, { category: 'data_access', type: 'report.exported', severity: 'critical', resource: { type: 'x', id: 'y' } });
    await h.fwd.runDue();
    const got = rx.requests.map((r) => `${r.path} ${(JSON.parse(r.body) as { type: string }).type}`).sort();
    expect(got).toEqual(['/hook?ep=auth login.failure', '/hook?ep=infra siem.boom']);
  });

  it('a disabled endpoint gets nothing queued', async () => {
    const { id } = await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, categories: ['authentication'], enabled: false });
    emitSecurityEvent(h.t.engine, { category: 'authentication', type: 'login.failure', severity: 'medium', resource: { type: 'session', id: 's' } });
    expect((await h.t.call('deliveries.list', { endpointId: id })).items).toHaveLength(0);
  });
});

describe('alerts', () => {
  it('go to endpoints with alerts on (minSeverity met) and to every endpoint the rule names', async () => {
    const all = await h.endpoint({ name: 'all', url: `${rx.url}?ep=all`, caCertPem: pki.caCertPem, alerts: true });
    const high = await h.endpoint({ name: 'high', url: `${rx.url}?ep=high`, caCertPem: pki.caCertPem, alerts: true, minSeverity: 'error' });
    const named = await h.endpoint({ name: 'named', url: `${rx.url}?ep=named`, caCertPem: pki.caCertPem, alerts: false });
    await h.endpoint({ name: 'none', url: `${rx.url}?ep=none`, caCertPem: pki.caCertPem, alerts: false });
    h.t.engine.bus.emit('alertRaised', { alert: alert('warn', 'al_warn'), notifyDesktop: false, endpointIds: [named.id, 'ep_deleted'] });
    h.t.engine.bus.emit('alertRaised', { alert: alert('critical', 'al_crit'), notifyDesktop: false, endpointIds: [] });
    await h.fwd.runDue();
    const got = rx.requests.map((r) => `${r.path.split('=')[1]} ${(JSON.parse(r.body) as Alert).id}`).sort();
    expect(got).toEqual(['all al_crit', 'all al_warn', 'high al_crit', 'named al_warn']);
    expect(bodies()[0]).toMatchObject({ type: 'alert.raised', ruleName: 'Brute force', title: 'Brute force on web-1' });
    for (const ep of [all, high, named]) {
      for (const d of (await h.t.call('deliveries.list', { endpointId: ep.id })).items) expect(d).toMatchObject({ kind: 'alert', status: 'delivered' });
    }
  });
});

describe('logs stream', () => {
  it('batches committed events per endpoint: 500 per delivery, severity and source filters, built-in source excluded', async () => {
    const web = await h.t.call('sources.create', { name: 'web' });
    const db = await h.t.call('sources.create', { name: 'db' });
    const everything = await h.endpoint({ name: 'everything', url: `${rx.url}?ep=all`, caCertPem: pki.caCertPem, logs: true });
    const dbErrors = await h.endpoint({
      name: 'db-errors',
      url: `${rx.url}?ep=db`,
      caCertPem: pki.caCertPem,
      logs: true,
      logSourceIds: [db.id],
      minSeverity: 'error',
    });
    await h.t.engine.ingest.submit(
      web.id,
      Array.from({ length: 1100 }, (_, i) => ({ message: `w${i}`, severity: 'info' })),
    );
    await h.t.engine.ingest.submit(db.id, [
      { message: 'd-info', severity: 'info' },
      { message: 'd-err', severity: 'error' },
    ]);
    h.t.engine.context.security.record({ type: 'rule.deleted', resource: { type: 'x', id: 'y' } }); // stored under the built-in source
    // Two full batches were queued by the listener itself; the rest waits for the flush.
    await h.fwd.idle();
    expect((await h.t.call('deliveries.list', { endpointId: everything.id })).items.map((d) => d.eventCount)).toEqual([500, 500]);
    h.fwd.flushLogs();
    await h.fwd.runDue();
    const all = (await h.t.call('deliveries.list', { endpointId: everything.id })).items;
    expect(all.map((d) => d.eventCount).sort((a, b) => a - b)).toEqual([102, 500, 500]);
    expect(all.every((d) => d.status === 'delivered' && d.kind === 'logs')).toBe(true);
    const allEvents = rx.requests.filter((r) => r.path.endsWith('=all')).flatMap((r) => JSON.parse(r.body) as { message: string; sourceName: string }[]);
    expect(allEvents).toHaveLength(1102);
    expect(allEvents.filter((e) => e.sourceName === 'Watchpost')).toHaveLength(0);
    expect(new Set(allEvents.map((e) => e.message)).size).toBe(1102);
    expect(allEvents.find((e) => e.message === 'w0')).toMatchObject({
      sourceId: web.id,
      sourceName: 'web',
      message: 'w0',
      severity: 'info',
      category: 'other',
      raw: { message: 'w0' },
    });
    const dbReq = rx.requests.filter((r) => r.path.endsWith('=db'));
    expect(dbReq).toHaveLength(1);
    expect((JSON.parse(dbReq[0]!.body) as { message: string }[]).map((e) => e.message)).toEqual(['d-err']);
    expect((await h.t.call('deliveries.list', { endpointId: dbErrors.id })).items[0]).toMatchObject({ eventCount: 1 });
  });

  it('splits a batch before it passes the byte limit', async () => {
    h.fwd.configure({ maxBatchBytes: 10_000 });
    const src = await h.t.call('sources.create', { name: 'big' });
    const { id } = await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, logs: true });
    await h.t.engine.ingest.submit(
      src.id,
      Array.from({ length: 10 }, (_, i) => ({ message: `m${i}`, pad: 'x'.repeat(3000) })),
    );
    h.fwd.flushLogs();
    await h.fwd.runDue();
    const ds = (await h.t.call('deliveries.list', { endpointId: id })).items;
    expect(ds.reduce((n, d) => n + d.eventCount, 0)).toBe(10);
    expect(ds.length).toBeGreaterThanOrEqual(4);
    for (const r of rx.requests) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(10_000);
  });

  it('sends each log event exactly as the API shows it (GET /v1/events/{id})', async () => {
    const src = await h.t.call('sources.create', { name: 'app "quoted" \\ name' });
    await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, logs: true });
    await h.t.engine.ingest.submit(src.id, [
      {
        message: 'line\nbreak "q" ü',
        severity: 'ERROR',
        host: 'h1',
        user: 'u',
        action: 'a',
        outcome: 'failure',
        tags: ['x', 'y'],
        nested: { deep: [1, { k: null }] },
      },
      { raw: 'just text' },
    ]);
    await h.fwd.flushLogs();
    await h.fwd.runDue();
    const sent = JSON.parse(rx.requests[0]!.body) as WatchpostEvent[];
    expect(sent).toHaveLength(2);
    for (const e of sent) expect(e).toEqual(await h.t.call('events.get', { id: e.id }));
  });

  it('closes a batch at the id span limit so a rare source never makes a delivery scan a flood', async () => {
    h.fwd.configure({ maxBatchSpan: 100 });
    const rare = await h.t.call('sources.create', { name: 'rare' });
    const busy = await h.t.call('sources.create', { name: 'busy' });
    const { id } = await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, logs: true, logSourceIds: [rare.id] });
    await h.t.engine.ingest.submit(rare.id, [{ message: 'r1' }]);
    await h.t.engine.ingest.submit(
      busy.id,
      Array.from({ length: 150 }, () => ({ message: 'noise' })),
    );
    await h.t.engine.ingest.submit(rare.id, [{ message: 'r2' }]);
    await h.fwd.flushLogs();
    await h.fwd.runDue();
    expect((await h.t.call('deliveries.list', { endpointId: id })).items.map((d) => d.eventCount)).toEqual([1, 1]);
    expect(rx.requests.flatMap((r) => (JSON.parse(r.body) as { message: string }[]).map((e) => e.message)).sort()).toEqual(['r1', 'r2']);
  });

  it('only streams events committed after logs were switched on', async () => {
    const src = await h.t.call('sources.create', { name: 'web' });
    await h.t.engine.ingest.submit(src.id, [{ message: 'before' }]);
    const { id } = await h.endpoint({ url: rx.url, caCertPem: pki.caCertPem, logs: false });
    await h.t.engine.ingest.submit(src.id, [{ message: 'while off' }]);
    await h.t.call('endpoints.update', { id, logs: true });
    await h.t.engine.ingest.submit(src.id, [{ message: 'after' }]);
    h.fwd.flushLogs();
    await h.fwd.runDue();
    expect(rx.requests.flatMap((r) => (JSON.parse(r.body) as { message: string }[]).map((e) => e.message))).toEqual(['after']);
  });
});
