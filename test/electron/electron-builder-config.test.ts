import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_ID } from '../../main/electron/desktop.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
  electronFuses: Record<string, boolean>;
}

/** Load electron-builder.yml the way `electron-builder --config` does, then run its schema check. */
async function loadResolvedConfig(): Promise<{ config: unknown; validate(c: unknown): Promise<void> }> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = require('builder-util');
  const config = await getConfig(repoRoot, 'electron-builder.yml', null);
  return { config, validate: (c) => validateConfiguration(c, new DebugLogger(false)) };
}

/** The file as written (electron-builder normalises some fields when it loads them). */
function loadConfig(): BuilderConfig {
  const yaml = require('js-yaml') as { load(text: string): unknown };
  return yaml.load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation (and the check rejects unknown keys)', async () => {
    const { config, validate } = await loadResolvedConfig();
    await expect(validate(config)).resolves.toBeUndefined();
    await expect(validate({ ...(config as object), notAnOption: true })).rejects.toThrow(/Invalid configuration/);
  }, 30_000);

  it('builds AppImage + deb, dmg and nsis for Watchpost with the shell’s app id', () => {
    const config = loadConfig();
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe('Watchpost');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('ships the bundles, the renderer build and node_modules, with native modules outside the asar', () => {
    const config = loadConfig();
    expect(config.files).toEqual(expect.arrayContaining(['dist-electron/**/*', 'renderer/dist/**/*', 'package.json', 'node_modules/**/*']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.asarUnpack).toContain('dist-electron/search-worker.cjs');
    expect(config.asarUnpack).toContain('dist-electron/forwarding-send-worker.cjs');
    expect(config.asarUnpack).toContain('dist-electron/seal-worker.cjs');
    expect(config.asarUnpack).toContain('dist-electron/event-write-worker.cjs');
    expect(config.npmRebuild).toBe(true);
  });

  it('fuses the packaged binary so it cannot be driven as plain Node or load code outside its asar', () => {
    expect(loadConfig().electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });
});
