import { connect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../helpers/http.ts';
import type { TestServer } from '../../helpers/http.ts';
import type { LogSource } from '../../../shared/types.ts';
import { sleep } from '../raw-clients.ts';
import { freePort, octet, sendTcp, syslogSource, waitForEvent, waitForEvents } from './syslog-client.ts';

// idleMs leaves a sender every 500 ms 2.5 s of slack: on a loaded CI machine the process can be
// descheduled for more than a second (a 2 s limit closed such a relay once, at load ~13).
const STREAM = { firstByteMs: 1500, idleMs: 3000 };
const MARGIN_MS = 5000;

let srv: TestServer;
let port: number;
let sourceId: string;

beforeAll(async () => {
  srv = await startTestServer({ listenerLimits: { stream: STREAM } });
  port = await freePort();
  sourceId = await syslogSource(srv, { type: 'cef', listenPort: port, rateLimit: 100_000 });
});
afterAll(async () => {
  await srv.close();
});

/** An RFC 5425 sender: TLS to the syslog port, trusting only Watchpost's certificate and pinning its fingerprint. */
function tlsSender(opts: { ca?: string; pin?: string } = { ca: srv.rt.ingestTls!.certPem, pin: srv.rt.ingestTls!.fingerprint256 }): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = connect(
      {
        host: '127.0.0.1',
        port,
        ca: opts.ca,
        checkServerIdentity: (_h, cert) => (opts.pin && cert.fingerprint256 !== opts.pin ? new Error('pin mismatch') : undefined),
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
}

describe('syslog/CEF over TLS (RFC 5425) on the same port, with the ingest certificate', () => {
  it('octet-counted frames over TLS are stored with transport tls; the source shows tls', async () => {
    const s = await tlsSender();
    s.write(octet('<134>1 2026-05-10T10:00:00Z fw-1 cef - - - CEF:0|Acme|FW|1.0|100|Deny|7|src=10.0.0.9 msg=tls-frame-1'));
    s.write(octet('<134>1 2026-05-10T10:00:01Z fw-1 cef - - - CEF:0|Acme|FW|1.0|100|Deny|7|src=10.0.0.9 msg=tls-frame-2 with\nnewline'));
    const found = await waitForEvents(srv, 'tls-frame', 2);
    expect(found.map((e) => e.message).sort()).toEqual(['tls-frame-1', 'tls-frame-2 with\nnewline']);
    expect(found[0]?.raw.transport).toBe('tls');
    expect(found[0]).toMatchObject({ host: 'fw-1', severity: 'error' });
    s.end();
    const src = await srv.api<LogSource>('GET', `/v1/config/log-sources/${sourceId}`);
    expect(src.json.data.lastTransport).toBe('tls');
  });

  it('plain TCP keeps working on the same port', async () => {
    await sendTcp(port, ['<134>May 10 11:00:00 fw-2 CEF:0|Acme|FW|1.0|100|Deny|7|msg=plain-next-to-tls\n']);
    const e = await waitForEvent(srv, 'plain-next-to-tls');
    expect(e.raw.transport).toBe('tcp');
  });

  it('a sender that does not trust the certificate never gets to send', async () => {
    await expect(tlsSender({})).rejects.toThrow(/self.signed|certificate/i);
  });

  it('a TLS relay that keeps sending stays past the idle limit; once quiet it is closed on time', async () => {
    const s = await tlsSender();
    let closedAt = 0;
    s.on('close', () => (closedAt = Date.now()));
    // 12 records over ~6 s: twice the idle limit.
    for (let i = 0; i < 12; i++) {
      s.write(octet(`<134>1 2026-05-10T10:00:00Z relay cef - - - CEF:0|Acme|FW|1|1|N|3|msg=tls-relay-${i}`));
      await sleep(500);
      expect(closedAt).toBe(0);
    }
    expect(await waitForEvents(srv, 'tls-relay', 12)).toHaveLength(12);
    const quietFrom = Date.now();
    while (!closedAt && Date.now() - quietFrom < STREAM.idleMs + MARGIN_MS) await sleep(100);
    expect(closedAt).toBeGreaterThan(0);
    expect(closedAt - quietFrom).toBeLessThanOrEqual(STREAM.idleMs + MARGIN_MS);
  });
});
