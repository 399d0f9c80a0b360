/**
 * Pull benchmark (issue 11): one Loki pull source draining a fake Loki of N entries (default 2 M)
 * through `serve`, and HTTP ingest on the same `serve` with and without the drain, in the same run.
 *   node bench/pull/pull-bench.ts            (N=2000000 DURATION_S=20 CLIENTS=2)
 * Phases: A) HTTP ingest alone for DURATION_S; B) the same ingest while the pull drains;
 * C) the drain alone until all N are stored. Prints entries/s stored by the pull (during B, during C,
 * overall) and the ingest ratio B/A (target ≥ 0.8).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { makeBatches } from '../lib/events.ts';
import { post } from '../lib/post.ts';
import { spawnServe } from '../lib/serve.ts';
import type { BenchServe } from '../lib/serve.ts';
import { envNumber, benchDataDir, fmt } from '../lib/env.ts';

const N = envNumber('N', 2_000_000);
const DURATION_S = envNumber('DURATION_S', 20);
const CLIENTS = envNumber('CLIENTS', 2);
const dataDir = benchDataDir('pull');

interface Runtime {
  pid: number;
  ingestUrl: string;
  consoleUrl: string;
  token: string;
}

async function startServe(): Promise<BenchServe> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  return spawnServe(dataDir);
}

async function startFakeLoki(): Promise<{ url: string; child: ChildProcess }> {
  const t0 = Date.now() - 23 * 3_600_000;
  const child = spawn(process.execPath, [join(import.meta.dirname, 'fake-loki.ts')], {
    env: { ...process.env, N: String(N), T0: String(t0), SPAN_MS: String(22 * 3_600_000) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { url: (JSON.parse(first) as { url: string }).url, child };
}

/** The fields this benchmark reads from a log source (and `key` from the generate-key reply). */
interface BenchSource {
  id: string;
  key: string;
  pulledTotal: number;
  lastError: unknown;
  lagMs: number;
}

async function api(rt: Runtime, method: string, path: string, body?: unknown): Promise<BenchSource> {
  const res = await fetch(rt.consoleUrl + path, {
    method,
    headers: { authorization: `Bearer ${rt.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const j = (await res.json()) as { success: boolean; data: BenchSource; error?: { message: string } };
  if (!j.success) throw new Error(`${method} ${path}: ${j.error?.message}`);
  return j.data;
}

async function ingestFor(rt: Runtime, key: string, seconds: number): Promise<number> {
  const batches = makeBatches(7, 100, 500, Date.now(), 5_000);
  const url = new URL(rt.ingestUrl);
  let events = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = c; performance.now() < end; i += CLIENTS) if ((await post(agent, url, key, batches[i % batches.length]!)) === 200) events += 500;
      agent.destroy();
    }),
  );
  return events / ((performance.now() - t0) / 1000);
}

const rt = await startServe();
const push = await api(rt, 'POST', '/v1/config/log-sources', { name: 'bench-push', rateLimit: 100_000 });
const { key } = await api(rt, 'POST', `/v1/config/log-sources/${push.id}/key`);
console.log(`pull bench: ${fmt(N)} entries in a fake Loki, ${CLIENTS} ingest clients, ${DURATION_S} s ingest phases`);

const alone = await ingestFor(rt, key, DURATION_S);
console.log(`A) HTTP ingest alone:            ${fmt(alone)} events/s`);

const loki = await startFakeLoki();
const pulled = async (id: string): Promise<number> => (await api(rt, 'GET', `/v1/config/log-sources/${id}`)).pulledTotal;
const tPull = performance.now();
const src = await api(rt, 'POST', '/v1/config/log-sources', {
  name: 'bench-loki',
  type: 'loki',
  credentials: { host: loki.url },
  sources: ['{app="bench"}'],
  initialLookbackMinutes: 1440,
  lagSeconds: 60,
});
const during = await ingestFor(rt, key, DURATION_S);
const afterB = await pulled(src.id);
const tB = performance.now();
console.log(`B) HTTP ingest during the drain: ${fmt(during)} events/s  (ratio B/A ${(during / alone).toFixed(2)}, target ≥ 0.80)`);
console.log(`   pull stored during B:         ${fmt(afterB)} entries, ${fmt(afterB / ((tB - tPull) / 1000))} entries/s`);

/** serve's CPU seconds so far (utime + stime): entries per CPU-second do not depend on how loaded the machine is. */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')')[1]!.trim().split(/\s+/);
  return (Number(f[11]) + Number(f[12])) / 100;
}
const cpuB = cpuSeconds(rt.pid);
let total = afterB;
while (total < N) {
  await new Promise((r) => setTimeout(r, 500));
  total = await pulled(src.id);
  if (performance.now() - tB > 30 * 60_000) throw new Error(`drain stuck at ${total}`);
}
const tC = performance.now();
const cpuC = cpuSeconds(rt.pid) - cpuB;
console.log(
  `C) pull alone after B:           ${fmt((total - afterB) / ((tC - tB) / 1000))} entries/s; serve used ${cpuC.toFixed(1)} CPU s = ${fmt((total - afterB) / cpuC)} entries per CPU-second`,
);
console.log(
  `   whole drain:                  ${fmt(N)} entries in ${((tC - tPull) / 1000).toFixed(1)} s = ${fmt(N / ((tC - tPull) / 1000))} entries/s (target ≥ 20,000)`,
);
const src2 = await api(rt, 'GET', `/v1/config/log-sources/${src.id}`);
console.log(`   status: lastError ${JSON.stringify(src2.lastError)}, lagMs ${src2.lagMs}`);
loki.child.kill('SIGTERM');
await rt.stop();
