import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/http.ts';
import type { TestServer } from '../helpers/http.ts';
import { rawClient, sleep, trickle } from './raw-clients.ts';
import type { RawClient } from './raw-clients.ts';
import { freePort, sendTcp, syslogSource, waitForEvents } from './syslog/syslog-client.ts';
import { octet } from './syslog/syslog-client.ts';

/** Short limits so the test runs in seconds; production defaults are in docs/ingest-hardening.md. */
const INGEST = { maxConnections: 300, maxPerAddress: 40, headersTimeoutMs: 1500, requestTimeoutMs: 3000, idleTimeoutMs: 2000, keepAliveTimeoutMs: 1500 };
// idleMs leaves a relay sending every 500 ms 2.5 s of slack for a descheduled process on a loaded
// CI machine (the same relay test over TLS was closed once with a 2 s limit).
const STREAM = { maxConnections: 300, maxPerAddress: 5, firstByteMs: 1500, idleMs: 3000 };
/** The loaded test machine may be slow to run timers: "on time" means within the limit + this. */
const MARGIN_MS = 5000;

let srv: TestServer;
let key: string;
let port: number;

beforeAll(async () => {
  srv = await startTestServer({ listenerLimits: { ingest: INGEST, stream: STREAM } });
  ({ key } = await srv.newSource({ rateLimit: 100_000 }));
  port = Number(new URL(srv.ingestUrl).port);
});
afterAll(async () => {
  await srv.close();
});

const many = (n: number, addr: string, p = port) => Promise.all(Array.from({ length: n }, () => rawClient(p, addr)));
/** Fails naming `what` when `p` has not settled within 20 s, instead of the test's own timeout naming nothing. */
function named<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not within 20 s: ${what}`)), 20_000);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
const lifetimes = async (cs: RawClient[]) => Promise.all(cs.map(async (c) => (await c.closed) - c.openedAt));

describe('HTTP ingest: idle, slowloris and stalled-body clients are closed on time while a real source is served', () => {
  it('closes every hostile connection within its limit; every real request in the meantime gets 200', async () => {
    const idle = await many(30, '127.0.0.2');
    const slowloris = await many(10, '127.0.0.3');
    for (const c of slowloris) {
      c.sock.write('POST /v1/ingest HTTP/1.1\r\nHost: watchpost\r\n');
      trickle(c, 'X-Slow: 1\r\n', 300);
    }
    const stalled = await many(10, '127.0.0.4');
    for (const c of stalled)
      c.sock.write(
        `POST /v1/ingest HTTP/1.1\r\nHost: watchpost\r\nContent-Type: application/x-ndjson\r\nX-DF-Source-Key: ${key}\r\nContent-Length: 1000000\r\n\r\n{`,
      );
    const trickling = await many(5, '127.0.0.5');
    for (const c of trickling) {
      c.sock.write(
        `POST /v1/ingest HTTP/1.1\r\nHost: watchpost\r\nContent-Type: application/x-ndjson\r\nX-DF-Source-Key: ${key}\r\nContent-Length: 1000000\r\n\r\n`,
      );
      trickle(c, ' ', 300); // a byte every 300 ms: never idle, but the body never completes
    }

    // A real source keeps sending batches the whole time.
    const statuses: number[] = [];
    let sending = true;
    const real = (async () => {
      for (let i = 0; sending; i++) {
        statuses.push((await srv.ingest(key, JSON.stringify({ message: `real-during-attack-${i}` }))).status);
        await sleep(200);
      }
    })();

    const [idleLives, lorisLives, stalledLives, trickleLives] = await Promise.all([
      lifetimes(idle),
      lifetimes(slowloris),
      lifetimes(stalled),
      lifetimes(trickling),
    ]);
    sending = false;
    await real;

    for (const ms of idleLives) expect(ms).toBeLessThanOrEqual(INGEST.headersTimeoutMs + MARGIN_MS);
    for (const ms of lorisLives) expect(ms).toBeLessThanOrEqual(INGEST.headersTimeoutMs + MARGIN_MS);
    for (const ms of stalledLives) expect(ms).toBeLessThanOrEqual(INGEST.idleTimeoutMs + MARGIN_MS);
    for (const ms of trickleLives) expect(ms).toBeLessThanOrEqual(INGEST.requestTimeoutMs + MARGIN_MS);
    // Slowloris and trickling clients are told why (408) before the close; nothing of theirs was stored.
    expect(slowloris.every((c) => c.received().startsWith('HTTP/1.1 408'))).toBe(true);
    expect(trickling.every((c) => c.received().startsWith('HTTP/1.1 408'))).toBe(true);
    expect(statuses.length).toBeGreaterThan(3);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const stored = await waitForEvents(srv, 'real-during-attack', statuses.length);
    expect(stored).toHaveLength(statuses.length);
  });

  it('a keep-alive connection is closed after the keep-alive timeout, not kept forever', async () => {
    const c = await rawClient(port, '127.0.0.9');
    const body = JSON.stringify({ message: 'keepalive-probe' });
    c.sock.write(
      `POST /v1/ingest HTTP/1.1\r\nHost: w\r\nContent-Type: application/x-ndjson\r\nX-DF-Source-Key: ${key}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    const life = (await c.closed) - c.openedAt;
    expect(c.received()).toMatch(/^HTTP\/1.1 200/);
    expect(life).toBeLessThanOrEqual(INGEST.keepAliveTimeoutMs + MARGIN_MS);
  });
});

