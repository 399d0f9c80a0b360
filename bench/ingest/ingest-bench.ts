/**
 * Ingest + search + disk + memory benchmark (issue 2).
 *   node bench/ingest/ingest-bench.ts            (PRELOAD=10000000 DURATION_S=30 CLIENTS=4 by default;
 *                                                 REUSE=1 reuses the store a previous run preloaded)
 * 1. Preloads PRELOAD realistic events (7 days) through the engine's own writer (direct path, no HTTP).
 * 2. Starts `serve` as a child process and runs CLIENTS loopback clients posting 500-event NDJSON
 *    batches for DURATION_S seconds: events/s, p50/p99 request latency, serve RSS.
 * 3. Search latency over the console API on that store (first page, default 24 h range).
 * 4. In the same run: raw better-sqlite3 inserts of the same rows into the same store.
 * 5. Bytes on disk per event vs raw NDJSON bytes per event.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEngine } from '../../main/engine/engine.ts';
import { normalizeEvent } from '../../main/engine/ingest/envelope.ts';
import { makeBatches, makeEvent, percentile, rng } from '../lib/events.ts';
import { post } from '../lib/post.ts';
import { timeRawInserts } from '../lib/raw-insert.ts';
import { spawnServe } from '../lib/serve.ts';
import type { BenchServe } from '../lib/serve.ts';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api.ts';
import { envNumber, benchDataDir, fmt, DAY } from '../lib/env.ts';

const PRELOAD = envNumber('PRELOAD', 10_000_000);
const DURATION_S = envNumber('DURATION_S', 30);
const CLIENTS = envNumber('CLIENTS', 4);
const dataDir = benchDataDir('ingest');

/** REUSE=1: keep the store a previous run preloaded (same BENCH_DIR) and add a fresh source + key. */
async function reuse(): Promise<{ sourceId: string; key: string; rawBytes: number; events: number }> {
  const engine = createEngine({ dataDir, mode: 'headless', retention: { maxAgeDays: 0, maxSizeGb: 0 }, searchWorkers: 0 });
  const call = async <M extends ApiMethod>(m: M, i: ApiInput<M>): Promise<ApiOutput<M>> => {
    const r = await engine.api.call(m, i);
    if (!r.success) throw new Error(r.error.message);
    return r.data;
  };
  const src = await call('sources.create', { name: `bench-web-${Date.now()}`, rateLimit: 100_000 });
  const { key } = await call('sources.generateKey', { id: src.id });
  const events = (engine.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  await engine.close();
  // Raw NDJSON bytes per event of the same generator, from a sample.
  const sample = makeBatches(1, 20, 500, Date.now(), DAY);
  const perEvent = sample.reduce((a, b) => a + b.length + 1, 0) / 10_000;
  console.log(`reusing ${fmt(events)} stored events in ${dataDir}`);
  return { sourceId: src.id, key, rawBytes: perEvent * events, events };
}

async function preload(): Promise<{ sourceId: string; key: string; rawBytes: number; events: number }> {
  if (process.env.REUSE === '1' && existsSync(join(dataDir, 'watchpost.db'))) return reuse();
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const engine = createEngine({ dataDir, mode: 'headless', retention: { maxAgeDays: 0, maxSizeGb: 0 } });
  const call = async <M extends ApiMethod>(m: M, i: ApiInput<M>): Promise<ApiOutput<M>> => {
    const r = await engine.api.call(m, i);
    if (!r.success) throw new Error(r.error.message);
    return r.data;
  };
  const src = await call('sources.create', { name: 'bench-web', rateLimit: 100_000 });
  const preSrc = await call('sources.create', { name: 'bench-preload', rateLimit: 100_000 });
  const { key } = await call('sources.generateKey', { id: src.id });
  const info = engine.context.sources.byId(preSrc.id)!;
  const r = rng(1);
  const now = Date.now();
  const t0 = performance.now();
  let rawBytes = 0;
  const CHUNK = 5000;
  for (let done = 0; done < PRELOAD; done += CHUNK) {
    const n = Math.min(CHUNK, PRELOAD - done);
    const events = [];
    for (let i = 0; i < n; i++) {
      // Spread over 7 days, oldest first, so ids grow with time like real arrivals.
      const ts = now - 7 * DAY + Math.floor(((done + i) / PRELOAD) * 7 * DAY);
      const text = JSON.stringify(makeEvent(r, ts));
      rawBytes += text.length + 1;
      events.push(normalizeEvent(JSON.parse(text), text, ts));
    }
    engine.context.writer.writeNow({ source: info, events, receivedAt: now - 7 * DAY + Math.floor((done / PRELOAD) * 7 * DAY), rejected: 0 });
    if (done % 1_000_000 === 0 && done) console.log(`  preload ${fmt(done)} (${fmt(done / ((performance.now() - t0) / 1000))} ev/s)`);
  }
  console.log(`preloaded ${fmt(PRELOAD)} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await engine.close();
  return { sourceId: src.id, key, rawBytes, events: PRELOAD };
}

function startServe(): Promise<BenchServe> {
  rmSync(join(dataDir, 'runtime.json'), { force: true });
  return spawnServe(dataDir);
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

async function ingestPhase(rt: { pid: number; ingestUrl: string }, key: string) {
  // Live traffic: event times within a few seconds of arrival, as a real shipper sends them.
  const batches = makeBatches(7, 200, 500, Date.now(), 5_000);
  const url = new URL(rt.ingestUrl);
  const latencies: number[] = [];
  let events = 0,
    non200 = 0,
    peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssOf(rt.pid))), 250);
  const end = performance.now() + DURATION_S * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = c; performance.now() < end; i += CLIENTS) {
        const s = performance.now();
        const status = await post(agent, url, key, batches[i % batches.length]!);
        latencies.push(performance.now() - s);
        if (status === 200) events += 500;
        else non200++;
      }
      agent.destroy();
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  clearInterval(rssTimer);
  latencies.sort((a, b) => a - b);
  return { eventsPerSec: events / secs, events, non200, p50: percentile(latencies, 50), p99: percentile(latencies, 99), peakRss, batches };
}

async function searchPhase(rt: { consoleUrl: string; token: string }) {
  const get = async (path: string) => {
    const s = performance.now();
    const res = await fetch(rt.consoleUrl + path, { headers: { authorization: `Bearer ${rt.token}` } });
    const json = (await res.json()) as { success: boolean; data: { events?: unknown[]; buckets?: unknown[] }; error?: unknown };
    if (!json.success) throw new Error(`${path}: ${JSON.stringify(json.error)}`);
    return { ms: performance.now() - s, json };
  };
  const cases: [string, string][] = [
    ['field filter host:web-07', '/v1/events?limit=100&q=' + encodeURIComponent('host:web-07')],
    ['raw path raw.request.path:/api/orders', '/v1/events?limit=100&q=' + encodeURIComponent('raw.request.path:/api/orders')],
    ['bare term "timeout"', '/v1/events?limit=100&q=timeout'],
    ['severity:>=error AND outcome:failure', '/v1/events?limit=100&q=' + encodeURIComponent('severity:>=error outcome:failure')],
    ['histogram 24 h (no query)', '/v1/events/histogram?buckets=60&from=24h'],
    ['histogram 24 h host:web-07', '/v1/events/histogram?buckets=60&from=24h&q=' + encodeURIComponent('host:web-07')],
  ];
  const out: { name: string; p50: number; p95: number; hits: number }[] = [];
  for (const [name, path] of cases) {
    await get(path);
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < 20; i++) {
      const r = await get(path);
      times.push(r.ms);
      hits = r.json.data.events?.length ?? r.json.data.buckets?.length ?? 0;
    }
    times.sort((a, b) => a - b);
    out.push({ name, p50: percentile(times, 50), p95: percentile(times, 95), hits });
  }
  return out;
}

function rawInsertPhase(batches: string[], rows: number) {
  const db = new Database(join(dataDir, 'watchpost.db'), { readonly: true });
  const seq = (db.prepare("SELECT seq FROM sources WHERE name = 'bench-preload'").get() as { seq: number }).seq;
  db.close();
  return timeRawInserts(join(dataDir, 'watchpost.db'), seq, batches, rows);
}

function dbBytes(): number {
  return ['watchpost.db', 'watchpost.db-wal'].reduce((s, f) => s + (existsSync(join(dataDir, f)) ? statSync(join(dataDir, f)).size : 0), 0);
}

const pre = await preload();
const rt = await startServe();
console.log(`serve pid ${rt.pid}, idle RSS ${(rssOf(rt.pid) / 1e6).toFixed(0)} MB`);
const ing = await ingestPhase(rt, pre.key);
console.log(
  `ingest: ${fmt(ing.eventsPerSec)} events/s end to end (${CLIENTS} clients × 500-event batches, ${DURATION_S} s, ${fmt(ing.events)} events, ${ing.non200} non-200)`,
);
console.log(`        request latency p50 ${ing.p50.toFixed(1)} ms, p99 ${ing.p99.toFixed(1)} ms; serve peak RSS ${(ing.peakRss / 1e6).toFixed(0)} MB`);
const search = await searchPhase(rt);
for (const s of search)
  console.log(`search: ${s.name.padEnd(40)} p50 ${s.p50.toFixed(1).padStart(7)} ms  p95 ${s.p95.toFixed(1).padStart(7)} ms  (${s.hits} rows/buckets)`);
await rt.stop();
const total = pre.events + ing.events;
const newBytes = ing.batches.reduce((s, b) => s + b.length + 1, 0) / (ing.batches.length * 500);
const rawPerEvent = (pre.rawBytes + newBytes * ing.events) / total;
const disk = dbBytes();
console.log(
  `disk:   ${(disk / 1e9).toFixed(2)} GB for ${fmt(total)} events = ${(disk / total).toFixed(0)} B/event vs ${rawPerEvent.toFixed(0)} B raw NDJSON → ${(disk / total / rawPerEvent).toFixed(2)}×`,
);
const rawRate = rawInsertPhase(ing.batches, 1_000_000);
console.log(
  `raw better-sqlite3 inserts of the same rows into the same store: ${fmt(rawRate)} rows/s → ingest/raw ratio ${(ing.eventsPerSec / rawRate).toFixed(2)}`,
);
