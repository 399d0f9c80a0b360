/**
 * An unknown console API route is 404 NOT_FOUND in the JSON envelope, never the app's HTML (SPEC §4;
 * issue 10 item 8), also when the built UI is served from the same port. Fastify inject(), no socket.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleServer } from '../../main/servers/console-server.ts';
import { createTestEngine, tempDir } from '../helpers/test-engine.ts';
import type { TestEngine } from '../helpers/test-engine.ts';

let t: TestEngine;
let app: ReturnType<typeof buildConsoleServer>;
const auth = { authorization: 'Bearer tok' };

beforeAll(async () => {
  t = createTestEngine();
  const ui = join(tempDir('watchpost-ui-'), 'dist');
  mkdirSync(ui, { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Watchpost</title>');
  app = buildConsoleServer(t.engine, { token: 'tok', staticDir: ui });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.close();
});

describe('unknown console routes', () => {
  it.each([
    ['GET', '/v1/nope'],
    ['GET', '/v1/config/nothing-here?x=1'],
    ['DELETE', '/v1/alerts'],
    ['GET', '/v1'],
  ])('%s %s → 404 NOT_FOUND as JSON', async (method, url) => {
    const res = await app.inject({ method: method as 'GET', url, headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toEqual({ success: false, error: { code: 'NOT_FOUND', message: expect.stringContaining(url.split('?')[0]!) } });
  });

  it('without the token an unknown /v1 route is still 401, and app paths still get the UI', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/nope' })).statusCode).toBe(401);
    const page = await app.inject({ method: 'GET', url: '/alerts' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Watchpost</title>');
  });
});
