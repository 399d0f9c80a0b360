/**
 * Engine + servers, as one unit both entry points start: `serve` (headless, with the console API and
 * the UI) and the Electron shell (ingest only; the UI talks IPC). Owns listening and shutdown order.
 */
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { INGEST_PATH } from '../shared/limits.ts';
import { createEngine } from './engine/engine.ts';
import type { Engine, EngineOptions } from './engine/engine.ts';
import { buildIngestServer } from './servers/ingest-server.ts';
import { buildConsoleServer } from './servers/console-server.ts';
import { startSyslogListeners } from './servers/syslog-listeners.ts';
import type { SyslogListeners } from './servers/syslog-listeners.ts';
import { listenIngest } from './servers/ingest-listener.ts';
import type { IngestListenerLimits } from './servers/ingest-listener.ts';
import type { StreamLimits } from './servers/connection-guard.ts';
import { loadTlsIdentity } from './servers/tls-identity.ts';
import type { IngestTlsInfo } from '../shared/types.ts';
import { startGelfListeners } from './servers/gelf-listeners.ts';
import type { GelfListeners } from './servers/gelf-listeners.ts';

export interface RuntimeOptions extends EngineOptions {
  ingestHost: string;
  ingestPort: number;
  /** Headless only: the console API + UI. */
  console?: { host: string; port: number; token: string; staticDir?: string };
  /** Connection limits of the LAN listeners (defaults in docs/ingest-hardening.md; tests shorten them). */
  listenerLimits?: { ingest?: Partial<IngestListenerLimits>; stream?: Partial<StreamLimits> };
  /**
   * TLS on the ingest port and the syslog/CEF ports (docs/ingest-hardening.md): `auto` (default) serves
   * HTTP and HTTPS on the ingest port, `required` HTTPS only, `off` none. `certFile`/`keyFile`: the
   * user's pair; without them a certificate generated at first start (DATA_DIR/tls) is used.
   */
  tls?: { mode?: 'auto' | 'required' | 'off'; certFile?: string; keyFile?: string };
}

export interface Runtime {
  engine: Engine;
  ingestUrl: string;
  lanIngestUrls: string[];
  consoleUrl: string | null;
  /** Syslog/CEF listeners (one UDP + one TCP port per syslog/cef source); `states()` for the UI. */
  syslog: SyslogListeners;
  /** HTTPS on the ingest port (fingerprint, pin, URLs), or null when TLS is off. */
  ingestTls: IngestTlsInfo | null;
  /** GELF listeners (one UDP + one TCP port per gelf source). */
  gelf: GelfListeners;
  /** Stop accepting, finish in-flight requests, flush, close the database. */
  close(): Promise<void>;
}

/** Non-internal IPv4 addresses of this machine: where LAN sources reach the ingest port. */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const tlsMode = opts.tls?.mode ?? 'auto';
  // Before anything opens: a user certificate that cannot be used stops the start with its reason.
  const identity =
    tlsMode === 'off' ? null : await loadTlsIdentity({ dataDir: opts.dataDir, certFile: opts.tls?.certFile, keyFile: opts.tls?.keyFile, ips: lanAddresses() });
  const engine = createEngine(opts);
  const intake = engine.domains.ingest.intake;
  const ingestApp = buildIngestServer(engine.ingest, intake.gate);
  const consoleApp = opts.console ? buildConsoleServer(engine, { token: opts.console.token, staticDir: opts.console.staticDir }) : null;
  try {
    const ingestListener = await listenIngest(ingestApp, {
      host: opts.ingestHost,
      port: opts.ingestPort,
      limits: opts.listenerLimits?.ingest,
      tls: identity ? { cert: identity.certPem, key: identity.keyPem, required: tlsMode === 'required' } : null,
    });
    const ingestPort = ingestListener.port;
    const wildcard = opts.ingestHost === '0.0.0.0' || opts.ingestHost === '::';
    const urlsFor = (scheme: string): [string, string[]] => [
      `${scheme}://${wildcard ? '127.0.0.1' : urlHost(opts.ingestHost)}:${ingestPort}${INGEST_PATH}`,
      wildcard ? lanAddresses().map((a) => `${scheme}://${a}:${ingestPort}${INGEST_PATH}`) : [],
    ];
    // SPEC §1 keeps ingestUrl as the HTTP URL; only an HTTPS-only port advertises https there.
    const [ingestUrl, lanIngestUrls] = urlsFor(tlsMode === 'required' ? 'https' : 'http');
    const [httpsUrl, lanHttpsUrls] = urlsFor('https');
    const ingestTls: IngestTlsInfo | null = identity && {
      mode: tlsMode === 'required' ? 'required' : 'auto',
      httpsUrl,
      lanHttpsUrls,
      fingerprint256: identity.fingerprint256,
      pinnedPubKey: identity.pinnedPubKey,
      certPem: identity.certPem,
      origin: identity.origin,
      validTo: identity.validTo,
    };
    engine.setUrls({ ingestUrl, lanIngestUrls, ingestTls });
    let consoleUrl: string | null = null;
    if (consoleApp && opts.console) {
      await consoleApp.listen({ host: opts.console.host, port: opts.console.port });
      consoleUrl = `http://${urlHost(opts.console.host)}:${(consoleApp.server.address() as AddressInfo).port}`;
    }
    engine.start();
    const syslogTls = identity ? { cert: identity.certPem, key: identity.keyPem } : null; // RFC 5425 on the same ports
    const syslog = await startSyslogListeners(engine, opts.ingestHost, opts.listenerLimits?.stream, syslogTls); // never throws: a busy port is a listener state
    const gelf = await startGelfListeners(intake, opts.ingestHost, opts.listenerLimits?.stream);
    let closing: Promise<void> | null = null;
    return {
      engine,
      ingestUrl,
      lanIngestUrls,
      consoleUrl,
      syslog,
      gelf,
      ingestTls,
      close() {
        closing ??= (async () => {
          await syslog.close();
          await gelf.close();
          await ingestListener.close();
          if (consoleApp) await consoleApp.close();
          await engine.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await ingestApp.close().catch(() => {});
    if (consoleApp) await consoleApp.close().catch(() => {});
    await engine.close().catch(() => {});
    throw err;
  }
}
