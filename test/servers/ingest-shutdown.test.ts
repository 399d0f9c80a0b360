import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { post } from '../../bench/lib/post.ts';
import { startTestServer } from '../helpers/http.ts';
import { rawClient } from './raw-clients.ts';

/**
 * Stopping Watchpost (Ctrl+C on serve, quitting the app) must not wait for shippers that keep an
 * idle keep-alive connection open: they would hold shutdown for the whole keep-alive timeout.
 * The keep-alive timeout here (60 s) is longer
 * than the test's own time limit, so a close that waits for it fails the test.
 */
describe('ingest port shutdown', () => {
  it('closes idle keep-alive connections at once instead of waiting for their timeout', { timeout: 20_000 }, async () => {
    const srv = await startTestServer({ listenerLimits: { ingest: { keepAliveTimeoutMs: 60_000, idleTimeoutMs: 60_000, requestTimeoutMs: 60_000 } } });
    const { key } = await srv.newSource({ rateLimit: 100_000 });
    const url = new URL(srv.ingestUrl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    // Four keep-alive connections, each answered once and then idle.
    expect(await Promise.all([1, 2, 3, 4].map((i) => post(agent, url, key, `{"message":"idle ${i}"}\n`)))).toEqual([200, 200, 200, 200]);
    const sockets = Object.values(agent.freeSockets).flat();
    expect(sockets.length).toBeGreaterThan(0);
    const closedByServer = Promise.all(sockets.map((s) => new Promise((r) => s!.once('close', r))));
    await srv.close();
    await closedByServer;
    agent.destroy();
  });

  it('a connection whose request was in flight at close is closed once answered, not kept for the keep-alive timeout', { timeout: 20_000 }, async () => {
    const srv = await startTestServer({ listenerLimits: { ingest: { keepAliveTimeoutMs: 60_000, idleTimeoutMs: 60_000, requestTimeoutMs: 60_000 } } });
    const { key } = await srv.newSource({ rateLimit: 100_000 });
    const url = new URL(srv.ingestUrl);
    const body = '{"message":"in flight at close"}\n';
    const c = await rawClient(Number(url.port), '127.0.0.1');
    // Headers and half the body before the close begins; the rest after: the request is in flight.
    c.sock.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\nX-DF-Source-Key: ${key}\r\n` +
        `Content-Type: application/x-ndjson\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 200));
    const closing = srv.close();
    await new Promise((r) => setTimeout(r, 200));
    c.sock.write(body.slice(10));
    await c.closed;
    await closing;
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(c.received()).toContain('"accepted":1');
  });
});
