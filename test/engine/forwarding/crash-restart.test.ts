import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/test-engine.ts';
import { startReceiver } from './helpers/receiver.ts';
import type { Receiver } from './helpers/receiver.ts';
import { makeTestPki } from './helpers/tls.ts';

const CHILD = fileURLToPath(new URL('./fixtures/forwarding-child.ts', import.meta.url));

/** What the child answers: `setup` gives the source id, `queued` the queue depth, the rest nothing. */
interface ChildReply {
  sourceId?: string;
  queued?: number;
}

/** One line from the child: `{ ready: true }` once, then one reply per command. */
interface ChildMessage {
  ready?: boolean;
  ok: boolean;
  data: ChildReply;
  error?: string;
}

interface Child {
  proc: ChildProcessWithoutNullStreams;
  send(cmd: Record<string, unknown>): Promise<ChildReply>;
}

/** Start the engine in a child process and talk to it line by line. */
async function startChild(dataDir: string, offsetMs: number): Promise<Child> {
  const proc = spawn(process.execPath, [CHILD], { env: { ...process.env, WP_DATA_DIR: dataDir, WP_CLOCK_OFFSET_MS: String(offsetMs) }, stdio: 'pipe' });
  const lines = createInterface({ input: proc.stdout });
  const waiting: ((m: ChildMessage) => void)[] = [];
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
    lines.on('line', (l) => {
      const msg = JSON.parse(l) as ChildMessage;
      if (msg.ready) return resolve();
      waiting.shift()?.(msg);
    });
  });
  await ready;
  return {
    proc,
    send(cmd) {
      return new Promise((resolve, reject) => {
        waiting.push((m) => (m.ok ? resolve(m.data) : reject(new Error(m.error))));
        proc.stdin.write(JSON.stringify(cmd) + '\n');
      });
    },
  };
}

async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let rx: Receiver | null = null;
let procs: ChildProcessWithoutNullStreams[] = [];
let dataDir = '';
afterEach(async () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  procs = [];
  await rx?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 with deliveries pending', () => {
  it('after a restart every pending delivery arrives once, and nothing acknowledged is sent again', async () => {
    const pki = makeTestPki();
    rx = await startReceiver(pki);
    dataDir = tempDir('wp-fwd-crash-');
    // Phase 1: the receiver acknowledges the first 3 requests, then answers 503 to everything.
    let acked = 0;
    rx.route = () => (acked++ < 3 ? { status: 200 } : { status: 503 });
    const a = await startChild(dataDir, 0);
    procs.push(a.proc);
    const { sourceId } = await a.send({ cmd: 'setup', url: rx.url, ca: pki.caCertPem });
    await a.send({ cmd: 'security', from: 0, count: 20 });
    await a.send({ cmd: 'ingest', sourceId, from: 0, count: 1200 });
    await until('3 acknowledged and some refused requests', () => rx!.requests.length >= 8);
    // These last events are committed but still in the logs batch in memory when the process dies.
    await a.send({ cmd: 'ingest', sourceId, from: 1200, count: 123 });
    a.proc.kill('SIGKILL');
    await new Promise((r) => a.proc.once('exit', r));

    // Proof the crash caught events that existed only in the in-memory logs batch.
    const db = new Database(join(dataDir, 'watchpost.db'));
    const { cursor } = db.prepare('SELECT logs_cursor AS cursor FROM endpoints').get() as { cursor: number };
    const { maxId } = db.prepare('SELECT MAX(id) AS maxId FROM events').get() as { maxId: number };
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(cursor).toBeLessThan(maxId);

    const ackedBefore = new Set(rx.requests.slice(0, 3).map((r) => r.headers['webhook-id'] as string));
    expect(ackedBefore.size).toBe(3);

    // Phase 2: restart two hours later (every retry is due); the receiver now accepts everything.
    rx.route = () => ({ status: 200 });
    const firstPhase = rx.requests.length;
    const b = await startChild(dataDir, 2 * 3_600_000);
    procs.push(b.proc);
    await until('the queue to drain', async () => (await b.send({ cmd: 'queued' })).queued === 0);
    b.proc.kill('SIGKILL');

    // Count what the receiver acknowledged (2xx): phase 1's first 3 plus everything in phase 2.
    const acknowledged = [...rx.requests.slice(0, 3), ...rx.requests.slice(firstPhase)];
    const ids = acknowledged.map((r) => r.headers['webhook-id'] as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ackedBefore) expect(rx.requests.slice(firstPhase).some((r) => r.headers['webhook-id'] === id)).toBe(false);

    const logs = new Map<string, number>();
    const security = new Map<string, number>();
    for (const r of acknowledged) {
      const body = JSON.parse(r.body) as unknown;
      if (Array.isArray(body)) for (const e of body as { message: string }[]) logs.set(e.message, (logs.get(e.message) ?? 0) + 1);
      else {
        const ev = body as { type: string; resource: { id: string } };
        if (ev.type === 'report.exported') security.set(ev.resource.id, (security.get(ev.resource.id) ?? 0) + 1);
      }
    }
    expect(logs.size).toBe(1323);
    expect([...logs.values()].every((n) => n === 1)).toBe(true);
    expect(security.size).toBe(20);
    expect([...security.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);
});
