import { describe, expect, it } from 'vitest';
import type { TestServer } from '../../helpers/http.ts';
import {
  freePort,
  healthOf,
  octet,
  search,
  sendTcp,
  sendUdp,
  syslogSource,
  useSyslogPair,
  waitForEvent,
  waitForEvents,
  waitForHealth,
} from './syslog-client.ts';

let srv: TestServer;
let syslogPort: number;
let cefPort: number;
let syslogId: string;
let cefId: string;
useSyslogPair((p) => ({ srv, syslogPort, syslogId, cefPort, cefId } = p));

describe('syslog/cef listeners on a running runtime (real UDP and TCP)', () => {
  it('reports both listeners as listening on the ingest host', () => {
    const states = srv.rt.syslog.states();
    expect(states).toContainEqual(
      expect.objectContaining({ sourceId: syslogId, type: 'syslog', host: '127.0.0.1', port: syslogPort, udp: 'listening', tcp: 'listening' }),
    );
    expect(states).toContainEqual(expect.objectContaining({ sourceId: cefId, type: 'cef', port: cefPort, udp: 'listening', tcp: 'listening' }));
  });

  it('UDP RFC 5424 with STRUCTURED-DATA is stored and searchable with the right envelope', async () => {
    await sendUdp(syslogPort, [
      '<86>1 2026-03-01T10:00:00.5+01:00 bastion sshd 4711 AUTH [meta user="alice" tok="udp5424"] \uFEFFAccepted publickey for alice\n',
    ]);
    const e = await waitForEvent(srv, 'raw.structuredData.meta.tok:udp5424');
    expect(e).toMatchObject({
      sourceId: syslogId,
      timestamp: '2026-03-01T09:00:00.500Z',
      severity: 'info',
      category: 'auth',
      host: 'bastion',
      action: 'sshd',
      message: 'Accepted publickey for alice',
      outcome: 'unknown',
    });
    expect(e.raw).toMatchObject({
      format: 'rfc5424',
      pri: 86,
      facility: 10,
      facilityName: 'authpriv',
      procId: '4711',
      msgId: 'AUTH',
      transport: 'udp',
      peerAddress: '127.0.0.1',
    });
    expect(await search(srv, 'host:bastion action:sshd category:auth')).toHaveLength(1);
  });

  it('UDP RFC 3164 without a hostname takes the sender address as host', async () => {
    await sendUdp(syslogPort, ['<11>Jan  2 03:04:05 cron[99]: udp3164 job failed']);
    const e = await waitForEvent(srv, 'udp3164');
    expect(e).toMatchObject({ host: '127.0.0.1', action: 'cron', severity: 'error', category: 'system', message: 'udp3164 job failed' });
    expect(e.raw).toMatchObject({ format: 'rfc3164', procId: '99', syslogTimestamp: 'Jan  2 03:04:05' });
  });

  it('TCP octet counting, frames split across TCP chunks', async () => {
    const frames = [1, 2, 3].map((i) => octet(`<13>1 2026-03-01T00:00:0${i}Z tcp-host app - - - octet-msg-${i} with\nan embedded newline`)).join('');
    const cut = [frames.slice(0, 3), frames.slice(3, 40), frames.slice(40, 41), frames.slice(41, 130), frames.slice(130)];
    await sendTcp(syslogPort, cut);
    const found = await waitForEvents(srv, 'octet-msg', 3);
    expect(found.map((e) => e.message).sort()).toEqual([1, 2, 3].map((i) => `octet-msg-${i} with\nan embedded newline`));
    expect(found[0]).toMatchObject({ host: 'tcp-host', action: 'app', severity: 'notice' });
    expect(found[0]?.raw.transport).toBe('tcp');
  });

  it('TCP newline framing (LF, CRLF, NUL), split mid-message, last message without a delimiter', async () => {
    const stream =
      '<14>Mar  1 10:00:00 nl-host app: nl-msg-1\n<14>Mar  1 10:00:01 nl-host app: nl-msg-2\r\n<14>Mar  1 10:00:02 nl-host app: nl-msg-3\u0000<14>Mar  1 10:00:03 nl-host app: nl-msg-4';
    await sendTcp(syslogPort, [stream.slice(0, 10), stream.slice(10, 60), stream.slice(60, 61), stream.slice(61)]);
    const found = await waitForEvents(srv, 'nl-msg', 4);
    expect(found.map((e) => e.message).sort()).toEqual(['nl-msg-1', 'nl-msg-2', 'nl-msg-3', 'nl-msg-4']);
    expect(found.every((e) => e.host === 'nl-host' && e.action === 'app')).toBe(true);
  });

  it('CEF over UDP and TCP: extensions in raw.cef, well-known ones in the envelope', async () => {
    await sendUdp(cefPort, [
      '<134>Mar  1 10:00:00 fw-relay CEF:0|Acme|FW|5.1|4000|Blocked login|8|src=10.0.0.5 dst=10.0.0.9 suser=mallory act=deny outcome=failure msg=cefudp blocked mallory',
    ]);
    await sendTcp(cefPort, ['CEF:0|Acme|IDS|1.0|77|Port sca', 'n|Low|src=10.0.0.6 duser=bob cs1Label=zone cs1=dmz msg=ceftcp scan seen\n']);
    const u = await waitForEvent(srv, 'cefudp');
    expect(u).toMatchObject({
      sourceId: cefId,
      severity: 'error',
      host: 'fw-relay',
      user: 'mallory',
      action: 'deny',
      outcome: 'failure',
      message: 'cefudp blocked mallory',
    });
    expect(u.raw.cef).toMatchObject({ deviceVendor: 'Acme', deviceProduct: 'FW', signatureId: '4000', src: '10.0.0.5', dst: '10.0.0.9' });
    const t = await waitForEvent(srv, 'raw.cef.cs1:dmz');
    expect(t).toMatchObject({ severity: 'info', user: 'bob', action: 'Port scan', message: 'ceftcp scan seen', host: '10.0.0.6' });
    expect(await search(srv, 'raw.cef.src:10.0.0.5 user:mallory')).toHaveLength(1);
  });

  it('unparseable lines are stored whole; binary and oversized frames are counted as rejected', async () => {
    const before = await healthOf(srv, syslogId);
    await sendUdp(syslogPort, ['just-garbage-line no pri', Buffer.from([0x3c, 0x31, 0x3e, 0x00, 0x07, 0x00, 0x01])]);
    await sendTcp(syslogPort, ['<13>Mar  1 10:00:00 h app: before-big\n', `<13>${'x'.repeat(110 * 1024)}\n`, '<13>Mar  1 10:00:00 h app: after-big\n']);
    const g = await waitForEvent(srv, 'just-garbage-line');
    expect(g).toMatchObject({ message: 'just-garbage-line no pri', severity: 'info', host: '127.0.0.1' });
    expect(g.raw.parseError).toMatch(/<PRI>/);
    expect((await waitForEvents(srv, 'message:before-big OR message:after-big', 2)).length).toBe(2);
    const h = await waitForHealth(srv, syslogId, (row) => row.rejected24h - before.rejected24h >= 2);
    expect(h.rejected24h - before.rejected24h).toBe(2);
  });

  it('UDP over the rate limit is dropped and counted as rate-limited', async () => {
    const port = await freePort();
    const id = await syslogSource(srv, { listenPort: port, rateLimit: 1 }); // bucket holds one batch: 500
    await sendUdp(
      port,
      Array.from({ length: 540 }, (_, i) => `<13>1 - h app - - - rl-udp ${i}`),
    );
    await waitForEvents(srv, 'rl-udp', 500);
    const h = await waitForHealth(srv, id, (row) => row.events24h + row.rateLimited24h >= 540);
    expect(h.events24h + h.rateLimited24h).toBe(540);
    expect(h.rateLimited24h).toBeGreaterThanOrEqual(30);
  });

  it('TCP over the rate limit is slowed down, not dropped', async () => {
    const port = await freePort();
    const id = await syslogSource(srv, { listenPort: port, rateLimit: 400 }); // 500 at once, then 400/s
    const lines = Array.from({ length: 700 }, (_, i) => `<13>1 - h app - - - rl-tcp ${i}\n`).join('');
    const started = Date.now();
    await sendTcp(port, [lines], 0);
    const found = await waitForEvents(srv, 'rl-tcp', 700, 10_000);
    expect(found).toHaveLength(700);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // 200 over the bucket at 400/s
    const h = await healthOf(srv, id);
    expect(h.rateLimited24h).toBe(0);
    expect(h.events24h).toBe(700);
  });
});
