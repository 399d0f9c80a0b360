/**
 * Console routes for saved searches and dashboards (issue 14), from the one contract: the SPEC §4
 * envelope, VALIDATION_ERROR/NOT_FOUND/CONFLICT statuses, query-string filters on GET, and
 * Idempotency-Key on creates and imports. Fastify inject(), no socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/errors.ts';
import type { Dashboard, DashboardData, DashboardExport, ListOf, SavedSearch, TopData } from '../../shared/types.ts';
import { injectServer } from '../helpers/inject.ts';
import type { InjectServer } from '../helpers/inject.ts';

let srv: InjectServer;
let sourceId: string;
beforeAll(async () => {
  srv = await injectServer({ searchWorkers: 0 });
  const made = await srv.newSource({ name: 'Edge', rateLimit: 10_000 });
  sourceId = made.id;
  const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ message: `hit ${i}`, host: `web-${i % 3}`, severity: i % 5 ? 'info' : 'error' }));
  expect((await srv.ingest(made.key, lines.join('\n'))).status).toBe(200);
});
afterAll(async () => {
  await srv.close();
});

interface Reply<T> {
  status: number;
  ok: T;
  error: ApiErrorBody | undefined;
}

/** One console request with the token; the envelope split into data and error. */
async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  const res = await srv.console({
    method,
    url,
    headers: { authorization: `Bearer ${srv.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  const json = res.json<{ success: boolean; data: T; error?: ApiErrorBody }>();
  return { status: res.statusCode, ok: json.data, error: json.error };
}

describe('saved search routes', () => {
  it('create, list, get, patch, delete under /v1/config/saved-searches', async () => {
    const made = await call<SavedSearch>('POST', '/v1/config/saved-searches', { name: 'Errors', query: 'severity:>=error', from: '7d' });
    expect(made.status).toBe(200);
    const id = made.ok.id;
    expect((await call<ListOf<SavedSearch>>('GET', '/v1/config/saved-searches')).ok.items.map((s) => s.name)).toEqual(['Errors']);
    expect((await call<SavedSearch>('PATCH', `/v1/config/saved-searches/${id}`, { name: 'All errors' })).ok.name).toBe('All errors');
    expect((await call<SavedSearch>('GET', `/v1/config/saved-searches/${id}`)).ok).toMatchObject({ name: 'All errors', query: 'severity:>=error', from: '7d' });
    expect((await call('DELETE', `/v1/config/saved-searches/${id}`)).ok).toEqual({ deleted: true });
    const gone = await call('GET', `/v1/config/saved-searches/${id}`);
    expect([gone.status, gone.error?.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('400 VALIDATION_ERROR naming the field; 409 for a name taken in another case', async () => {
    const bad = await call('POST', '/v1/config/saved-searches', { name: 'x', query: '(unclosed' });
    expect([bad.status, bad.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(bad.error?.message).toMatch(/^query has a syntax error at position \d+/);
    await call('POST', '/v1/config/saved-searches', { name: 'Hosts' });
    const dup = await call('POST', '/v1/config/saved-searches', { name: 'HOSTS' });
    expect([dup.status, dup.error?.code]).toEqual([409, 'CONFLICT']);
  });

  it('Idempotency-Key: a repeated create replays the first answer and saves once', async () => {
    const h = { 'idempotency-key': 'ss-create-1' };
    const a = await call<SavedSearch>('POST', '/v1/config/saved-searches', { name: 'Once' }, h);
    const b = await call<SavedSearch>('POST', '/v1/config/saved-searches', { name: 'Once' }, h);
    expect(b).toEqual(a);
    expect((await call<ListOf<SavedSearch>>('GET', '/v1/config/saved-searches')).ok.items.filter((s) => s.name === 'Once')).toHaveLength(1);
  });
});

describe('dashboard routes', () => {
  it('panel data on GET with filters in the query string, and a drill-down the events route reproduces', async () => {
    const d = await call<Dashboard>('POST', '/v1/config/dashboards', {
      name: 'Edge view',
      panels: [{ id: 'hosts', title: 'Hosts', kind: 'top', field: 'host' }],
    });
    expect(d.status).toBe(200);
    const data = await call<DashboardData>('GET', `/v1/dashboards/${d.ok.id}/data?from=1h&sourceId=${sourceId}&platformId=`);
    expect(data.status).toBe(200);
    const top = data.ok.panels[0]!.data as TopData;
    expect(top.total).toBe(30);
    const web0 = top.values.find((v) => v.value === 'web-0')!;
    const qs = new URLSearchParams({ q: web0.drilldown.q, from: web0.drilldown.from, to: web0.drilldown.to, limit: '1000' });
    const events = await call<{ events: unknown[] }>('GET', `/v1/events?${qs}`);
    expect(events.ok.events).toHaveLength(web0.count);
    const bad = await call('GET', `/v1/dashboards/${d.ok.id}/data?sourceId=ls_nope`);
    expect([bad.status, bad.error?.message]).toEqual([400, 'sourceId names no log source (ls_nope)']);
    expect((await call('GET', '/v1/dashboards/db_nope/data')).status).toBe(404);
  });

  it('duplicate, export, import (Idempotency-Key honoured), preview a draft panel; the Overview is read-only', async () => {
    const copy = await call<Dashboard>('POST', '/v1/config/dashboards/overview/duplicate', {});
    expect(copy.ok.name).toBe('Overview (copy)');
    const file = await call<DashboardExport>('GET', `/v1/config/dashboards/${copy.ok.id}/export`);
    expect(file.ok.format).toBe('watchpost-dashboard');
    const h = { 'idempotency-key': 'import-1' };
    const a = await call<Dashboard>('POST', '/v1/config/dashboards/import', { ...file.ok, name: 'Imported' }, h);
    const b = await call<Dashboard>('POST', '/v1/config/dashboards/import', { ...file.ok, name: 'Imported' }, h);
    expect(a.status).toBe(200);
    expect(b.ok.id).toBe(a.ok.id);
    const names = (await call<ListOf<Dashboard>>('GET', '/v1/config/dashboards')).ok.items.map((x) => x.name);
    expect(names.filter((n) => n === 'Imported')).toHaveLength(1);
    const badFile = await call('POST', '/v1/config/dashboards/import', {
      ...file.ok,
      name: 'Bad',
      dashboard: { ...file.ok.dashboard, panels: [{ title: 't', kind: 'gauge' }] },
    });
    expect([badFile.status, badFile.error?.message]).toEqual([
      400,
      'dashboard.panels[0].kind must be one of timeseries, top, number, table, alerts, sourceHealth (got "gauge")',
    ]);

    const preview = await call<{ data: { kind: string; count: number } }>('POST', '/v1/config/dashboards/preview-panel', {
      panel: { title: 'n', kind: 'number', query: 'severity:error' },
    });
    expect(preview.ok.data).toMatchObject({ kind: 'number', count: 6 });
    const locked = await call('PATCH', '/v1/config/dashboards/overview', { name: 'x' });
    expect([locked.status, locked.error?.code]).toEqual([409, 'CONFLICT']);
    expect((await call('DELETE', `/v1/config/dashboards/${a.ok.id}`)).ok).toEqual({ deleted: true });
  });
});
