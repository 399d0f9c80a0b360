import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../helpers/test-engine.ts';

const script = join(import.meta.dirname, '..', '..', 'scripts', 'check-layers.mjs');

function run(files: Record<string, string>): { code: number; out: string } {
  const root = tempDir('layers-');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  try {
    return { code: 0, out: execFileSync(process.execPath, [script, root], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (err) {
    const e = err as { status: number; stderr: string };
    return { code: e.status, out: e.stderr };
  }
}

describe('layering check', () => {
  it('passes a tree that follows the arrows', () => {
    const r = run({
      'shared/a.ts': 'export const a = 1;\n',
      'main/engine/b.ts': "import { a } from '../../shared/a.ts';\nimport Database from 'better-sqlite3';\n",
      'renderer/src/c.tsx': "import { a } from '../../shared/a.ts';\nimport React from 'react';\n",
    });
    expect(r.code).toBe(0);
  });
  it.each([
    ['engine imports electron', { 'main/engine/x.ts': "import { app } from 'electron';\n" }, /engine may not import 'electron'/],
    [
      'engine imports servers',
      { 'main/engine/x.ts': "import { y } from '../servers/y.ts';\n", 'main/servers/y.ts': 'export const y = 1;\n' },
      /engine may not import servers/,
    ],
    ['shared imports node', { 'shared/x.ts': "import { readFileSync } from 'node:fs';\n" }, /shared may not import 'node:fs'/],
    [
      'renderer imports engine',
      { 'renderer/src/x.ts': "import { e } from '../../main/engine/e.ts';\n", 'main/engine/e.ts': 'export const e = 1;\n' },
      /renderer may not import engine/,
    ],
    [
      'preload imports engine',
      { 'preload/p.ts': "import { e } from '../main/engine/e.ts';\n", 'main/engine/e.ts': 'export const e = 1;\n' },
      /preload may not import engine/,
    ],
  ])('fails when %s', (_name, files, message) => {
    const r = run(files);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(message);
  });
});
