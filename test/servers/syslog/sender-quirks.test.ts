import { describe, expect, it } from 'vitest';
import type { TestServer } from '../../helpers/http.ts';
import { healthOf, search, sendTcp, sendUdp, useSyslogPair, waitForEvent, waitForEvents } from './syslog-client.ts';

let srv: TestServer;
let syslogPort: number;
let cefPort: number;
let syslogId: string;
useSyslogPair((p) => ({ srv, syslogPort, syslogId, cefPort } = p));

describe("real senders' quirks over real UDP/TCP sockets", () => {
  it('empty UDP datagrams ("", "\\n", "\\0") store nothing and count nothing, like an empty TCP line', async () => {
    await sendUdp(syslogPort, [Buffer.alloc(0), '\n', '\0', '\r\n', '<13>May 10 11:00:00 h app: empty-marker']);
    await waitForEvents(srv, 'empty-marker', 1);
    await srv.rt.syslog.settled();
    const all = await search(srv, `source:${syslogId}`);
    expect(all.map((e) => e.message)).toEqual(['empty-marker']);
    expect((await healthOf(srv, syslogId)).rejected24h).toBe(0);
  });

  it('rsyslog relaying RFC 5424 as BSD (TAG[PID] without colon): program and pid read over TCP', async () => {
    await sendTcp(syslogPort, ['<86>May 10 11:00:00 bastion sudo[9001] relay-quirk message\n']);
    const e = await waitForEvent(srv, 'relay-quirk');
    expect(e).toMatchObject({ host: 'bastion', action: 'sudo', message: 'relay-quirk message' });
    expect(e.raw.procId).toBe('9001');
  });

  it('RFC 5424 with a newline inside HOSTNAME (one UDP datagram) is stored with raw.parseError, not a corrupt host', async () => {
    await sendUdp(syslogPort, ['<13>1 2026-05-10T10:00:00Z \nhostname app - - - ctl-quirk']);
    const e = await waitForEvent(srv, 'ctl-quirk');
    expect(e.host).toBe('127.0.0.1');
    expect(e.raw.parseError).toMatch(/HOSTNAME contains the control character U\+000A/);
  });

  it('CEF with ArcSight ad.* keys and a PRI-less syslog prefix, over UDP', async () => {
    await sendUdp(cefPort, [
      'May 10 10:55:50 relay1 CEF:0|security|threatmanager|1.0|100|trojan stopped|10|src=10.0.0.192 dst=12.121.122.82 ad.field[0]=field0 ad.name[1]=new_name msg=adkeys-quirk',
    ]);
    const e = await waitForEvent(srv, 'adkeys-quirk');
    expect(e.raw.cef).toMatchObject({ dst: '12.121.122.82', 'ad.field[0]': 'field0', 'ad.name[1]': 'new_name' });
    expect(e.raw.cefPrefix).toBe('May 10 10:55:50 relay1 ');
    expect(e.severity).toBe('critical');
  });
});
