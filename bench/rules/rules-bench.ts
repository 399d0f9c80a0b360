/**
 * Rules benchmark (issue 4).
 *   node bench/rules/rules-bench.ts        (ROUNDS=3 PHASE_S=10 CLIENTS=4 by default)
 * Two `serve` child processes on fresh data dirs, identical except that one has 100 active mixed
 * rules (bench/rules/rule-mix.ts) and the other none. Load alternates between them in rounds (A B A
 * B …) so both see the same machine conditions; each phase runs CLIENTS loopback clients posting
 * 500-event NDJSON batches (one source per client). Reports events/s per phase, the ratio of the
 * medians (target ≥ 0.8), and — during the rules phases — alert latency: a probe event posted, and
 * the time from its ingest 2xx until its alert is readable over GET /v1/alerts (target p95 ≤ 1 s).
 */
import { spawnServe } from '../lib/serve.ts';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { makeBatches, percentile } from '../lib/events.ts';
import { mixedRules } from './rule-mix.ts';
import { post } from '../lib/post.ts';
import { envNumber, benchDataDir, fmt } from '../lib/env.ts';

const ROUNDS = envNumber('ROUNDS', 3);
const PHASE_S = envNumber('PHASE_S', 10);
const CLIENTS = envNumber('CLIENTS', 4);
const baseDir = benchDataDir('rules');

interface Serve {
  label: string;
  pid: number;
  ingestUrl: string;
  consoleUrl: string;
  token: string;
  keys: string[];
  latencyRuleId: string | null;
  stop(): Promise<void>;
}

async function startServe(label: string): Promise<Serve> {
  const dataDir = join(baseDir, label);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  return { label, ...(await spawnServe(dataDir)), keys: [], latencyRuleId: null };
}

async function api<T>(s: Serve, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(s.consoleUrl + path, {
    method,
    headers: { authorization: `Bearer ${s.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { success: boolean; data: T; error?: { message: string } };
  if (!json.success) throw new Error(`${method} ${path}: ${json.error?.message}`);
  return json.data;
}

async function setUp(s: Serve, withRules: boolean): Promise<void> {
  const ids: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const src = await api<{ id: string }>(s, 'POST', '/v1/config/log-sources', { name: `bench-${i}`, rateLimit: 100_000, heartbeatMinutes: 30 });
    s.keys.push((await api<{ key: string }>(s, 'POST', `/v1/config/log-sources/${src.id}/key`)).key);
    ids.push(src.id);
  }
  if (!withRules) return;
  const rules = mixedRules(ids);
  for (const r of rules) {
    const created = await api<{ id: string; name: string }>(s, 'POST', '/v1/config/rules', r);
    if (created.name === 'latency probe') s.latencyRuleId = created.id;
  }
  const active = (await api<{ items: { active: boolean }[] }>(s, 'GET', '/v1/config/rules')).items.filter((r) => r.active).length;
  if (active !== 100) throw new Error(`expected 100 active rules, got ${active}`);
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function load(s: Serve, batches: string[]): Promise<{ eps: number; perCpuSecond: number; non200: number }> {
  const url = new URL(s.ingestUrl);
  let events = 0;
  let non200 = 0;
  const end = performance.now() + PHASE_S * 1000;
  const t0 = performance.now();
  const cpu0 = cpuSeconds(s.pid);
  await Promise.all(
    s.keys.map(async (key, c) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = c; performance.now() < end; i += CLIENTS) {
        if ((await post(agent, url, key, batches[i % batches.length]!)) === 200) events += 500;
        else non200++;
      }
      agent.destroy();
    }),
  );
  return { eps: events / ((performance.now() - t0) / 1000), perCpuSecond: events / (cpuSeconds(s.pid) - cpu0), non200 };
}

/** Probe: post one event for a new host, then read alerts until its alert shows up. */
async function probeLatency(s: Serve, until: number, out: number[]): Promise<void> {
  const url = new URL(s.ingestUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; performance.now() < until; i++) {
    const host = `lat-${s.label}-${out.length}-${i}`;
    const status = await post(agent, url, s.keys[0]!, JSON.stringify({ host, message: 'latency probe' }));
    const acked = performance.now();
    if (status !== 200) continue;
    for (;;) {
      const items = (await api<{ items: { groupKey: string }[] }>(s, 'GET', `/v1/alerts?ruleId=${s.latencyRuleId}&limit=20`)).items;
      if (items.some((a) => a.groupKey === `host:${host}`)) break;
      if (performance.now() - acked > 10_000) throw new Error(`alert for ${host} not readable after 10 s`);
    }
    out.push(performance.now() - acked);
    await new Promise((r) => setTimeout(r, 50));
  }
  agent.destroy();
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

const none = await startServe('no-rules');
const hundred = await startServe('100-rules');
try {
  await setUp(none, false);
  await setUp(hundred, true);
  const batches = makeBatches(11, 200, 500, Date.now(), 3_600_000);
  const rates: Record<string, number[]> = { [none.label]: [], [hundred.label]: [] };
  const perCpu: Record<string, number[]> = { [none.label]: [], [hundred.label]: [] };
  const latencies: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const s of round % 2 ? [none, hundred] : [hundred, none]) {
      const probing = s === hundred ? probeLatency(s, performance.now() + PHASE_S * 1000 - 200, latencies) : Promise.resolve();
      const r = await load(s, batches);
      await probing;
      rates[s.label]!.push(r.eps);
      perCpu[s.label]!.push(r.perCpuSecond);
      console.log(
        `round ${round} ${s.label.padEnd(9)} ${fmt(r.eps).padStart(8)} events/s, ${fmt(r.perCpuSecond).padStart(8)} events per serve CPU-second` +
          `${r.non200 ? ` (${r.non200} non-200)` : ''}`,
      );
    }
  }
  const a = median(rates[none.label]!);
  const b = median(rates[hundred.label]!);
  latencies.sort((x, y) => x - y);
  const alerts = await api<{ items: unknown[] }>(hundred, 'GET', '/v1/alerts?limit=1000');
  const ca = median(perCpu[none.label]!);
  const cb = median(perCpu[hundred.label]!);
  console.log(`ingest median: 0 rules ${fmt(a)} events/s, 100 active mixed rules ${fmt(b)} events/s → ratio ${(b / a).toFixed(2)} (target ≥ 0.8)`);
  console.log(`per serve CPU-second: 0 rules ${fmt(ca)}, 100 rules ${fmt(cb)} → ratio ${(cb / ca).toFixed(2)} (robust to other load on the machine)`);
  console.log(
    `alert latency (ingest 2xx → readable via GET /v1/alerts, under load, n=${latencies.length}): p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms (target p95 ≤ 1000 ms)`,
  );
  console.log(`alerts stored in the 100-rules store: ${alerts.items.length}${alerts.items.length === 1000 ? '+' : ''}`);
} finally {
  await none.stop();
  await hundred.stop();
}
