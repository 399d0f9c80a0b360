/**
 * `npm test`: every step at once: the checks (layers, Biome + knip, tsc), vitest, and the renderer
 * build followed by Playwright on it. On a 2-core machine neither test runner keeps the CPU busy
 * (their tests wait on sockets, timers, worker threads, serve boots and the browser), so each fills
 * the other's waits (docs/testing.md). vitest's output streams as it runs; every other step prints
 * its output once it ends. Every step runs to its end, so one run shows every failure (Playwright
 * is skipped only when the renderer build failed). Exit code 1 when any step failed.
 */
import { spawn } from 'node:child_process';
import { useCompileCache } from './compile-cache.ts';

useCompileCache();

const CHECKS = [
  { name: 'check:layers', cmd: 'npm run -s check:layers' },
  { name: 'lint', cmd: 'npm run -s lint' },
  { name: 'typecheck', cmd: 'npm run -s typecheck' },
  { name: 'vitest', cmd: 'vitest run', live: true },
];
const BUILD = { name: 'build:renderer', cmd: 'npm run -s build:renderer' };
const E2E = { name: 'playwright', cmd: 'playwright test' };

/** Run one step; resolves with whether it passed. A buffered step prints its output when it ends. */
function run(step) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(step.cmd, { shell: true, stdio: step.live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('close', (code, signal) => {
      const ok = code === 0;
      const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
      const verdict = ok ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`;
      // Playwright's list of tests is the e2e report: shown whether it passed or not.
      process.stdout.write(`\n── ${step.name}: ${verdict}, ${took}\n${ok && step !== E2E ? '' : out}`);
      resolve(ok);
    });
  });
}

/** The renderer build, then Playwright on it; the build's failure is reported as Playwright not run. */
async function buildThenE2e() {
  if (!(await run(BUILD))) return [false, false];
  return [true, await run(E2E)];
}

const [checks, [built, e2e]] = await Promise.all([Promise.all(CHECKS.map(run)), buildThenE2e()]);
const failed = [...CHECKS.filter((_, i) => !checks[i]).map((s) => s.name), ...(built ? [] : [BUILD.name]), ...(built && !e2e ? [E2E.name] : [])];
if (failed.length > 0) {
  process.stdout.write(`\nnpm test: ${failed.join(', ')} failed${built ? '' : '; Playwright not run'}.\n`);
  process.exit(1);
}
process.exit(0);