describe('HTTPS on the same port: the same deadlines', () => {
  it('a TLS client that stalls mid-handshake, and one that handshakes but never sends a request, are closed on time', async () => {
    const stalled = await rawClient(port, '127.0.0.11');
    stalled.sock.write(Buffer.from([0x16, 0x03, 0x01])); // the start of a ClientHello, then nothing
    const idleTls = await named(
      new Promise<{ openedAt: number; closed: Promise<number> }>((resolve, reject) => {
        const s = tlsConnect({ host: '127.0.0.1', port, ca: srv.rt.ingestTls!.certPem }, () => {
          resolve({ openedAt: Date.now(), closed: new Promise((r) => s.once('close', () => r(Date.now()))) });
        });
        s.once('error', reject);
      }),
      'the TLS handshake completes',
    );
    expect((await named(stalled.closed, 'the client stalled mid-handshake is closed')) - stalled.openedAt).toBeLessThanOrEqual(
      INGEST.headersTimeoutMs + MARGIN_MS,
    );
    expect((await named(idleTls.closed, 'the idle TLS client is closed')) - idleTls.openedAt).toBeLessThanOrEqual(INGEST.headersTimeoutMs + MARGIN_MS);
  });
});

describe('HTTP ingest: connection caps with a clear refusal', () => {
  let capped: TestServer;
  let cappedPort: number;
  beforeAll(async () => {
    capped = await startTestServer({
      listenerLimits: { ingest: { ...INGEST, maxConnections: 8, maxPerAddress: 5, headersTimeoutMs: 20_000, requestTimeoutMs: 30_000, idleTimeoutMs: 20_000 } },
    });
    cappedPort = Number(new URL(capped.ingestUrl).port);
  });
  afterAll(async () => {
    await capped.close();
  });

  async function refusalOf(addr: string): Promise<{ status: string; body: Record<string, unknown> }> {
    const c = await rawClient(cappedPort, addr);
    c.sock.write('POST /v1/ingest HTTP/1.1\r\nHost: w\r\nContent-Length: 0\r\n\r\n');
    await c.closed;
    const [head, body] = c.received().split('\r\n\r\n');
    return { status: head!.split('\r\n')[0]!, body: JSON.parse(body!) as Record<string, unknown> };
  }

  it('per client address: the 6th connection from one address gets 503 naming the limit; other addresses still get in', async () => {
    const five = await many(5, '127.0.0.7', cappedPort);
    await sleep(100);
    const r = await refusalOf('127.0.0.7');
    expect(r.status).toBe('HTTP/1.1 503 Service Unavailable');
    expect(r.body).toMatchObject({ accepted: 0, errors: [{ line: 0, code: 'too_many_connections' }] });
    expect(String(r.body.error)).toMatch(/127\.0\.0\.7 already has 5 connections open \(limit 5 per client address\)/);
    expect(five.every((c) => !c.isClosed())).toBe(true);

    const others = await many(3, '127.0.0.8', cappedPort); // 8 open in total now
    const total = await refusalOf('127.0.0.10');
    expect(total.status).toBe('HTTP/1.1 503 Service Unavailable');
    expect(String(total.body.error)).toMatch(/8 connections are open \(limit 8\)/);

    for (const c of [...five, ...others]) c.sock.destroy();
    await Promise.all([...five, ...others].map((c) => c.closed));
    await sleep(100);
    const { key: k } = await capped.newSource({});
    const after = await capped.ingest(k, JSON.stringify({ message: 'after-the-flood' }));
    expect(after.json).toEqual({ accepted: 1, rejected: 0, errors: [] });
  });
});

