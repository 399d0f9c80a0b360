import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitoredFetch } from '../../../renderer/src/connection.ts';
import type { ConnectionStatus } from '../../../renderer/src/connection.ts';
import { createClient, httpTransport } from '../../../renderer/src/client.ts';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const ok = req.headers.authorization === 'Bearer good';
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        ok ? { success: true, data: { items: [] } } : { success: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong console token' } },
      ),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('monitoredFetch', () => {
  it('reports online, unauthorized and offline from real requests', async () => {
    const seen: ConnectionStatus[] = [];
    const f = monitoredFetch(fetch, (s) => seen.push(s));
    const good = createClient(httpTransport(base, 'good', f));
    const bad = createClient(httpTransport(base, 'bad', f));
    const gone = createClient(httpTransport('http://127.0.0.1:9', 'good', f));

    await expect(good.call('platforms.list', {})).resolves.toEqual({ items: [] });
    await expect(bad.call('platforms.list', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(gone.call('platforms.list', {})).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('Cannot reach Watchpost') });
    await good.call('platforms.list', {});
    expect(seen).toEqual(['online', 'unauthorized', 'offline', 'online']);
  });
});
