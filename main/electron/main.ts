/**
 * Electron entry (bundled to dist-electron/main.cjs by scripts/build-electron.mjs). The only file
 * that imports the real 'electron' and the real runtime (engine + ingest server); everything else
 * takes them as parameters so it can be unit-tested with fakes.
 */
import electron from 'electron';
import { startRuntime } from '../runtime.ts';
import { desktopOptionsFromEnv, startDesktop } from './desktop.ts';

function fail(err: unknown): void {
  const message = (err as Error)?.message ?? String(err);
  console.error(`Watchpost failed to start: ${message}`);
  electron.dialog.showErrorBox('Watchpost cannot start', message);
  electron.app.exit(1);
}

try {
  startDesktop({ electron, startEngine: startRuntime, ...desktopOptionsFromEnv(process.env) }).catch(fail);
} catch (err) {
  fail(err);
}