describe('syslog TCP: idle connections close, relays that keep sending stay, per-address cap', () => {
  let syslogPort: number;
  beforeAll(async () => {
    syslogPort = await freePort();
    await syslogSource(srv, { listenPort: syslogPort, rateLimit: 100_000 });
  });

  it('a connection that never sends is closed after the first-byte limit; one that goes quiet after the idle limit', async () => {
    const silent = (await Promise.all(['127.0.0.2', '127.0.0.12', '127.0.0.13', '127.0.0.14'].map((a) => many(5, a, syslogPort)))).flat();
    const quiet = await rawClient(syslogPort, '127.0.0.3');
    quiet.sock.write(octet('<13>1 2026-05-10T10:00:00Z h app - - - quiet-then-silent'));
    const silentLives = await lifetimes(silent);
    for (const ms of silentLives) expect(ms).toBeLessThanOrEqual(STREAM.firstByteMs + MARGIN_MS);
    expect((await quiet.closed) - quiet.openedAt).toBeLessThanOrEqual(STREAM.idleMs + MARGIN_MS);
    expect(await waitForEvents(srv, 'quiet-then-silent', 1)).toHaveLength(1);
  });

  it('a relay sending a message every 500 ms stays connected well past the idle limit; every message stored', async () => {
    const relay = await rawClient(syslogPort, '127.0.0.4');
    const n = 12; // 6 s of traffic: twice the idle limit
    for (let i = 0; i < n; i++) {
      relay.sock.write(octet(`<13>1 2026-05-10T10:00:00Z relay app - - - relay-keeps-${i}`));
      await sleep(500);
      expect(relay.isClosed()).toBe(false);
    }
    expect(await waitForEvents(srv, 'relay-keeps', n)).toHaveLength(n);
    relay.sock.end();
  });

  it('the connection over the per-address cap is closed at once; the others keep working', async () => {
    const five = await many(5, '127.0.0.6', syslogPort);
    const sixth = await rawClient(syslogPort, '127.0.0.6');
    await sixth.closed;
    expect(sixth.received()).toBe('');
    expect(five.every((c) => !c.isClosed())).toBe(true);
    for (const [i, c] of five.entries()) c.sock.end(`<13>May 10 11:00:00 h app: capped-ok-${i}\n`);
    expect(await waitForEvents(srv, 'capped-ok', 5)).toHaveLength(5);
    await sendTcp(syslogPort, ['<13>May 10 11:00:00 h app: after-cap\n']);
    expect(await waitForEvents(srv, 'after-cap', 1)).toHaveLength(1);
  });
});
