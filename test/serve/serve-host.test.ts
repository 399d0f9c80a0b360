import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServeHost, threadsOf } from '../e2e/serve-process.ts';
import type { ServeInstance } from '../e2e/serve-process.ts';
import type { EventPage } from '../../shared/types.ts';

/** Ingest one marked event and find it through the console: store, writer, seal and search workers all used. */
async function ingestAndFind(srv: ServeInstance, mark: string): Promise<void> {
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(srv.consoleUrl + path, {
      method,
      headers: { authorization: `Bearer ${srv.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBe(200);
    return ((await res.json()) as { data: T }).data;
  };
  const { id } = await api<{ id: string }>('POST', '/v1/config/log-sources', { name: 'host-test' });
  const { key } = await api<{ key: string }>('POST', `/v1/config/log-sources/${id}/key`);
  const sent = await fetch(srv.ingestUrl, {
    method: 'POST',
    headers: { 'x-df-source-key': key, 'content-type': 'application/x-ndjson' },
    body: JSON.stringify({ message: mark, host: 'host-test' }),
  });
  expect(sent.status).toBe(200);
  await expect
    .poll(async () => (await api<EventPage>('GET', `/v1/events?limit=5&from=1h&q=${encodeURIComponent(mark)}`)).events.length, { timeout: 20_000 })
    .toBe(1);
}

describe('e2e serve host', () => {
  it('runs runtimes one after another on fresh data dirs and ports, and a stopped one leaves no thread or fd behind', async () => {
    const host = startServeHost();
    try {
      const urls = new Set<string>();
      for (let i = 0; i < 4; i++) {
        const srv = await host.start();
        expect(existsSync(join(srv.dataDir, 'runtime.json'))).toBe(true);
        urls.add(srv.consoleUrl);
        await ingestAndFind(srv, `hostrunmark${i}`);
        const busy = threadsOf(srv.pid); // the host with this runtime's writer, seal and search workers
        await srv.stop();
        expect(host.footprints().at(-1)!.threads).toBeLessThan(busy);
        expect(existsSync(srv.dataDir)).toBe(false);
        await expect(fetch(`${srv.consoleUrl}/v1/app/info`)).rejects.toThrow(); // its ports are closed
      }
      expect(urls.size).toBe(4);
      // The first stop is after the host's lazy pools (libuv threads, V8 helpers) exist; later ones must match it.
      const [first, ...rest] = host.footprints();
      expect(rest).toEqual(rest.map(() => first));
    } finally {
      await host.close();
    }
  }, 120_000);
});
