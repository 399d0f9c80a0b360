/**
 * kill -9 between reading a page and committing it, and at arbitrary moments of a drain: after a
 * restart every provider entry is stored exactly once and the database passes integrity_check.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/engine/clock.ts';
import { tempDir } from '../../helpers/test-engine.ts';
import { startLokiFake } from './fakes/loki-fake.ts';
import type { LokiFake } from './fakes/loki-fake.ts';

const CHILD = fileURLToPath(new URL('./fixtures/pull-child.ts', import.meta.url));
const MINUTE = 60_000;

interface Msg {
  ready?: boolean;
  paused?: number;
  done?: boolean;
  sourceId: string;
  stored?: number;
  errors?: unknown[];
}
interface Child {
  proc: ChildProcessWithoutNullStreams;
  next(pred: (m: Msg) => boolean): Promise<Msg>;
  exited: Promise<void>;
}

let procs: ChildProcessWithoutNullStreams[] = [];
let loki: LokiFake | null = null;
let dataDir = '';
afterEach(async () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  procs = [];
  await loki?.server.close();
  loki = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function startChild(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [CHILD], { env: { ...process.env, WP_DATA_DIR: dataDir, WP_LOKI_URL: loki!.server.url, ...env }, stdio: 'pipe' });
  procs.push(proc);
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const seen: Msg[] = [];
  const waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  createInterface({ input: proc.stdout }).on('line', (l) => {
    const m = JSON.parse(l) as Msg;
    seen.push(m);
    for (const w of [...waiters])
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    proc,
    exited,
    next: (pred) =>
      new Promise((resolve, reject) => {
        const hit = seen.find(pred);
        if (hit) return resolve(hit);
        waiters.push({ pred, resolve });
        void exited.then(() => setTimeout(() => reject(new Error(`child exited before the expected message: ${stderr}`)), 100));
      }),
  };
}

async function kill(c: Child): Promise<void> {
  c.proc.kill('SIGKILL');
  await c.exited;
}

function stored(): { count: number; distinct: number; integrity: string } {
  const db = new Database(join(dataDir, 'watchpost.db'), { readonly: true });
  try {
    const seq = (db.prepare("SELECT seq FROM sources WHERE name = 'loki crash'").get() as { seq: number }).seq;
    const r = db.prepare('SELECT count(*) AS count, count(DISTINCT message) AS distinct_ FROM events WHERE source_seq = ?').get(seq) as {
      count: number;
      distinct_: number;
    };
    return { count: r.count, distinct: r.distinct_, integrity: db.pragma('integrity_check', { simple: true }) as string };
  } finally {
    db.close();
  }
}

function stage(n: number): void {
  const base = systemClock.now() - 50 * MINUTE;
  // Runs of 7 lines share one instant, so page boundaries cut through equal timestamps.
  for (let i = 0; i < n; i++) loki!.add({ app: 'web' }, base + Math.floor(i / 7) * 1000, `line ${String(i).padStart(5, '0')}`);
}

describe('kill -9 during a pull', { timeout: 240_000 }, () => {
  it('between reading page 3 and committing it: pages 1–2 are stored, page 3 is not, and the restart stores the rest exactly once', async () => {
    dataDir = tempDir('wp-pull-crash-');
    loki = await startLokiFake(systemClock, {});
    stage(1000);
    const a = startChild({ WP_PAUSE_AT_PAGE: '3' });
    const paused = await a.next((m) => m.paused === 3);
    await kill(a);
    // Page 2 starts at page 1's last instant (lines 98–104 share it) and skips the 2 it re-reads: 100 + 98.
    expect(stored()).toEqual({ count: 198, distinct: 198, integrity: 'ok' });
    const b = startChild({ WP_SOURCE_ID: paused.sourceId });
    const done = await b.next((m) => m.done === true);
    expect(done.errors).toEqual([]);
    expect(done.stored).toBe(802);
    await b.exited;
    expect(stored()).toEqual({ count: 1000, distinct: 1000, integrity: 'ok' });
  });

  it('killed at arbitrary moments of a drain, three times: the finished drain holds every line once', async () => {
    dataDir = tempDir('wp-pull-crash-');
    loki = await startLokiFake(systemClock, {});
    stage(3000);
    let sourceId = '';
    for (let round = 0; round < 3; round++) {
      const c = startChild(sourceId ? { WP_SOURCE_ID: sourceId } : {});
      sourceId = (await c.next((m) => m.ready === true)).sourceId;
      // Wait for some pages to be requested, then kill wherever the child is.
      const before = loki.server.requests.length;
      await new Promise<void>((resolve) => {
        const t = setInterval(() => {
          if (loki!.server.requests.length >= before + 2 + round || c.proc.exitCode !== null) {
            clearInterval(t);
            resolve();
          }
        }, 5);
      });
      await kill(c);
      const s = stored();
      expect(s.count).toBe(s.distinct);
      expect(s.integrity).toBe('ok');
    }
    const last = startChild({ WP_SOURCE_ID: sourceId });
    expect((await last.next((m) => m.done === true)).errors).toEqual([]);
    await last.exited;
    expect(stored()).toEqual({ count: 3000, distinct: 3000, integrity: 'ok' });
  });
});
