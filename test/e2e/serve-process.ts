/**
 * Starts `node main/serve.ts` on a fresh temp data dir (or a given one, to restart on it) with free
 * ports, waits for runtime.json, and stops it with SIGTERM (SIGKILL after a grace period): the serve
 * process tests (crash safety, restarts). The e2e fixture gets the same runtime, flags and data dir
 * layout from a serve host (`startServeHost`, test/e2e/serve-host.ts) that loads the engine once.
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

/** A running serve runtime on its own data dir and ports, in a process of its own or in a serve host. */
export interface ServeInstance extends RuntimeInfo {
  dataDir: string;
  /** Everything the server printed (stdout + stderr) since it started, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface ServeProcess extends ServeInstance {
  /** The serve process itself (tests kill it, or read its exit code). */
  child: ChildProcess;
}

const REPO = resolve(import.meta.dirname, '..', '..');
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

/** `serve`'s flags for a test: loopback only, free ports. */
function serveArgs(dataDir: string): string[] {
  return ['--data-dir', dataDir, '--ingest-host', '127.0.0.1', '--ingest-port', '0', '--console-host', '127.0.0.1', '--console-port', '0'];
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Ask `child` to end (`ask`), then wait for its exit; SIGKILL after a grace period. */
async function endChild(child: ChildProcess, ask: () => void): Promise<void> {
  if (!running(child)) return;
  ask();
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  if (running(child)) await new Promise((res) => child.once('exit', res));
  clearTimeout(timer);
}

/**
 * `dataDir`: start on an existing data dir (kept on stop) instead of a fresh temp one (removed on stop).
 * `readyTimeoutMs`: how long it may take to write runtime.json before it counts as hung.
 */
export async function startServe(opts: { dataDir?: string; readyTimeoutMs?: number } = {}): Promise<ServeProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'watchpost-e2e-'));
  rmSync(join(dataDir, 'runtime.json'), { force: true }); // a kill -9 leaves the old one behind
  const child = spawn(process.execPath, ['main/serve.ts', ...serveArgs(dataDir)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
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
      await endChild(child, () => child.kill('SIGTERM'));
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Threads and open fds of the serve host after a runtime stopped (they must not grow run after run). */
export interface HostFootprint {
  threads: number;
  fds: number;
}
/** Threads of process `pid` (Linux /proc), worker threads included. */
export function threadsOf(pid: number | 'self'): number {
  return Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

export type HostRequest = { op: 'start'; id: number; args: string[] } | { op: 'stop'; id: number };
export type HostReply = { id: number; ok: true; info?: RuntimeInfo; footprint?: HostFootprint } | { id: number; ok: false; error: string };

export interface ServeHost {
  /** A fresh runtime on a fresh temp data dir (removed on stop) with free ports. */
  start(opts?: { readyTimeoutMs?: number }): Promise<ServeInstance>;
  /** The host's footprint after each stop so far, in order. */
  footprints(): HostFootprint[];
  /** Stop the host (and any runtime still in it). */
  close(): Promise<void>;
}

/** Start a serve host (test/e2e/serve-host.ts): one Node process that runs many serve runtimes, one after another. */
export function startServeHost(): ServeHost {
  const child = spawn(process.execPath, ['test/e2e/serve-host.ts'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  type HostOk = Extract<HostReply, { ok: true }>;
  const pending = new Map<number, { resolve(r: HostOk): void; reject(e: Error): void }>();
  const footprints: HostFootprint[] = [];
  let nextId = 1;
  const ask = (req: HostRequest | null, id = req?.id ?? 0): Promise<HostOk> =>
    new Promise((resolve, reject) => {
      if (!running(child)) return reject(new Error(`serve host is gone:\n${out}`));
      pending.set(id, { resolve, reject });
      if (req) child.send(req);
    });
  const ready = ask(null);
  ready.catch(() => {}); // reported by the first start
  child.on('message', (msg: HostReply) => {
    const waiter = pending.get(msg.id);
    pending.delete(msg.id);
    if (waiter) return msg.ok ? waiter.resolve(msg) : waiter.reject(new Error(`serve host: ${msg.error}\n${out}`));
    if (msg.ok && msg.info) child.send({ op: 'stop', id: msg.id } satisfies HostRequest); // started after its caller gave up
  });
  child.on('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`serve host exited (${signal ?? code}):\n${out}`));
    pending.clear();
  });

  return {
    async start(opts = {}) {
      await ready;
      const id = nextId++;
      const from = out.length;
      const dataDir = mkdtempSync(join(tmpdir(), 'watchpost-e2e-'));
      const readyTimeoutMs = opts.readyTimeoutMs ?? READY_TIMEOUT_MS;
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`serve host did not start runtime ${id} within ${readyTimeoutMs} ms:\n${out.slice(from)}`));
        }, readyTimeoutMs);
      });
      const started = await Promise.race([ask({ op: 'start', id, args: serveArgs(dataDir) }), hung]).finally(() => clearTimeout(timer));
      let stopping: Promise<void> | null = null;
      return {
        ...started.info!,
        dataDir,
        output: () => out.slice(from),
        stop() {
          stopping ??= ask({ op: 'stop', id }).then((r) => {
            if (r.footprint) footprints.push(r.footprint);
            rmSync(dataDir, { recursive: true, force: true });
          });
          return stopping;
        },
      };
    },
    footprints: () => [...footprints],
    // Without its IPC channel the host stops what still runs and exits.
    close: () => endChild(child, () => (child.connected ? child.disconnect() : child.kill('SIGTERM'))),
  };
}
