import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, EventPage, IngestTlsInfo, LogSource } from '../../shared/types.ts';
import { startRuntime } from '../../main/runtime.ts';
import { startTestServer } from '../helpers/http.ts';
import type { TestServer } from '../helpers/http.ts';
import { tempDir } from '../helpers/test-engine.ts';
import { selfSignedCert } from '../engine/forwarding/helpers/tls.ts';

const run = promisify(execFile);

/** POST one NDJSON line over HTTPS with Node's client, trusting `ca`, optionally pinning the certificate's SHA-256. */
function httpsIngest(url: string, key: string, line: string, tls: { ca?: string; pin?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ca: tls.ca,
        headers: { 'x-df-source-key': key, 'content-type': 'application/x-ndjson' },
        checkServerIdentity: (_host, cert) => (tls.pin && cert.fingerprint256 !== tls.pin ? new Error(`pin mismatch: ${cert.fingerprint256}`) : undefined),
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(line);
  });
}

/** The real curl, as the source page tells users to run it. */
async function curl(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run('curl', ['-sS', '--max-time', '20', ...args]);
    return { code: 0, out: r.stdout };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? -1, out: e.stderr ?? '' };
  }
}

let srv: TestServer;
let key: string;
let tls: IngestTlsInfo;

beforeAll(async () => {
  srv = await startTestServer();
  ({ key } = await srv.newSource({ rateLimit: 100_000 }));
  tls = srv.rt.ingestTls!;
});
afterAll(async () => {
  await srv.close();
});

describe('HTTPS on the ingest port (generated certificate)', () => {
  it('is generated at first start: ECDSA P-256, key file 0600, fingerprint and pin as openssl/curl compute them', async () => {
    expect(tls.mode).toBe('auto');
    expect(tls.origin).toBe('generated');
    const keyFile = join(srv.dataDir, 'tls', 'ingest-key.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(tls.certPem);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    const fp = await run('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', join(srv.dataDir, 'tls', 'ingest-cert.pem')]);
    expect(fp.stdout.trim()).toBe(`sha256 Fingerprint=${tls.fingerprint256}`);
    expect(tls.httpsUrl).toBe(srv.ingestUrl.replace('http://', 'https://'));
    const info = await srv.api<AppInfo>('GET', '/v1/app/info');
    expect(info.json.data.ingestTls).toMatchObject({ fingerprint256: tls.fingerprint256, pinnedPubKey: tls.pinnedPubKey, httpsUrl: tls.httpsUrl });
  });

  it('Node https client trusting the certificate and pinning its fingerprint: 200, events stored', async () => {
    const r = await httpsIngest(tls.httpsUrl, key, JSON.stringify({ message: 'over-https-node' }), { ca: tls.certPem, pin: tls.fingerprint256 });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ accepted: 1, rejected: 0, errors: [] });
    const found = await srv.api<EventPage>('GET', `/v1/events?limit=5&from=3650d&q=${encodeURIComponent('over-https-node')}`);
    expect(found.json.data.events).toHaveLength(1);
  });

  it('a client that does not trust the certificate, or pins another one, never sends the key', async () => {
    await expect(httpsIngest(tls.httpsUrl, key, '{}', {})).rejects.toThrow(/self.signed|certificate/i);
    await expect(httpsIngest(tls.httpsUrl, key, '{}', { ca: tls.certPem, pin: 'AA:BB' })).rejects.toThrow(/pin mismatch/);
  });

  it('curl --cacert and curl --pinnedpubkey (the source page examples) work; a wrong pin is refused by curl', async () => {
    const certFile = join(srv.dataDir, 'tls', 'ingest-cert.pem');
    const common = ['-H', `X-DF-Source-Key: ${key}`, '-H', 'Content-Type: application/x-ndjson'];
    const a = await curl(['--cacert', certFile, ...common, '--data-binary', JSON.stringify({ message: 'curl-cacert' }), tls.httpsUrl]);
    expect(a).toMatchObject({ code: 0 });
    expect(JSON.parse(a.out)).toMatchObject({ accepted: 1 });
    const b = await curl(['-k', '--pinnedpubkey', tls.pinnedPubKey, ...common, '--data-binary', JSON.stringify({ message: 'curl-pinned' }), tls.httpsUrl]);
    expect(b).toMatchObject({ code: 0 });
    expect(JSON.parse(b.out)).toMatchObject({ accepted: 1 });
    const wrong = await curl(['-k', '--pinnedpubkey', 'sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', ...common, '--data-binary', '{}', tls.httpsUrl]);
    expect(wrong.code).toBe(90); // CURLE_SSL_PINNEDPUBKEYNOTMATCH
  });

  it('plain HTTP keeps working on the same port; the source records which transport its latest request used', async () => {
    const { id, key: k } = await srv.newSource({});
    const lastTransport = async () => (await srv.api<LogSource>('GET', `/v1/config/log-sources/${id}`)).json.data.lastTransport;
    expect(await lastTransport()).toBeNull();
    expect((await srv.ingest(k, JSON.stringify({ message: 'still-plain' }))).status).toBe(200);
    expect(await lastTransport()).toBe('http');
    expect((await httpsIngest(tls.httpsUrl, k, '{"message":"now-tls"}', { ca: tls.certPem })).status).toBe(200);
    expect(await lastTransport()).toBe('https');
  });

  it('a restart on the same data dir serves the same certificate (pins stay valid)', async () => {
    const other = tempDir();
    const first = await startRuntime({ mode: 'headless', dataDir: other, ingestHost: '127.0.0.1', ingestPort: 0 });
    const fp = first.ingestTls!.fingerprint256;
    await first.close();
    const second = await startRuntime({ mode: 'headless', dataDir: other, ingestHost: '127.0.0.1', ingestPort: 0 });
    expect(second.ingestTls!.fingerprint256).toBe(fp);
    await second.close();
  });
});

