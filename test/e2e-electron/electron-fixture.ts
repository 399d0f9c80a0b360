/**
 * The desktop e2e fixture: builds dist-electron (and the renderer if it has not been built), then
 * launches the real Electron app on a fresh data dir with ingest on a free loopback port, and hands
 * the spec the first window. Specs talk to this fixture, not to `_electron` directly.
 */
import { test as base, expect, _electron } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from '../../scripts/build-electron.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Path of the Electron executable, or null when it was never downloaded: the `electron` package's
 * index.js throws without its path.txt, and the path it names must exist.
 */
export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export const NO_ELECTRON_REASON =
  'No Electron binary: node_modules/electron has no downloaded runtime (install script not run or no network). ' +
  'Run `node node_modules/electron/install.js` (npm 11: `npm install-scripts approve electron`) to enable the desktop e2e.';

export interface DesktopFixtures {
  dataDir: string;
  electronApp: ElectronApplication;
  appWindow: Page;
}

function ensureBuilt(): Promise<unknown> {
  if (!existsSync(join(REPO_ROOT, 'renderer', 'dist', 'index.html'))) {
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:renderer'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  return buildElectron({ root: REPO_ROOT });
}

export const test = base.extend<DesktopFixtures>({
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-desktop-e2e-'));
    try {
      await use(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  electronApp: async ({ dataDir }, use) => {
    await ensureBuilt();
    const executablePath = electronBinary();
    if (!executablePath) throw new Error(NO_ELECTRON_REASON);
    // Chromium refuses to start as root with its OS sandbox on (containers); page sandboxing stays on.
    const args = [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), REPO_ROOT];
    const app = await _electron.launch({
      executablePath,
      args,
      cwd: REPO_ROOT,
      env: {
        ...(process.env as Record<string, string>),
        WATCHPOST_DATA_DIR: dataDir,
        WATCHPOST_INGEST_HOST: '127.0.0.1',
        WATCHPOST_INGEST_PORT: '0',
      },
    });
    try {
      await use(app);
    } finally {
      await app.close();
    }
  },
  appWindow: async ({ electronApp }, use) => {
    const page = await electronApp.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await use(page);
  },
});

export { expect };
