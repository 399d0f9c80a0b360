/**
 * The first-contact Node check (scripts/check-node.cjs): an older Node gets one line naming the
 * required version and the README section, from the script itself, from `npm run serve` and from
 * `npm ci`'s preinstall. An older Node is faked by a --require preload that rewrites
 * process.versions.node, so the test needs no second Node installed.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/test-engine.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'scripts', 'check-node.cjs');
const { nodeVersionProblem } = createRequire(import.meta.url)(script) as { nodeVersionProblem: (v: string) => string | null };
const LINE = /^Watchpost needs Node\.js 22\.12 or newer \(this is Node 20\.11\.1\); see README\.md, section "Machines whose Node is older than 22\.12"\.$/;

const dir = tempDir('watchpost-node-check-');
const fake = join(dir, 'fake-node-20.cjs');
writeFileSync(fake, "Object.defineProperty(process.versions, 'node', { value: '20.11.1' });\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run a command with every Node process it starts believing it is Node 20.11.1. */
async function asNode20(cmd: string, args: string[], cwd: string): Promise<{ code: number; stderr: string; stdout: string }> {
  try {
    const r = await run(cmd, args, { cwd, env: { ...process.env, NODE_OPTIONS: `--require ${fake}` }, timeout: 120_000 });
    return { code: 0, stderr: r.stderr, stdout: r.stdout };
  } catch (err) {
    const e = err as { code: number; stderr: string; stdout: string };
    return { code: e.code, stderr: e.stderr, stdout: e.stdout };
  }
}

describe('Node version gate', () => {
  it('accepts 22.12 and newer, refuses anything older with the version and the README section', () => {
    for (const ok of ['22.12.0', '22.13.1', '23.0.0', '24.11.0', 'v24.1.0']) expect(nodeVersionProblem(ok), ok).toBeNull();
    for (const old of ['22.11.9', '20.11.1', '18.20.4', '16.0.0']) {
      expect(nodeVersionProblem(old)).toBe(
        `Watchpost needs Node.js 22.12 or newer (this is Node ${old}); see README.md, section "Machines whose Node is older than 22.12".`,
      );
    }
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('### Machines whose Node is older than 22.12');
  });

  it('the script exits 1 with exactly one line on an older Node, and 0 silently on this one', async () => {
    const old = await asNode20(process.execPath, [script], root);
    expect(old.code).toBe(1);
    expect(old.stderr.trim()).toMatch(LINE);
    const current = await run(process.execPath, [script], { cwd: root });
    expect(current.stderr + current.stdout).toBe('');
  });

  it('npm run serve stops at the check, before building or starting anything', async () => {
    const r = await asNode20('npm', ['run', 'serve', '--silent'], root);
    expect(r.code).not.toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('Watchpost needs'))).toHaveLength(1);
    expect(r.stderr).toMatch(/Watchpost needs Node\.js 22\.12 or newer \(this is Node 20\.11\.1\)/);
    expect(r.stdout).not.toMatch(/vite|Watchpost ingest/);
  });

  it("npm ci runs the check as the project's preinstall and fails with the line", async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; engines: Record<string, string> };
    const project = join(dir, 'project');
    mkdirSync(join(project, 'scripts'), { recursive: true });
    copyFileSync(script, join(project, 'scripts', 'check-node.cjs'));
    // The real preinstall and engines, without dependencies, so npm ci runs offline in a second.
    const manifest = { name: 'watchpost-gate', version: '1.0.0', private: true, engines: pkg.engines, scripts: { preinstall: pkg.scripts['preinstall'] } };
    writeFileSync(join(project, 'package.json'), JSON.stringify(manifest));
    writeFileSync(
      join(project, 'package-lock.json'),
      JSON.stringify({
        name: 'watchpost-gate',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: { '': { name: 'watchpost-gate', version: '1.0.0', engines: pkg.engines } },
      }),
    );
    const r = await asNode20('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Watchpost needs Node\.js 22\.12 or newer \(this is Node 20\.11\.1\); see README\.md/);
  });
});