describe('HTTPS only, and a user-supplied certificate', () => {
  it('required mode: plain HTTP gets 426 naming HTTPS (the key is not read); HTTPS with the user certificate works', async () => {
    const dir = tempDir();
    selfSignedCert(dir, 'k.pem', 'c.pem', { subject: '/CN=siem.example.lan', days: 30, extensions: ['subjectAltName=IP:127.0.0.1'] });
    const s = await startTestServer({ tls: { mode: 'required', certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem') } });
    try {
      const t = s.rt.ingestTls!;
      expect(t).toMatchObject({ mode: 'required', origin: 'user' });
      expect(s.ingestUrl.startsWith('https://')).toBe(true);
      const fp = await run('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', join(dir, 'c.pem')]);
      expect(fp.stdout.trim()).toBe(`sha256 Fingerprint=${t.fingerprint256}`);
      const { key: k } = await s.newSource({});
      const plain = await fetch(s.ingestUrl.replace('https://', 'http://'), {
        method: 'POST',
        headers: { 'x-df-source-key': k, 'content-type': 'application/x-ndjson' },
        body: '{}',
      });
      expect(plain.status).toBe(426);
      expect((await plain.json()) as unknown).toMatchObject({ accepted: 0, errors: [{ code: 'https_required' }] });
      const ok = await httpsIngest(t.httpsUrl, k, JSON.stringify({ message: 'user-cert' }), { ca: t.certPem, pin: t.fingerprint256 });
      expect(ok.status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('a key that does not belong to the certificate stops the start with a message naming the files', async () => {
    const dir = tempDir();
    for (const n of ['a', 'b']) {
      selfSignedCert(dir, `${n}-key.pem`, `${n}-cert.pem`, { subject: '/CN=x', days: 1 });
    }
    await expect(
      startRuntime({
        mode: 'headless',
        dataDir: tempDir(),
        ingestHost: '127.0.0.1',
        ingestPort: 0,
        tls: { certFile: join(dir, 'a-cert.pem'), keyFile: join(dir, 'b-key.pem') },
      }),
    ).rejects.toThrow(/TLS certificate\/key \(.*a-cert\.pem, .*b-key\.pem\) cannot be used/);
    writeFileSync(join(dir, 'junk.pem'), 'not a certificate');
    await expect(
      startRuntime({ mode: 'headless', dataDir: tempDir(), ingestHost: '127.0.0.1', ingestPort: 0, tls: { certFile: join(dir, 'junk.pem') } }),
    ).rejects.toThrow(/--tls-key is missing/);
  });
});
