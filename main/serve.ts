/**
 * Headless entry: `npm run serve -- [--data-dir DIR] [--ingest-host H] [--ingest-port P]
 * [--console-host H] [--console-port P] [--retention-days N] [--retention-gb N] [--ingest-tls auto|required|off]
 * [--tls-cert FILE --tls-key FILE]`.
 * Writes DATA_DIR/runtime.json when ready; SIGINT/SIGTERM drain, flush, close and exit 0.
 */
import { realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRuntime } from './runtime.ts';
import type { Runtime } from './runtime.ts';
import { loadConsoleToken, parseServeArgs, runtimeFileOf, writeRuntimeFile } from './serve-config.ts';
import type { ServeConfig } from './serve-config.ts';

/** The runtime `serve` runs for its flags; the e2e suite's serve host starts the same (test/e2e/serve-host.ts). */
export function startServeRuntime(cfg: ServeConfig, token: string): Promise<Runtime> {
  const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer', 'dist');
  return startRuntime({
    dataDir: cfg.dataDir,
    mode: 'headless',
    ingestHost: cfg.ingestHost,
    ingestPort: cfg.ingestPort,
    retention: { maxAgeDays: cfg.retentionDays, maxSizeGb: cfg.retentionGb },
    console: { host: cfg.consoleHost, port: cfg.consolePort, token, staticDir },
    tls: { mode: cfg.ingestTls, ...(cfg.tlsCert ? { certFile: cfg.tlsCert } : {}), ...(cfg.tlsKey ? { keyFile: cfg.tlsKey } : {}) },
  });
}

async function main(): Promise<void> {
  let cfg;
  try {
    cfg = parseServeArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`watchpost serve: ${(err as Error).message}`);
    process.exit(2);
  }
  const token = loadConsoleToken(cfg.dataDir);
  const rt = await startServeRuntime(cfg, token);
  // Signal handlers first: once runtime.json exists, a SIGTERM must get the graceful path.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Watchpost: ${signal}, shutting down…`);
    rt.close().then(
      () => {
        rmSync(runtimeFileOf(cfg.dataDir), { force: true });
        process.exit(0);
      },
      (err) => {
        console.error('Watchpost: shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  writeRuntimeFile(cfg.dataDir, { pid: process.pid, ingestUrl: rt.ingestUrl, consoleUrl: rt.consoleUrl!, token });
  console.log(`Watchpost ingest:  ${rt.ingestUrl}${rt.lanIngestUrls.length ? `  (LAN: ${rt.lanIngestUrls.join(', ')})` : ''}`);
  if (rt.ingestTls)
    console.log(`Watchpost HTTPS:   ${rt.ingestTls.lanHttpsUrls[0] ?? rt.ingestTls.httpsUrl}  (certificate SHA-256 ${rt.ingestTls.fingerprint256})`);
  console.log(`Watchpost console: ${rt.consoleUrl}/?token=${token}`);
  console.log(`Data: ${cfg.dataDir}`);
}

// Run as `node main/serve.ts`, not when imported (import.meta.main needs Node 24.2; 22.12 is supported).
const entry = process.argv[1];
if (entry && realpathSync(entry) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`watchpost serve: ${(err as Error).message}`);
    process.exit(1);
  });
}
