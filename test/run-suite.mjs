/**
 * `npm test`: the checks (layers, Biome + knip, tsc), the renderer build and vitest run side by side,
 * then Playwright on the fresh build. On a 2-core machine vitest leaves CPU idle while its tests wait
 * on sockets and timers, so the ~50 s of checks fit into it instead of coming first
 * (docs/testing.md). vitest's output streams as it runs; each other step prints its output once it
 * ends. Every step of the first phase runs to its end, so one run shows every failure; Playwright
 * runs only when all of them passed. Exit code 1 when any step failed.
 */
import { spawn } from 'node:child_process';
import { useCompileCache } from './compile-cache.ts';

useCompileCache();

const FIRST = [
  { name: 'check:layers', cmd: 'npm run -s check:layers' },
  { name: 'lint', cmd: 'npm run -s lint' },
  { name: 'typecheck', cmd: 'npm run -s typecheck' },
  { name: 'build:renderer', cmd: 'npm run -s build:renderer' },
  { name: 'vitest', cmd: 'vitest run', live: true },
];
const LAST = { name: 'playwright', cmd: 'playwright test', live: true };

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
      process.stdout.write(`\n── ${step.name}: ${verdict}, ${took}\n${ok ? '' : out}`);
      resolve(ok);
    });
  });
}

const passed = await Promise.all(FIRST.map(run));
const failed = FIRST.filter((_, i) => !passed[i]).map((s) => s.name);
if (failed.length > 0) {
  process.stdout.write(`\nnpm test: ${failed.join(', ')} failed; Playwright not run.\n`);
  process.exit(1);
}
process.exit((await run(LAST)) ? 0 : 1);
