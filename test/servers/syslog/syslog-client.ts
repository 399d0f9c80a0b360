/** Test helpers: real syslog senders (UDP datagrams, TCP chunks) and polling the console search. */
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer } from '../../helpers/http.ts';
import type { TestServer } from '../../helpers/http.ts';
import type { EventPage, HealthRow, ListOf, LogSource, WatchpostEvent } from '../../../shared/types.ts';

/** A test server with one syslog and one CEF listener on free ports, both with a rate limit that never interferes. */
export interface SyslogPair {
  srv: TestServer;
  syslogPort: number;
  syslogId: string;
  cefPort: number;
  cefId: string;
}

/** For the whole file: start a SyslogPair before the tests (handed to `ready`) and close it after them. */
export function useSyslogPair(ready: (pair: SyslogPair) => void): void {
  let srv: TestServer | undefined;
  beforeAll(async () => {
    srv = await startTestServer();
    const syslogPort = await freePort();
    const syslogId = await syslogSource(srv, { listenPort: syslogPort, rateLimit: 100_000 });
    const cefPort = await freePort();
    const cefId = await syslogSource(srv, { type: 'cef', listenPort: cefPort, rateLimit: 100_000 });
    ready({ srv, syslogPort, syslogId, cefPort, cefId });
  });
  afterAll(async () => {
    await srv?.close();
  });
}

/** A port free for both TCP and UDP on 127.0.0.1 (a syslog listener binds both). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port');
}

/** Send each message as one UDP datagram. */
export async function sendUdp(port: number, messages: (string | Buffer)[]): Promise<void> {
  const sock = createSocket('udp4');
  try {
    for (const m of messages) {
      await new Promise<void>((resolve, reject) =>
        sock.send(typeof m === 'string' ? Buffer.from(m) : m, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
    }
  } finally {
    sock.close();
  }
}

export function tcpConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', noDelay: true }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Write chunks with a pause between them, so they arrive as separate TCP reads; then close. */
export async function sendTcp(port: number, chunks: (string | Buffer)[], pauseMs = 15): Promise<void> {
  const s = await tcpConnect(port);
  for (const c of chunks) {
    await new Promise<void>((resolve, reject) => s.write(c, (err) => (err ? reject(err) : resolve())));
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  }
  await new Promise<void>((resolve) => s.end(resolve));
}

/** True when nothing accepts TCP connections on the port. */
export async function tcpRefused(port: number): Promise<boolean> {
  try {
    const s = await tcpConnect(port);
    s.destroy();
    return false;
  } catch (err) {
    return (err as { code?: string }).code === 'ECONNREFUSED';
  }
}

/** RFC 6587 octet-counted frame. */
export function octet(msg: string): string {
  return `${Buffer.byteLength(msg)} ${msg}`;
}

export async function search(srv: TestServer, q: string, limit = 100): Promise<WatchpostEvent[]> {
  const r = await srv.api<EventPage>('GET', `/v1/events?limit=${limit}&from=3650d&q=${encodeURIComponent(q)}`);
  if (r.status !== 200) throw new Error(`search ${q}: ${JSON.stringify(r.json)}`);
  return r.json.data.events;
}

/** Poll the search until it returns at least `n` events (events arrive through a 50 ms batch). */
export async function waitForEvents(srv: TestServer, q: string, n: number, timeoutMs = 8000): Promise<WatchpostEvent[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await search(srv, q, Math.max(n, 100));
    if (found.length >= n || Date.now() > until) return found;
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** The first event matching `q` once it has arrived; fails naming the query when none did. */
export async function waitForEvent(srv: TestServer, q: string): Promise<WatchpostEvent> {
  const [e] = await waitForEvents(srv, q, 1);
  if (!e) throw new Error(`no event matched ${q}`);
  return e;
}

export async function healthOf(srv: TestServer, sourceId: string): Promise<HealthRow> {
  const r = await srv.api<ListOf<HealthRow>>('GET', '/v1/health/sources');
  const row = r.json.data.items.find((h) => h.sourceId === sourceId);
  if (!row) throw new Error(`no health row for source ${sourceId}`);
  return row;
}

/** Poll the source's health row until `done` holds (counters settle after the batch that follows the events). */
export async function waitForHealth(srv: TestServer, sourceId: string, done: (h: HealthRow) => boolean): Promise<HealthRow> {
  let h = await healthOf(srv, sourceId);
  for (let i = 0; i < 50 && !done(h); i++) {
    await new Promise((r) => setTimeout(r, 40));
    h = await healthOf(srv, sourceId);
  }
  return h;
}

/** Create a syslog/cef source over the console API and wait until its listener has been applied. */
export async function syslogSource(srv: TestServer, input: Record<string, unknown>): Promise<string> {
  const r = await srv.api<LogSource>('POST', '/v1/config/log-sources', { name: `sys-${Math.random().toString(36).slice(2, 8)}`, type: 'syslog', ...input });
  if (r.status !== 200) throw new Error(`create source: ${JSON.stringify(r.json)}`);
  await srv.rt.syslog.settled();
  return r.json.data.id;
}
