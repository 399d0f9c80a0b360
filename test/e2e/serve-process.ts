/**
 * Starts `node main/serve.ts` on a fresh temp data dir (or a given one, to restart on it) with free
 * ports, waits for runtime.json, and stops it with SIGTERM (SIGKILL after a grace period). Used by
 * the e2e fixture and the serve process tests (crash safety, restarts).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RuntimeInfo {
  pid: number;
  ingestUrl: string;
  consoleUrl: string;
  token: string;
}

export interface ServeProcess extends RuntimeInfo {
  dataDir: string;
  /** The serve process itself (tests kill it, or read its exit code). */
  child: ChildProcess;
  /** Everything the server printed (stdout + stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const REPO = resolve(import.meta.dirname, '..', '..');
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => child.once('exit', () => res()));
}

/**
 * `dataDir`: start on an existing data dir (kept on stop) instead of a fresh temp one (removed on stop).
 * `readyTimeoutMs`: how long it may take to write runtime.json before it counts as hung.
 */
export async function startServe(opts: { dataDir?: string; readyTimeoutMs?: number } = {}): Promise<ServeProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'watchpost-e2e-'));
  rmSync(join(dataDir, 'runtime.json'), { force: true }); // a kill -9 leaves the old one behind
  const child = spawn(
    process.execPath,
    ['main/serve.ts', '--data-dir', dataDir, '--ingest-host', '127.0.0.1', '--ingest-port', '0', '--console-host', '127.0.0.1', '--console-port', '0'],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));

  const runtimeFile = join(dataDir, 'runtime.json');
  const readyTimeoutMs = opts.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const deadline = Date.now() + readyTimeoutMs;
  let info: RuntimeInfo | null = null;
  while (!info) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode} before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not write ${runtimeFile} within ${readyTimeoutMs} ms:\n${out}`);
    }
    if (existsSync(runtimeFile)) {
      try {
        info = JSON.parse(readFileSync(runtimeFile, 'utf8')) as RuntimeInfo;
      } catch {
        // Half-written file: read again on the next poll.
      }
    }
    if (!info) await new Promise((r) => setTimeout(r, 100));
  }

  return {
    ...info,
    dataDir,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited(child);
        clearTimeout(timer);
      }
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
