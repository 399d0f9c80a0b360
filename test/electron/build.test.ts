import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, EXTERNAL } from '../../scripts/build-electron.mjs';
import type { BuildElectronResult } from '../../scripts/build-electron.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const run = promisify(execFile);

let built: BuildElectronResult;

beforeAll(async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'wp-dist-electron-'));
  built = await buildElectron({ outdir });
}, 60_000);

describe('scripts/build-electron.mjs', () => {
  it('writes the two CommonJS bundles that package.json and the window point at', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist-electron/main.cjs');
    expect(built.outputs.main.endsWith(join('main.cjs'))).toBe(true);
    expect(built.outputs.preload.endsWith(join('preload.cjs'))).toBe(true);
    expect(statSync(built.outputs.main).size).toBeGreaterThan(1000);
    expect(statSync(built.outputs.preload).size).toBeGreaterThan(500);
    expect(EXTERNAL).toEqual(['electron', 'better-sqlite3']);
  });

  it('keeps electron and the native better-sqlite3 out of the main bundle', () => {
    const inputs = Object.keys(built.metafiles.main.inputs);
    expect(inputs).toContain('main/electron/main.ts');
    expect(inputs).toContain('main/runtime.ts');
    expect(inputs.filter((i) => i.includes('node_modules/better-sqlite3') || i.includes('node_modules/electron/'))).toEqual([]);
    const code = readFileSync(built.outputs.main, 'utf8');
    expect(code).toContain('require("better-sqlite3")');
    expect(code).toContain('require("electron")');
    // import.meta as code (empty in CommonJS); the define table's own string keys may appear
    expect(code).not.toMatch(/(^|[^"'\w.])import\.meta\b/m);
  });

  it.each([
    ['searchWorker', 'search-worker.cjs', 'main/engine/search/worker.ts'],
    ['sendWorker', 'forwarding-send-worker.cjs', 'main/engine/forwarding/send-worker.ts'],
    ['sealWorker', 'seal-worker.cjs', 'main/engine/store/event-store/seal-worker.ts'],
    ['eventWriteWorker', 'event-write-worker.cjs', 'main/engine/store/event-store/write-worker.ts'],
  ] as const)('bundles the %s beside main.cjs, where the engine looks for it, with SQLite kept external', (key, file, entry) => {
    expect(built.outputs[key]).toBe(join(dirname(built.outputs.main), file));
    const inputs = Object.keys(built.metafiles[key].inputs);
    expect(inputs).toContain(entry);
    expect(inputs.filter((i) => i.includes('node_modules/better-sqlite3'))).toEqual([]);
    const code = readFileSync(built.outputs[key], 'utf8');
    expect(code).toContain('require("better-sqlite3")');
    expect(code).not.toContain('require("electron")');
  });

  it('bundles the preload into one file that needs nothing but electron (sandbox rule)', () => {
    expect(Object.keys(built.metafiles.preload.inputs).sort()).toEqual(['preload/bridge.ts', 'preload/preload.ts', 'shared/api.ts']);
    const code = readFileSync(built.outputs.preload, 'utf8');
    expect([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('the built preload exposes window.watchpost with invoke and subscribe in a sandbox-like context', async () => {
    const exposed: Record<string, unknown> = {};
    const invokes: unknown[][] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke: async (...args: unknown[]) => (invokes.push(args), { success: true, data: 'pong' }), on: () => undefined },
    };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return fakeElectron;
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(readFileSync(built.outputs.preload, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console });
    expect(Object.keys(exposed)).toEqual(['watchpost']);
    const bridge = exposed.watchpost as { invoke(m: string, i: unknown): Promise<unknown>; subscribe: unknown };
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
    expect(await bridge.invoke('app.info', {})).toEqual({ success: true, data: 'pong' });
    expect(invokes).toEqual([['watchpost:invoke', 'app.info', {}]]);
  });

  it('the built main starts the real engine behind the fake electron, serves IPC and closes on quit', async () => {
    const work = mkdtempSync(join(tmpdir(), 'wp-main-smoke-'));
    const fakeModules = join(work, 'fake_modules');
    mkdirSync(join(fakeModules, 'electron'), { recursive: true });
    writeFileSync(join(fakeModules, 'electron', 'index.js'), readFileSync(join(here, 'fixtures', 'fake-electron-module.cjs')));
    const appPath = join(work, 'app');
    mkdirSync(join(appPath, 'renderer', 'dist'), { recursive: true });
    writeFileSync(join(appPath, 'renderer', 'dist', 'index.html'), '<!doctype html><div id="root"></div>');
    const userData = join(work, 'user-data');
    const { stdout } = await run(process.execPath, [join(here, 'fixtures', 'run-main-bundle.cjs'), built.outputs.main], {
      env: {
        ...process.env,
        NODE_PATH: [fakeModules, join(repoRoot, 'node_modules')].join(process.platform === 'win32' ? ';' : ':'),
        FAKE_APP_PATH: appPath,
        FAKE_USER_DATA: userData,
        WATCHPOST_INGEST_HOST: '127.0.0.1',
        WATCHPOST_INGEST_PORT: '0',
      },
      timeout: 45_000,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      info: { success: boolean; data: { ingestUrl: string; secretStorageWarning: string } };
      search: unknown;
      foreign: unknown;
      prevented: boolean;
      quitCalls: number;
      preload: string;
      loadedFile: string;
    };
    expect(report.info.success).toBe(true);
    expect(report.info.data).toMatchObject({ mode: 'desktop', dataDir: userData });
    expect(report.info.data.ingestUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/ingest$/);
    expect(report.info.data.secretStorageWarning).toMatch(/basic_text/);
    expect(report.search).toMatchObject({ success: true, data: { nextCursor: null } });
    expect(report.foreign).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
    expect(report.prevented).toBe(true);
    expect(report.quitCalls).toBe(1);
    expect(report.preload).toBe(join(appPath, 'dist-electron', 'preload.cjs'));
    expect(report.loadedFile).toBe(join(appPath, 'renderer', 'dist', 'index.html'));
  }, 60_000);
});
