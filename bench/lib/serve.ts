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
 * off so benchmarks measure ingest alone) and wait for its runtime.json. The caller prepares the data
 * dir: a stale runtime.json there would be read as this run's.
 */
export async function spawnServe(dataDir: string): Promise<BenchServe> {
  const root = join(import.meta.dirname, '..', '..');
  const child = spawn(
    process.execPath,
    [
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
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  while (!existsSync(join(dataDir, 'runtime.json'))) await new Promise((r) => setTimeout(r, 100));
  const rt = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as { pid: number; ingestUrl: string; consoleUrl: string; token: string };
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
