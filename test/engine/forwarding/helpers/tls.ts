import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private CA and a server certificate it signed, for 127.0.0.1 / localhost. */
export interface TestPki {
  caCertPem: string;
  serverKeyPem: string;
  serverCertPem: string;
}

/** `openssl req` arguments for a fresh unencrypted P-256 key; the key file name follows. */
const NEW_P256_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout'];

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Write a self-signed P-256 key and certificate (paths relative to `dir`) with the openssl CLI: a
 * CA root here, a user-supplied ingest certificate in the HTTPS tests.
 */
export function selfSignedCert(dir: string, keyFile: string, certFile: string, opts: { subject: string; days: number; extensions?: string[] }): void {
  openssl(dir, [
    'req',
    '-x509',
    ...NEW_P256_KEY,
    keyFile,
    '-out',
    certFile,
    '-days',
    String(opts.days),
    '-subj',
    opts.subject,
    ...(opts.extensions ?? []).flatMap((e) => ['-addext', e]),
  ]);
}

/**
 * Make a throwaway CA with the openssl CLI (node:crypto cannot sign X.509). Each call is a new CA,
 * so a certificate from one is untrusted by another: that is how the tests prove `caCertPem`
 * is what makes the receiver trusted.
 */
export function makeTestPki(name = 'Watchpost Test'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'wp-pki-'));
  try {
    selfSignedCert(dir, 'ca.key', 'ca.pem', {
      subject: `/CN=${name} CA`,
      days: 2,
      extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'],
    });
    openssl(dir, ['req', ...NEW_P256_KEY, 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
    ]);
    return {
      caCertPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      serverKeyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
      serverCertPem: readFileSync(join(dir, 'server.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
