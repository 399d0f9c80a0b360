/**
 * The certificate the ingest port (HTTPS) and the syslog/CEF listeners (RFC 5425 TLS) present.
 * Either user-supplied (`--tls-cert` / `--tls-key`, or WATCHPOST_TLS_CERT / WATCHPOST_TLS_KEY), or
 * generated at first start: ECDSA P-256, self-signed, stored in DATA_DIR/tls/ (key 0600) and reused
 * on every start, so the SHA-256 fingerprint and the public-key pin senders copy stay the same.
 */
import { X509Certificate, createHash, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first
import * as x509 from '@peculiar/x509';

export interface TlsIdentity {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the certificate (DER), colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprint256: string;
  /** `sha256//BASE64` of the public key (SPKI DER): curl's `--pinnedpubkey` value; survives a re-issued certificate with the same key. */
  pinnedPubKey: string;
  origin: 'generated' | 'user';
  /** Where the certificate is on disk (for `curl --cacert`). */
  certFile: string;
  /** The certificate's end of validity (ISO 8601). */
  validTo: string;
}

const VALID_YEARS = 10;

/** Fingerprint and public-key pin of a PEM certificate. */
export function describeCertificate(certPem: string): Pick<TlsIdentity, 'fingerprint256' | 'pinnedPubKey' | 'validTo'> {
  const cert = new X509Certificate(certPem);
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return {
    fingerprint256: cert.fingerprint256,
    pinnedPubKey: `sha256//${createHash('sha256').update(spki).digest('base64')}`,
    validTo: new Date(cert.validTo).toISOString(),
  };
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Write through a temp file + rename, with the mode set before any content can be read. */
function writeSecure(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

/** A new self-signed ECDSA P-256 server certificate for this machine's names and addresses. */
export async function generateSelfSigned(names: { dns: string[]; ips: string[] }, now = new Date()): Promise<{ certPem: string; keyPem: string }> {
  const crypto = webcrypto as unknown as Crypto;
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const san: x509.JsonGeneralName[] = [
    ...[...new Set(names.dns)].map((value) => ({ type: 'dns' as const, value })),
    ...[...new Set(names.ips)].map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: `01${randomBytes(15).toString('hex')}`,
      name: `CN=Watchpost ingest ${names.dns[0] ?? 'localhost'}`,
      notBefore: new Date(now.getTime() - 3_600_000),
      notAfter: new Date(now.getTime() + VALID_YEARS * 365 * 86_400_000),
      signingAlgorithm: alg,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(san),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: cert.toString('pem') + '\n', keyPem: pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

/** Refuse a certificate/key pair Node cannot serve, naming the files. */
function checkPair(certPem: string, keyPem: string, where: string): void {
  try {
    createSecureContext({ cert: certPem, key: keyPem });
    new X509Certificate(certPem);
  } catch (err) {
    throw new Error(`TLS certificate/key ${where} cannot be used: ${(err as Error).message}`);
  }
}

/**
 * The identity to serve. With `certFile`/`keyFile` (both or neither) the user's pair is read and
 * checked; otherwise DATA_DIR/tls/ingest-cert.pem + ingest-key.pem, generated when missing.
 */
export async function loadTlsIdentity(opts: { dataDir: string; certFile?: string; keyFile?: string; ips?: string[] }): Promise<TlsIdentity> {
  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile)
      throw new Error(
        `TLS: ${opts.certFile ? '--tls-key' : '--tls-cert'} is missing; give both the certificate and its key, or neither to use the generated one`,
      );
    const read = (file: string, what: string): string => {
      try {
        return readFileSync(file, 'utf8');
      } catch (err) {
        throw new Error(`TLS ${what} ${file} cannot be read: ${(err as Error).message}`);
      }
    };
    const certPem = read(opts.certFile, 'certificate');
    const keyPem = read(opts.keyFile, 'key');
    checkPair(certPem, keyPem, `(${opts.certFile}, ${opts.keyFile})`);
    return { certPem, keyPem, origin: 'user', certFile: opts.certFile, ...describeCertificate(certPem) };
  }
  const dir = join(opts.dataDir, 'tls');
  const certFile = join(dir, 'ingest-cert.pem');
  const keyFile = join(dir, 'ingest-key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const host = hostname();
    const made = await generateSelfSigned({
      dns: ['localhost', ...(host && host !== 'localhost' ? [host] : [])],
      ips: ['127.0.0.1', '::1', ...(opts.ips ?? [])],
    });
    writeSecure(keyFile, made.keyPem, 0o600);
    writeSecure(certFile, made.certPem, 0o644);
  }
  chmodSync(keyFile, 0o600);
  const certPem = readFileSync(certFile, 'utf8');
  const keyPem = readFileSync(keyFile, 'utf8');
  checkPair(certPem, keyPem, `in ${dir} (delete both files to generate a new pair)`);
  return { certPem, keyPem, origin: 'generated', certFile, ...describeCertificate(certPem) };
}
