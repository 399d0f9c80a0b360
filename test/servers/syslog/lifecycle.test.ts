import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { startTestServer } from '../../helpers/http.ts';
import type { TestServer } from '../../helpers/http.ts';
import { freePort, search, sendTcp, sendUdp, syslogSource, tcpRefused, waitForEvent, waitForEvents } from './syslog-client.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

const stateOf = (id: string) => srv.rt.syslog.states().find((s) => s.sourceId === id);
const settle = () => srv.rt.syslog.settled();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('syslog listener lifecycle', () => {
  it('an inactive source has no open port and stores nothing', async () => {
    const port = await freePort();
    const id = await syslogSource(srv, { listenPort: port, active: false });
    expect(stateOf(id)).toMatchObject({ port, udp: 'inactive', tcp: 'inactive' });
    expect(await tcpRefused(port)).toBe(true);
    await sendUdp(port, ['<13>1 - h app - - - inactive-udp-msg']);
    await sleep(200);
    expect(await search(srv, 'inactive-udp-msg')).toHaveLength(0);

    await srv.api('PATCH', `/v1/config/log-sources/${id}`, { active: true });
    await settle();
    expect(stateOf(id)).toMatchObject({ udp: 'listening', tcp: 'listening' });
    await sendUdp(port, ['<13>1 - h app - - - now-active-msg']);
    expect(await waitForEvents(srv, 'now-active-msg', 1)).toHaveLength(1);

    await srv.api('PATCH', `/v1/config/log-sources/${id}`, { active: false });
    await settle();
    expect(await tcpRefused(port)).toBe(true);
    await sendUdp(port, ['<13>1 - h app - - - deactivated-msg']);
    await sleep(200);
    expect(await search(srv, 'deactivated-msg')).toHaveLength(0);
  });

  it('changing listenPort moves the listener; the old port is released', async () => {
    const oldPort = await freePort();
    const id = await syslogSource(srv, { listenPort: oldPort });
    await sendUdp(oldPort, ['<13>1 - h app - - - on-old-port']);
    await waitForEvents(srv, 'on-old-port', 1);
    const newPort = await freePort();
    const r = await srv.api('PATCH', `/v1/config/log-sources/${id}`, { listenPort: newPort });
    expect(r.status).toBe(200);
    await settle();
    expect(stateOf(id)).toMatchObject({ port: newPort, udp: 'listening', tcp: 'listening' });
    expect(await tcpRefused(oldPort)).toBe(true);
    await sendTcp(newPort, ['<13>1 - h app - - - on-new-port\n']);
    const e = await waitForEvent(srv, 'on-new-port');
    expect(e.sourceId).toBe(id);
    // Another source can take the freed port at once.
    const other = await syslogSource(srv, { listenPort: oldPort });
    expect(stateOf(other)).toMatchObject({ udp: 'listening', tcp: 'listening' });
  });

  it('a rename keeps the sockets and the new name shows in the state', async () => {
    const port = await freePort();
    const id = await syslogSource(srv, { listenPort: port });
    const conn = sendTcp(port, ['<13>1 - h app - - - across-rename-1\n', '<13>1 - h app - - - across-rename-2\n'], 150);
    await sleep(50);
    await srv.api('PATCH', `/v1/config/log-sources/${id}`, { name: 'renamed-syslog' });
    await settle();
    await conn;
    expect(await waitForEvents(srv, 'across-rename', 2)).toHaveLength(2);
    expect(stateOf(id)).toMatchObject({ sourceName: 'renamed-syslog', udp: 'listening', tcp: 'listening' });
  });

  it('deleting the source stops its listener', async () => {
    const port = await freePort();
    const id = await syslogSource(srv, { listenPort: port });
    await srv.api('DELETE', `/v1/config/log-sources/${id}`);
    await settle();
    expect(stateOf(id)).toBeUndefined();
    expect(await tcpRefused(port)).toBe(true);
  });

  it('a busy port is a listener error naming the reason; Watchpost keeps running and retries on the next change', async () => {
    const port = await freePort();
    const tcp = createServer();
    await new Promise<void>((r) => tcp.listen(port, '127.0.0.1', r));
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.bind(port, '127.0.0.1', r));
    const errors: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => void errors.push(a.join(' '));
    let id: string;
    try {
      id = await syslogSource(srv, { name: 'busy-port-source', listenPort: port });
    } finally {
      console.error = orig;
    }
    expect(stateOf(id)).toMatchObject({ udp: 'error: port in use', tcp: 'error: port in use' });
    expect(errors.some((l) => l.includes('busy-port-source') && l.includes(`127.0.0.1:${port}`) && l.includes('port in use'))).toBe(true);
    // The rest of Watchpost is fine: HTTP ingest and the console still work.
    const { key } = await srv.newSource();
    expect((await srv.ingest(key, JSON.stringify({ message: 'http-still-works' }))).status).toBe(200);

    await new Promise<void>((r) => tcp.close(() => r()));
    await new Promise<void>((r) => udp.close(() => r()));
    await srv.api('PATCH', `/v1/config/log-sources/${id}`, { description: 'poke' });
    await settle();
    expect(stateOf(id)).toMatchObject({ udp: 'listening', tcp: 'listening' });
    await sendUdp(port, ['<13>1 - h app - - - after-port-freed']);
    expect(await waitForEvents(srv, 'after-port-freed', 1)).toHaveLength(1);
  });

  it('closing the runtime commits what is still batched and frees the ports', async () => {
    const own = await startTestServer();
    const port = await freePort();
    await syslogSource(own, { listenPort: port });
    const dataDir = own.dataDir;
    await sendUdp(port, ['<13>1 - h app - - - flushed-on-close']);
    await sleep(10); // received, but inside the 50 ms batch window
    await own.rt.close();
    expect(await tcpRefused(port)).toBe(true);
    const again = await startTestServer({ dataDir });
    try {
      expect(await search(again, 'flushed-on-close')).toHaveLength(1);
    } finally {
      await again.close();
      await own.close();
    }
  });
});
