import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a started `serve` writes to `<data-dir>/runtime.json`, plus a handle to stop it. */
export interface BenchServe {
  pid: number;
  ingestUrl: string;
  consoleUrl: string;
  token: string;
  child: ChildProcess;
  /** SIGTERM the child and resolve once it has exited. */
  stop(): Promise<void>;
}

/**
 * Start `main/serve.ts` as a child process on `dataDir` (loopback ingest, ephemeral ports, retention
 * off so benchmarks measure ingest alone) and wait for its runtime.json (the one naming this child).
 * `nodeFlags` go to node before the script (default: what `npm run serve` passes). The child gets SIGTERM
 * when the bench process exits, also on an uncaught error.
 */
/**
 * The V8 flags `npm run serve` passes (package.json): the engine thread's young generation capped,
 * every heap grown by at most 2× its live size after a full collection, and no allocation site
 * switched to allocating in the old generation (README "Quick start").
 */
export const SERVE_NODE_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=100', '--no-allocation-site-pretenuring'];
/** The V8 flags a bench's engine child runs with: NODE_FLAGS='…' (space-separated; empty for none) or serve's. */
export function benchNodeFlags(): string[] {
  const v = process.env.NODE_FLAGS;
  return v === undefined ? SERVE_NODE_FLAGS : v.split(' ').filter(Boolean);
}
/** The allocator settings `npm run serve` starts Node with (package.json; README "Quick start"). */
export const SERVE_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '262144' };

export async function spawnServe(dataDir: string, nodeFlags: string[] = SERVE_NODE_FLAGS): Promise<BenchServe> {
  const root = join(import.meta.dirname, '..', '..');
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      join(root, 'main', 'serve.ts'),
      '--data-dir',
      dataDir,
      '--ingest-host',
      '127.0.0.1',
      '--ingest-port',
      '0',
      '--console-port',
      '0',
      '--retention-days',
      '0',
      '--retention-gb',
      '0',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...SERVE_ENV, ...process.env } },
  );
  // A bench that throws must not leave its serve running (on the store the next run opens).
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.removeListener('exit', orphanGuard));
  // A runtime.json left by an earlier serve (killed, or still draining) names that process: wait for ours.
  const file = join(dataDir, 'runtime.json');
  type Runtime = { pid: number; ingestUrl: string; consoleUrl: string; token: string };
  const read = (): Runtime | null => {
    try {
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Runtime) : null;
    } catch {
      return null; // half written: read again
    }
  };
  let rt = read();
  while (!rt || rt.pid !== child.pid) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode} before it was ready`);
    await new Promise((r) => setTimeout(r, 100));
    rt = read();
  }
  return {
    ...rt,
    child,
    stop: () =>
      new Promise<void>((res) => {
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}
