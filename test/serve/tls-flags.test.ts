import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../main/serve-config.ts';
import { desktopOptionsFromEnv } from '../../main/electron/desktop.ts';

describe('TLS settings: serve flags, WATCHPOST_* env and the desktop environment (docs/ingest-hardening.md)', () => {
  it('serve: --ingest-tls defaults to auto; flags and env set mode, certificate and key', () => {
    expect(parseServeArgs([], {}).ingestTls).toBe('auto');
    const cfg = parseServeArgs(['--ingest-tls', 'required', '--tls-cert', '/etc/wp/cert.pem', '--tls-key=/etc/wp/key.pem'], {});
    expect(cfg).toMatchObject({ ingestTls: 'required', tlsCert: '/etc/wp/cert.pem', tlsKey: '/etc/wp/key.pem' });
    expect(parseServeArgs([], { WATCHPOST_INGEST_TLS: 'off' }).ingestTls).toBe('off');
    expect(parseServeArgs(['--ingest-tls', 'auto'], { WATCHPOST_INGEST_TLS: 'off' }).ingestTls).toBe('auto'); // flags win
    expect(parseServeArgs([], { WATCHPOST_TLS_CERT: '/c.pem', WATCHPOST_TLS_KEY: '/k.pem' })).toMatchObject({ tlsCert: '/c.pem', tlsKey: '/k.pem' });
  });

  it('serve: a bad mode or a certificate without its key is refused with the flag named', () => {
    expect(() => parseServeArgs(['--ingest-tls', 'yes'], {})).toThrow(/--ingest-tls must be one of auto, required, off \(got "yes"\)/);
    expect(() => parseServeArgs(['--tls-cert', '/c.pem'], {})).toThrow(/--tls-key is missing/);
    expect(() => parseServeArgs([], { WATCHPOST_TLS_KEY: '/k.pem' })).toThrow(/--tls-cert is missing/);
  });

  it('desktop: the same names from the environment', () => {
    expect(desktopOptionsFromEnv({ WATCHPOST_INGEST_TLS: 'required', WATCHPOST_TLS_CERT: '/c.pem', WATCHPOST_TLS_KEY: '/k.pem' }).tls).toEqual({
      mode: 'required',
      certFile: '/c.pem',
      keyFile: '/k.pem',
    });
    expect(desktopOptionsFromEnv({}).tls).toBeUndefined();
    expect(() => desktopOptionsFromEnv({ WATCHPOST_INGEST_TLS: 'on' })).toThrow(/WATCHPOST_INGEST_TLS must be auto, required or off/);
  });
});
