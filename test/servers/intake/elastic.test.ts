import { describe, expect, it } from 'vitest';
import { Client } from '@elastic/elasticsearch';
import type { TestServer } from '../../helpers/http.ts';
import { baseUrl, overOneMb, search, send, useIntakeServer } from './intake-helpers.ts';

/** Elasticsearch's answer shapes. */
type EsError = { error: { type: string; reason: string }; status: number };
type EsBulk = { errors: boolean; items: Record<string, { status: number; _index: string; _id: string; result?: string }>[] };

let srv: TestServer;
let key: string;

useIntakeServer((s, k) => {
  srv = s;
  key = k;
});

const ndjson = (...lines: unknown[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
const bulk = (body: string, headers: Record<string, string> = {}, path = '/_bulk') =>
  send(srv, 'POST', path, { authorization: `ApiKey ${key}`, 'content-type': 'application/x-ndjson', ...headers }, body);

describe('Elasticsearch _bulk', () => {
  it('the official client (info + bulk helper) talks to Watchpost unchanged; ECS fields map to the envelope', async () => {
    const client = new Client({ node: baseUrl(srv), auth: { apiKey: key } });
    const info = await client.info();
    expect(info.version.number).toMatch(/^8\./);
    const docs = Array.from({ length: 30 }, (_, i) => ({
      '@timestamp': `2024-03-01T10:00:${String(i).padStart(2, '0')}.000Z`,
      message: `es-helper-${i}`,
      log: { level: i % 2 ? 'warn' : 'error' },
      host: { name: 'db-1' },
      user: { name: 'carol' },
      event: { action: 'login', outcome: 'failure', category: ['authentication'] },
    }));
    const result = await client.helpers.bulk({ datasource: docs, onDocument: () => ({ create: { _index: 'app-logs' } }), flushBytes: 4096 });
    expect([result.total, result.successful, result.failed]).toEqual([30, 30, 0]);
    const found = await search(srv, 'raw._index:=app-logs es-helper-');
    expect(found).toHaveLength(30);
    const e = found.find((x) => x.message === 'es-helper-3')!;
    expect(e).toMatchObject({
      severity: 'warn',
      host: 'db-1',
      user: 'carol',
      action: 'login',
      outcome: 'failure',
      category: 'auth',
      timestamp: '2024-03-01T10:00:03.000Z',
    });
    expect(e.raw).toMatchObject({ _index: 'app-logs', log: { level: 'warn' } });
    await client.close();
  });

  it('per-item results: update/delete and unparsable documents are refused one by one, the rest stored', async () => {
    const r = await bulk(
      ndjson({ index: { _id: 'a1' } }, { message: 'es-item-ok' }, { update: { _id: 'x' } }, { doc: {} }, { delete: { _id: 'y' } }),
      {},
      '/web/_bulk',
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('x-elastic-product')).toBe('Elasticsearch');
    const body = r.json<EsBulk>();
    expect(body.errors).toBe(true);
    expect(body.items.map((i) => Object.entries(i).map(([k, v]) => [k, v.status])[0])).toEqual([
      ['index', 201],
      ['update', 400],
      ['delete', 400],
    ]);
    expect(body.items[0]?.index).toMatchObject({ _index: 'web', _id: 'a1', result: 'created' });
    expect((await search(srv, 'es-item-ok'))[0]!.raw._index).toBe('web');
  });

  it('Basic auth with the key as password, and the shippers’ set-up calls are answered harmlessly', async () => {
    const basic = `Basic ${Buffer.from(`elastic:${key}`).toString('base64')}`;
    expect((await bulk(ndjson({ create: { _index: 'b' } }, { message: 'es-basic' }), { authorization: basic })).status).toBe(200);
    const lic = await send(srv, 'GET', '/_license', { authorization: basic });
    expect([lic.status, lic.json<{ license: { status: string } }>().license.status]).toEqual([200, 'active']);
    const tpl = await send(srv, 'GET', '/_index_template/filebeat-8.19.0', { authorization: basic });
    expect(tpl.status).toBe(404);
    const put = await send(srv, 'PUT', '/_index_template/filebeat-8.19.0', { authorization: basic, 'content-type': 'application/json' }, '{}');
    expect([put.status, put.json<{ acknowledged: boolean }>().acknowledged]).toEqual([200, true]);
    expect(await search(srv, 'filebeat')).toHaveLength(0);
  });

  it('bad inputs get Elasticsearch errors (with X-Elastic-Product) and store nothing', async () => {
    const noAuth = await send(srv, 'POST', '/_bulk', { 'content-type': 'application/x-ndjson' }, ndjson({ index: { _index: 'x' } }, { message: 'es-bad-0' }));
    expect([noAuth.status, noAuth.json<EsError>().error.type, noAuth.headers.get('x-elastic-product')]).toEqual([401, 'security_exception', 'Elasticsearch']);
    const wrong = await bulk(ndjson({ index: { _index: 'x' } }, { message: 'es-bad-1' }), { authorization: 'ApiKey wpk_wrong' });
    expect(wrong.status).toBe(401);
    const malformed = await bulk(`${ndjson({ index: { _index: 'x' } }, { message: 'es-bad-2' })}{"index":\n{}\n`);
    expect([malformed.status, malformed.json<EsError>().status]).toEqual([400, 400]);
    const ct = await bulk(ndjson({ index: { _index: 'x' } }, { message: 'es-bad-3' }), { 'content-type': 'text/plain' });
    expect([ct.status, ct.json<EsError>().error.type]).toEqual([406, 'media_type_header_exception']);
    const big = await bulk(overOneMb(ndjson({ index: { _index: 'x' } }, { message: 'es-bad-4' })));
    expect(big.status).toBe(413);
    const many = await bulk(Array.from({ length: 501 }, (_, i) => ndjson({ index: { _index: 'x' } }, { message: `es-bad-5-${i}` })).join(''));
    expect([many.status, many.json<EsError>().error.type]).toEqual([413, 'content_too_long_exception']);
    expect(await search(srv, 'es-bad-')).toHaveLength(0);
  });
});
