/**
 * Event writer thread benchmark (issue 9 item 2): end-to-end HTTP ingest, CLIENTS loopback clients
 * × 500-event NDJSON batches, every 200 sent only after the commit, with the writer thread on and
 * off, on an empty store and on a large one; in the same run, raw better-sqlite3 inserts of the
 * same rows into the same store (one 500-row transaction each).
 *   node bench/ingest/writer-bench.ts   (PRELOAD=3000000 DURATION_S=20 CLIENTS=4 by default;
 *                                        CLIENT=http uses node:http's client instead of the lean one;
 *                                        LARGE=<store dir> runs the large store on a copy of that one (e.g.
 *                                        bench/.data/storage-big, the 100 M-event store) instead of building one;
 *                                        REUSE=1 keeps the large store a previous run built; STORES=empty
 *                                        runs only the empty store; MODES=thread or inline runs one writer;
 *                                        PROFILE_DIR=dir writes the child's --cpu-prof profiles, every thread;
 *                                        the child runs with `npm run serve`'s V8 flags and allocator
 *                                        settings (bench/lib/serve.ts); NODE_FLAGS='…' replaces the flags;
 *                                        CPU_DETAIL=1 prints CPU seconds per thread name; CATCHUP=1 waits, after
 *                                        the clients stop, until sealing has brought the head back to
 *                                        two blocks and prints how long that took; the CPU figures then
 *                                        include that sealing)
 * Each run on the large store writes to a fresh copy of it (`<dir>-run`), so every run, and a run of
 * another build against the same BENCH_DIR, starts from the same store.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { createEngine } from '../../main/engine/engine.ts';
import { normalizeEvent } from '../../main/engine/ingest/envelope.ts';
import { makeBatches, makeEvent, rng } from '../lib/events.ts';
import { post } from '../lib/post.ts';
import { benchNodeFlags, SERVE_ENV } from '../lib/serve.ts';
import { RawClient } from '../lib/raw-post.ts';
import { timeRawInserts } from '../lib/raw-insert.ts';
import { envNumber, benchDataDir, fmt, DAY } from '../lib/env.ts';

const PRELOAD = envNumber('PRELOAD', 3_000_000);
const DURATION_S = envNumber('DURATION_S', 20);
const CLIENTS = envNumber('CLIENTS', 4);
/** `raw` (default): lean keep-alive clients (bench/lib/raw-post.ts); `http`: node:http's client, ~3 µs of CPU per event more on the same cores. */
const CLIENT = process.env.CLIENT === 'http' ? 'http' : 'raw';
const base = benchDataDir('writer');

