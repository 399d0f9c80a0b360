/**
 * Starts the real desktop shell (`startDesktop`) against the fake electron and a fake engine, in a
 * fresh temporary userData directory, and hands back everything a test wants to poke at.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDesktop } from '../../main/electron/desktop.ts';
import type { StartDesktopOptions } from '../../main/electron/desktop.ts';
import { createFakeElectron } from './fake-electron.ts';
import type { FakeElectronOptions } from './fake-electron.ts';
import { fakeEngineStarter } from './fake-engine.ts';

export const APP_PAGE_HTML =
  '<!doctype html><html><head><script>document.documentElement.dataset.theme="dark";</script>' +
  '<script type="module" src="./assets/index.js"></script></head><body><div id="root"></div></body></html>';

export interface HarnessOptions extends FakeElectronOptions {
  engine?: Parameters<typeof fakeEngineStarter>[0];
  desktop?: Partial<Omit<StartDesktopOptions, 'electron' | 'startEngine'>>;
}

/** A temp app directory laid out like the packaged app (renderer/dist/index.html). */
export function makeAppDir(): string {
  const appPath = mkdtempSync(join(tmpdir(), 'wp-app-'));
  mkdirSync(join(appPath, 'renderer', 'dist'), { recursive: true });
  writeFileSync(join(appPath, 'renderer', 'dist', 'index.html'), APP_PAGE_HTML);
  return appPath;
}

export async function startHarness(opts: HarnessOptions = {}) {
  const userData = opts.userData ?? mkdtempSync(join(tmpdir(), 'wp-userdata-'));
  const appPath = opts.appPath ?? makeAppDir();
  const fake = createFakeElectron({ ...opts, userData, appPath });
  const startEngine = fakeEngineStarter(opts.engine);
  const logs: string[] = [];
  const desktop = await startDesktop({
    electron: fake.electron,
    startEngine,
    operator: 'analyst1',
    platform: 'linux',
    log: (line) => logs.push(line),
    ...opts.desktop,
  });
  const appUrl = `file://${join(appPath, 'renderer', 'dist', 'index.html')}`;
  return { fake, desktop, startEngine, runtime: startEngine.runtimes[0], logs, userData, appPath, appUrl };
}

/** Let queued promise callbacks (will-quit shutdown chain) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
