/**
 * One long-lived process per Playwright worker that loads the engine once and, asked over IPC,
 * starts a fresh runtime the way `node main/serve.ts` does (its flags, its token, its runtime.json on
 * a fresh data dir with free ports) and stops it again. Saves each e2e test a Node boot and the
 * import of ~300 modules (docs/testing.md); each runtime still has its own store, sockets and worker
 * threads. A stop answers with this process's thread and fd counts so the fixture can show that
 * nothing is left behind from one runtime to the next. Started by `startServeHost()` in serve-process.ts.
 */
import { readdirSync, rmSync } from 'node:fs';
import type { Runtime } from '../../main/runtime.ts';
import { startServeRuntime } from '../../main/serve.ts';
import { loadConsoleToken, parseServeArgs, runtimeFileOf, writeRuntimeFile } from '../../main/serve-config.ts';
import { threadsOf } from './serve-process.ts';
import type { HostReply, HostRequest } from './serve-process.ts';

const running = new Map<number, { rt: Runtime; dataDir: string }>();

/** Threads and open file descriptors of this process, after a runtime stopped. */
function footprint(): { threads: number; fds: number } {
  return { threads: threadsOf('self'), fds: readdirSync('/proc/self/fd').length };
}

function reply(msg: HostReply): void {
  process.send?.(msg);
}

async function start(id: number, args: string[]): Promise<void> {
  const cfg = parseServeArgs(args);
  const token = loadConsoleToken(cfg.dataDir);
  const rt = await startServeRuntime(cfg, token);
  running.set(id, { rt, dataDir: cfg.dataDir });
  const info = { pid: process.pid, ingestUrl: rt.ingestUrl, consoleUrl: rt.consoleUrl!, token };
  writeRuntimeFile(cfg.dataDir, info);
  console.log(`[runtime ${id}] console ${rt.consoleUrl}, data ${cfg.dataDir}`);
  reply({ id, ok: true, info });
}

async function stop(id: number): Promise<void> {
  const entry = running.get(id);
  if (entry) {
    running.delete(id);
    await entry.rt.close();
    rmSync(runtimeFileOf(entry.dataDir), { force: true });
    console.log(`[runtime ${id}] stopped`);
  }
  reply({ id, ok: true, footprint: footprint() });
}

function handle(msg: HostRequest): void {
  const done = msg.op === 'start' ? start(msg.id, msg.args) : stop(msg.id);
  done.catch((err: Error) => {
    console.error(`[runtime ${msg.id}] ${msg.op} failed:`, err);
    reply({ id: msg.id, ok: false, error: err.stack ?? err.message });
  });
}

process.on('message', (msg: HostRequest) => handle(msg));
// The worker went away (its end, or it died): stop what still runs, then exit.
process.on('disconnect', () => {
  void Promise.allSettled([...running.values()].map(({ rt }) => rt.close())).then(() => process.exit(0));
});
reply({ id: 0, ok: true });