/** A store of `n` events over 7 days, written through the engine, then left until its sealer has caught up. */
async function build(dir: string, n: number): Promise<void> {
  if (process.env.REUSE === '1' && existsSync(join(dir, 'watchpost.db'))) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const engine = createEngine({ dataDir: dir, mode: 'headless', retention: { maxAgeDays: 0, maxSizeGb: 0 }, searchWorkers: 0 });
  engine.start();
  const r = await engine.api.call('sources.create', { name: 'bench-preload', rateLimit: 100_000 });
  if (!r.success) throw new Error(r.error.message);
  const info = engine.context.sources.byId(r.data.id)!;
  const rand = rng(1);
  const now = Date.now();
  const t0 = performance.now();
  for (let done = 0; done < n; done += 5000) {
    const events = [];
    for (let i = 0; i < Math.min(5000, n - done); i++) {
      const ts = now - 7 * DAY + Math.floor(((done + i) / n) * 7 * DAY);
      const text = JSON.stringify(makeEvent(rand, ts));
      events.push(normalizeEvent(JSON.parse(text), text, ts));
    }
    await engine.context.writer.write({ source: info, events, receivedAt: now - 7 * DAY + Math.floor((done / n) * 7 * DAY), rejected: 0 });
  }
  console.log(`built ${fmt(n)} events in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  // A large store at rest, as after a day of a LAN: its sealer catches up once the build stops writing.
  const { head, secs } = await caughtUp(dir, 900_000);
  console.log(`sealed the build's head of ${fmt(head)} events ${secs < 0 ? 'only partly within 15 min' : `in ${secs.toFixed(0)} s`}`);
  await engine.close();
}

function storeShape(dir: string): string {
  const db = new Database(join(dir, 'watchpost.db'), { readonly: true });
  const head = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  const sealed = (db.prepare('SELECT coalesce(sum(count), 0) AS n FROM event_blocks').get() as { n: number }).n;
  db.close();
  return `${fmt(head + sealed)} events (${fmt(sealed)} sealed, ${fmt(head)} in the head)`;
}

/** The head (by id span) now, and seconds until sealing brought it back to two blocks (-1: not within `limitMs`). */
async function caughtUp(dir: string, limitMs = 180_000): Promise<{ head: number; secs: number }> {
  const db = new Database(join(dir, 'watchpost.db'), { readonly: true });
  const span = db.prepare('SELECT coalesce((SELECT max(id) FROM events) - (SELECT min(id) FROM events) + 1, 0) AS n');
  const head = (span.get() as { n: number }).n;
  const t0 = performance.now();
  try {
    while (performance.now() - t0 < limitMs) {
      if ((span.get() as { n: number }).n <= 2 * 4096) return { head, secs: (performance.now() - t0) / 1000 };
      await new Promise((r) => setTimeout(r, 250));
    }
    return { head, secs: -1 };
  } finally {
    db.close();
  }
}

/** One measured run: the child engine on `dir`, CLIENTS clients for DURATION_S. */
async function run(dir: string, mode: 'thread' | 'inline', batches: string[]) {
  const prof = process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.PROFILE_DIR, mode)}`] : [];
  const child = spawn(process.execPath, [...benchNodeFlags(), ...prof, join(import.meta.dirname, 'writer-child.ts'), dir, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...SERVE_ENV, ...process.env, SOURCES: String(CLIENTS) },
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ready = JSON.parse((await lines.next()).value as string) as { ingestUrl: string; keys: string[]; where: string };
  const url = new URL(ready.ingestUrl);
  let events = 0;
  const non200: number[] = [];
  const end = performance.now() + DURATION_S * 1000;
  const t0 = performance.now();
  const clientCpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const raw = CLIENT === 'raw' ? new RawClient(url, ready.keys[c]!) : null;
      for (let i = c; performance.now() < end; i += CLIENTS) {
        const body = batches[i % batches.length]!;
        const status = raw ? await raw.post(body) : await post(agent, url, ready.keys[c]!, body);
        if (status === 200) events += 500;
        else non200.push(status);
      }
      raw?.close();
      agent.destroy();
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const clientCpu = process.cpuUsage(clientCpu0);
  const catchUp = process.env.CATCHUP === '1' ? await caughtUp(dir) : null;
  child.kill('SIGTERM');
  const { elu, cpu } = JSON.parse((await lines.next()).value as string) as { elu: number; cpu: Record<string, number> };
  await new Promise((r) => child.once('exit', r));
  const accepted = Math.max(1, events);
  // CPU µs per accepted event by thread: the engine thread, the writer thread, the rest (seal worker, GC helpers, libuv)
  const us = (secs: number) => ((secs * 1e6) / accepted).toFixed(1);
  const engine = cpu.MainThread ?? 0;
  const writer = cpu['event-writer'] ?? 0;
  const sealer = cpu['event-sealer'] ?? 0;
  const rest = Object.values(cpu).reduce((a, b) => a + b, 0) - engine - writer - sealer;
  const cpuLine = `CPU µs/event: engine thread ${us(engine)}, writer thread ${us(writer)}, seal worker ${us(sealer)}, other threads ${us(rest)}; the clients (this process) ${us((clientCpu.user + clientCpu.system) / 1e6)}${process.env.CPU_DETAIL ? ` ${JSON.stringify(cpu)}` : ''}`;
  const caught =
    catchUp === null
      ? ''
      : `\n      head when the clients stopped ${fmt(catchUp.head)} events; sealing caught up ${catchUp.secs < 0 ? 'not within 180 s' : `in ${catchUp.secs.toFixed(1)} s`}`;
  return { rate: events / secs, non200, elu, where: ready.where, cpuLine: cpuLine + caught };
}

/** Raw better-sqlite3 inserts of the same rows into the same store, 500 per transaction (then removed). */
function rawInserts(dir: string, batches: string[], rows: number): number {
  const db = new Database(join(dir, 'watchpost.db'), { readonly: true });
  const seq = (db.prepare('SELECT max(seq) AS s FROM sources').get() as { s: number }).s;
  db.close();
  return timeRawInserts(join(dir, 'watchpost.db'), seq, batches, rows);
}

const batches = makeBatches(7, 200, 500, Date.now(), 5_000);
const stores = [
  { name: 'empty', dir: join(base, 'empty'), size: 0 },
  { name: 'large', dir: process.env.LARGE ?? join(base, 'large'), size: PRELOAD },
].filter((s) => (process.env.STORES ?? 'empty,large').split(',').includes(s.name));
const results: string[] = [];
for (const s of stores) {
  if (s.size && !process.env.LARGE) await build(s.dir, s.size);
  console.log(`${s.name} store: ${s.size ? storeShape(s.dir) : 'new'}`);
  for (const mode of (['inline', 'thread'] as const).filter((m) => (process.env.MODES ?? 'inline,thread').split(',').includes(m))) {
    // a new store for each writer (the second must not seal what the first wrote), a fresh copy of the large one
    const dir = s.size ? `${s.dir}-run` : s.dir;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    if (s.size) {
      for (const f of ['watchpost.db', 'secret.key']) if (existsSync(join(s.dir, f))) copyFileSync(join(s.dir, f), join(dir, f));
      // Write the copy out before the run: else the kernel flushes gigabytes of it during the run.
      execFileSync('sync');
    }
    const r = await run(dir, mode, batches);
    const after = storeShape(dir);
    const raw = rawInserts(dir, batches, 200_000);
    const load = loadavg()[0]!.toFixed(1);
    const line = `${s.name.padEnd(5)} ${r.where === 'worker' ? 'writer thread' : 'in-thread    '}: ${fmt(r.rate).padStart(7)} events/s end to end (${r.non200.length} non-200${r.non200.length ? `: ${[...new Set(r.non200)].join(', ')}` : ''}), engine thread busy ${(r.elu * 100).toFixed(0)} %; raw inserts ${fmt(raw)} rows/s, ratio ${(r.rate / raw).toFixed(2)}; load ${load}\n      ${r.cpuLine}\n      after the run: ${after}`;
    console.log(line);
    results.push(line);
  }
}
const large = stores.find((s) => s.size > 0);
console.log(
  `\n${CLIENTS} ${CLIENT === 'raw' ? 'lean' : 'node:http'} clients × 500-event batches, ${DURATION_S} s per run${large ? `; large store before each run: ${storeShape(large.dir)}` : ''}`,
);
for (const l of results) console.log(l);
