import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/http.ts';
import type { TestServer } from '../helpers/http.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

describe('GET /v1/events/top (SPEC §4)', () => {
  it('answers exact top values of a raw path for a query, and 400 for an unknown field', async () => {
    const { key } = await srv.newSource({ rateLimit: 10_000 });
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ message: `req ${i}`, user: `u${i % 3}`, path: i % 5 ? '/a' : '/b' }));
    expect((await srv.ingest(key, lines.join('\n'))).status).toBe(200);
    const r = await srv.api('GET', '/v1/events/top?field=raw.path&q=user:u0&limit=5');
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual({
      field: 'raw.path',
      total: 17,
      values: [
        { value: '/a', count: 13 },
        { value: '/b', count: 4 },
      ],
    });
    const bad = await srv.api('GET', '/v1/events/top?field=colour');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('VALIDATION_ERROR');
    expect(bad.json.error.message).toContain('colour');
  });
});
