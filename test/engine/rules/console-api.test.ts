import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../helpers/http.ts';
import type { TestServer } from '../../helpers/http.ts';
import type { Alert, ListOf, Rule, RulePreview } from '../../../shared/types.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => srv.close());

const ndjson = (objs: object[]) => objs.map((o) => JSON.stringify(o)).join('\n') + '\n';

describe('rules and alerts over the console API (SPEC §4, §6)', () => {
  it('a posted event matching a pattern rule yields an alert within 2 s of the ingest response', async () => {
    const { id, key } = await srv.newSource({ name: 'sshd' });
    const rule = await srv.api<Rule>('POST', '/v1/config/rules', {
      name: 'Root login',
      severity: 'critical',
      ruleType: 'pattern',
      patternField: 'message',
      patternValue: 'accepted password for root',
      sourceIds: [id],
    });
    expect(rule.status).toBe(200);
    const started = Date.now();
    const res = await srv.ingest(key, ndjson([{ message: 'Accepted password for root from 10.0.0.9', host: 'bastion' }]));
    expect(res.status).toBe(200);
    const alerts = await srv.api<ListOf<Alert>>('GET', `/v1/alerts?ruleId=${rule.json.data.id}&status=open`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(alerts.json.data.items).toHaveLength(1);
    expect(alerts.json.data.items[0]).toMatchObject({ ruleName: 'Root login', severity: 'critical', eventCount: 1, sourceIds: [id] });
    const one = await srv.api<Alert>('GET', `/v1/alerts/${alerts.json.data.items[0]?.id}`);
    expect(one.json.data.query).toBe(`source:="sshd" message:"accepted password for root"`);
  });

  it('a threshold rule grouped by host fires once per noisy host and not for quiet ones', async () => {
    const { id, key } = await srv.newSource({ name: 'auth', rateLimit: 10_000 });
    const rule = await srv.api<Rule>('POST', '/v1/config/rules', {
      name: 'Brute force',
      severity: 'error',
      ruleType: 'threshold',
      thresholdField: 'outcome',
      thresholdValue: 'failure',
      thresholdCount: 5,
      thresholdWindowMinutes: 5,
      thresholdGroupBy: 'host',
      sourceIds: [id],
    });
    const fail = (host: string) => ({ host, outcome: 'failure', action: 'login', message: 'bad password' });
    const noisy = [...Array.from({ length: 9 }, () => fail('noisy-1')), ...Array.from({ length: 7 }, () => fail('noisy-2'))];
    const quiet = [...Array.from({ length: 5 }, () => fail('quiet')), ...Array.from({ length: 10 }, () => ({ host: 'ok', outcome: 'success' }))];
    expect((await srv.ingest(key, ndjson(noisy.slice(0, 8)))).status).toBe(200);
    expect((await srv.ingest(key, ndjson([...quiet, ...noisy.slice(8)]))).status).toBe(200);
    const list = await srv.api<ListOf<Alert>>('GET', `/v1/alerts?ruleId=${rule.json.data.id}`);
    const items = list.json.data.items;
    expect(items.map((a) => a.groupKey).sort()).toEqual(['host:noisy-1', 'host:noisy-2']);
    expect(items.find((a) => a.groupKey === 'host:noisy-1')!.eventCount).toBe(9);
    const r = await srv.api<Rule>('GET', `/v1/config/rules/${rule.json.data.id}`);
    expect(r.json.data.triggerCount).toBe(2);
  });

  it('PATCH /v1/alerts/{id} changes status; bad rules are 400 VALIDATION_ERROR; unknown ids 404', async () => {
    const bad = await srv.api('POST', '/v1/config/rules', {
      name: 'x',
      severity: 'warn',
      ruleType: 'pattern',
      patternField: 'message',
      patternValue: '/(unclosed/',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'patternValue' } });
    const list = await srv.api<ListOf<Alert>>('GET', '/v1/alerts?status=open');
    const first = list.json.data.items[0]!;
    const patched = await srv.api<Alert>('PATCH', `/v1/alerts/${first.id}`, { status: 'acknowledged' });
    expect(patched.status).toBe(200);
    expect(patched.json.data.status).toBe('acknowledged');
    expect((await srv.api('PATCH', '/v1/alerts/al_nope', { status: 'resolved' })).status).toBe(404);
    expect((await srv.api('GET', '/v1/config/rules/rl_nope')).status).toBe(404);
    const del = await srv.api('DELETE', `/v1/config/rules/${first.ruleId}`);
    expect(del.json.data).toEqual({ deleted: true });
  });

  it('POST /v1/config/rules/preview answers without creating anything', async () => {
    const before = (await srv.api<ListOf<Rule>>('GET', '/v1/config/rules')).json.data.items.length;
    const p = await srv.api<RulePreview>('POST', '/v1/config/rules/preview', {
      name: 'draft',
      severity: 'warn',
      ruleType: 'pattern',
      patternField: 'host',
      patternValue: 'noisy',
    });
    expect(p.status).toBe(200);
    expect(p.json.data.matchedEvents).toBe(16);
    expect(p.json.data.wouldFire).toBe(1);
    expect((await srv.api<ListOf<Rule>>('GET', '/v1/config/rules')).json.data.items.length).toBe(before);
  });
});
