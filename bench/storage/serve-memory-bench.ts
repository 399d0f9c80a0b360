/**
 * Serve memory (issue 9: "serve RSS ≤ 500 MB while ingesting and querying"), on the 100 M store.
 *   BIG store first (storage or dashboards bench with BIG=1), then:
 *   node bench/storage/serve-memory-bench.ts      (INGEST=1: 4 clients post 500-event batches meanwhile;
 *                                                  QUERIES=0: ingest only, SAMPLES=6 five-second samples)
 *   STORE=fresh: an empty store in a temp dir instead (with QUERIES=0), STORE=name: bench/.data/name (a copy
 *   of the 100 M store for INGEST=1 runs); NODE_FLAGS='…'
 *   replaces the V8 flags serve gets (default: npm run serve's; NODE_FLAGS= none).
 * Starts `serve` on bench/.data/storage-big, waits 8 s, then runs the Overview three times, three
 * 30-day first pages and a 30-day filtered histogram over the console API, printing serve's RSS,
 * its peak (VmHWM) and anonymous vs file-backed memory after each step.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BigStore } from '../lib/big-store.ts';
import { benchDataDir, fmt } from '../lib/env.ts';
import { makeBatches } from '../lib/events.ts';
import { post } from '../lib/post.ts';
import { benchNodeFlags, spawnServe } from '../lib/serve.ts';

// STORE=fresh: an empty store in a temp dir; STORE=<name>: bench/.data/<name> (a copy of the 100 M
// store, so that INGEST=1 runs do not add events to the one the page benches read).
const fresh = process.env.STORE === 'fresh';
const dir = fresh ? mkdtempSync(join(tmpdir(), 'wp-serve-memory-')) : benchDataDir(process.env.STORE ?? 'storage-big');
const serve = await spawnServe(dir, benchNodeFlags());
const meta = fresh ? { key: await newSourceKey() } : (JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8')) as BigStore);
const mb = (re: RegExp, text: string) => Math.round(Number(re.exec(text)?.[1] ?? 0) / 1024);
function sample(label: string): void {
  const status = readFileSync(`/proc/${serve.pid}/status`, 'utf8');
  const rollup = readFileSync(`/proc/${serve.pid}/smaps_rollup`, 'utf8');
  const anon = mb(/Anonymous:\s+(\d+)/, rollup);
  console.log(
    `${label.padEnd(34)} RSS ${mb(/VmRSS:\s+(\d+)/, status)} MB, peak ${mb(/VmHWM:\s+(\d+)/, status)} MB (anonymous ${anon}, files ${mb(/Rss:\s+(\d+)/, rollup) - anon})`,
  );
}
async function call(path: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(serve.consoleUrl + path, { headers: { authorization: `Bearer ${serve.token}` } });
  await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t;
}

/** A source with a key on the fresh store, over the console API. */
async function newSourceKey(): Promise<string> {
  const headers = { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' };
  const created = await fetch(`${serve.consoleUrl}/v1/config/log-sources`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'memory bench', rateLimit: 100_000 }),
  });
  const { data } = (await created.json()) as { data: { id: string } };
  const generated = await fetch(`${serve.consoleUrl}/v1/config/log-sources/${data.id}/key`, { method: 'POST', headers });
  return ((await generated.json()) as { data: { key: string } }).data.key;
}

await new Promise((r) => setTimeout(r, 8000));
sample('idle, 8 s after start');
let stop = process.env.INGEST !== '1';
let sent = 0;
const bodies = makeBatches(3, 100, 500, Date.now(), 5000);
const clients = Array.from({ length: 4 }, async (_, c) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = c; !stop; i++) {
    const status = await post(agent, new URL(serve.ingestUrl), meta.key, bodies[i % bodies.length]!);
    if (status !== 200) throw new Error(`ingest answered ${status}`);
    sent += 500;
  }
});
if (process.env.QUERIES === '0') {
  for (let i = 1; i <= Number(process.env.SAMPLES ?? 6); i++) {
    await new Promise((r) => setTimeout(r, 5000));
    sample(`ingest only, ${i * 5} s (${fmt(sent)} events)`);
  }
} else {
  for (let i = 0; i < 3; i++) sample(`Overview 24 h #${i + 1}: ${(await call('/v1/dashboards/overview/data?from=24h')).toFixed(0)} ms`);
  for (const q of ['host:web-07', 'timeout', 'zzneedle42'])
    sample(`page ${q} 30 d: ${(await call(`/v1/events?q=${encodeURIComponent(q)}&from=30d&limit=100`)).toFixed(0)} ms`);
  const ms = await call(`/v1/events/histogram?q=${encodeURIComponent('user:user77@example.com')}&from=30d&buckets=60`);
  sample(`histogram user77 30 d: ${ms.toFixed(0)} ms`);
}
stop = true;
await Promise.all(clients);
if (sent) console.log(`ingested ${fmt(sent)} events meanwhile`);
await serve.stop();
if (fresh) rmSync(dir, { recursive: true, force: true });
