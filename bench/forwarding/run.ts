/**
 * Forwarding benchmark: ingest while the logs stream is forwarded to a local HTTPS receiver, and
 * compare ingest throughput with forwarding off and on in the same run (alternating rounds, so
 * disk cache and JIT warm-up do not favour one side).
 *
 *   node bench/forwarding/run.ts [--events 200000] [--rounds 2] [--batch 500] [--parallel 4]
 *
 * Then a backlog of EVENTS is queued with sending held and its drain timed: the forwarder's own
 * capacity, independent of how fast this machine ingests.
 * Prints one line per round and a JSON summary. Targets: ≥ 50,000 events/s forwarded, ingest with
 * forwarding on ≥ 0.8 × ingest with forwarding off.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createEngine } from '../../main/engine/engine.ts';
import { makeTestPki } from '../../test/engine/forwarding/helpers/tls.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '2' },
    batch: { type: 'string', default: '500' },
    parallel: { type: 'string', default: '4' },
  },
});
const EVENTS = Number(values.events);
const ROUNDS = Number(values.rounds);
const BATCH = Number(values.batch);
const PARALLEL = Number(values.parallel);

const dir = mkdtempSync(join(tmpdir(), 'wp-bench-fwd-'));
const pki = makeTestPki('Bench');
writeFileSync(join(dir, 'server.key'), pki.serverKeyPem);
writeFileSync(join(dir, 'server.pem'), pki.serverCertPem);
const rxProc = spawn(process.execPath, [join(import.meta.dirname, 'receiver-process.ts'), join(dir, 'server.key'), join(dir, 'server.pem')], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const rxLines = createInterface({ input: rxProc.stdout! })[Symbol.asyncIterator]();
const rxNext = async (): Promise<Record<string, number>> => JSON.parse((await rxLines.next()).value as string) as Record<string, number>;
const { port } = await rxNext();

const engine = createEngine({ dataDir: join(dir, 'data'), mode: 'headless' });
const fwd = engine.domains.forwarding;
engine.start();
const call = async <T>(p: Promise<{ success: boolean; data?: T; error?: unknown }>): Promise<T> => {
  const r = await p;
  if (!r.success) throw new Error(JSON.stringify(r.error));
  return r.data as T;
};
const source = await call<{ id: string }>(engine.api.call('sources.create', { name: 'bench', rateLimit: 100_000 }));
const endpoint = await call<{ id: string }>(
  engine.api.call('endpoints.create', {
    name: 'bench SIEM',
    url: `https://127.0.0.1:${port}/ingest`,
    caCertPem: pki.caCertPem,
    categories: [],
    alerts: false,
    logs: false,
  }),
);

function makeBatch(round: number, i: number): Record<string, unknown>[] {
  return Array.from({ length: BATCH }, (_, j) => ({
    timestamp: new Date().toISOString(),
    severity: j % 10 === 0 ? 'warn' : 'info',
    category: 'network',
    host: `web-${j % 16}`,
    user: `u${j % 97}`,
    action: 'http.request',
    outcome: 'success',
    message: `GET /api/items/${i * BATCH + j} 200 in ${j % 50} ms`,
    tags: ['bench', 'web'],
    request: { method: 'GET', path: `/api/items/${i * BATCH + j}`, status: 200, bytes: 512 + j, round },
    client: { ip: `10.0.${j % 255}.${i % 255}` },
  }));
}

/** Ingest EVENTS events with PARALLEL batches in flight; returns events/s. */
async function ingest(round: number): Promise<{ seconds: number; rate: number }> {
  const batches = Math.ceil(EVENTS / BATCH);
  let next = 0;
  // Build the input up front so the timed part is the engine's work, not the generator's.
  const input = Array.from({ length: batches }, (_, i) => makeBatch(round, i));
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < batches) await engine.ingest.submit(source.id, input[next++]!);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, rate: (batches * BATCH) / seconds };
}

/** CPU time of this process (main thread + thread pool), µs. The receiver runs in its own process. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const delivered = (): number =>
  (engine.db.prepare(`SELECT COALESCE(SUM(event_count), 0) AS n FROM deliveries WHERE status = 'delivered'`).get() as { n: number }).n;
const results: { round: number; off: number; on: number; forwardedPerSec: number; drainSeconds: number; cpuOff: number; cpuOn: number }[] = [];

for (let round = 1; round <= ROUNDS; round++) {
  await call(engine.api.call('endpoints.update', { id: endpoint.id, logs: false }));
  const c0 = cpu();
  const off = await ingest(round);
  const cpuOff = (cpu() - c0) / EVENTS;

  await call(engine.api.call('endpoints.update', { id: endpoint.id, logs: true }));
  const before = delivered();
  const t0 = performance.now();
  const c1 = cpu();
  const on = await ingest(round);
  await fwd.flushLogs();
  while (fwd.queued() > 0) await new Promise((r) => setTimeout(r, 5));
  await fwd.idle();
  const drainSeconds = (performance.now() - t0) / 1000;
  const cpuOn = (cpu() - c1) / EVENTS;
  const forwarded = delivered() - before;
  if (forwarded !== Math.ceil(EVENTS / BATCH) * BATCH) throw new Error(`forwarded ${forwarded} of ${EVENTS} events`);
  const r = { round, off: off.rate, on: on.rate, forwardedPerSec: forwarded / drainSeconds, drainSeconds, cpuOff, cpuOn };
  results.push(r);
  console.log(
    `round ${round}: ingest off ${Math.round(off.rate).toLocaleString('en-US')} ev/s, on ${Math.round(on.rate).toLocaleString('en-US')} ev/s ` +
      `(ratio ${(on.rate / off.rate).toFixed(2)}); forwarded ${forwarded.toLocaleString('en-US')} events in ${drainSeconds.toFixed(2)} s = ` +
      `${Math.round(r.forwardedPerSec).toLocaleString('en-US')} ev/s; CPU ${cpuOff.toFixed(1)} µs/event off, ${cpuOn.toFixed(1)} on (ingest + forwarding)`,
  );
}

// Forwarding capacity on its own: queue a backlog with sending held, then time the drain.
await call(engine.api.call('endpoints.update', { id: endpoint.id, logs: true }));
fwd.configure({ paused: true });
await ingest(ROUNDS + 1);
await fwd.flushLogs();
const backlogBefore = delivered();
const d0 = performance.now();
const dc0 = cpu();
fwd.configure({ paused: false });
while (fwd.queued() > 0) await new Promise((r) => setTimeout(r, 5));
await fwd.idle();
const drainSeconds = (performance.now() - d0) / 1000;
const drained = delivered() - backlogBefore;
const drainRate = drained / drainSeconds;
console.log(
  `backlog: forwarded ${drained.toLocaleString('en-US')} queued events in ${drainSeconds.toFixed(2)} s = ${Math.round(drainRate).toLocaleString('en-US')} ev/s (CPU ${((cpu() - dc0) / drained).toFixed(1)} µs/event)`,
);

rxProc.stdin!.write('stats\n');
const rxStats = await rxNext();
const sum = (k: 'off' | 'on' | 'forwardedPerSec' | 'cpuOff' | 'cpuOn'): number => results.reduce((n, r) => n + r[k], 0) / results.length;
const summary = {
  events: EVENTS,
  rounds: ROUNDS,
  batch: BATCH,
  parallel: PARALLEL,
  ingestOff: Math.round(sum('off')),
  ingestOn: Math.round(sum('on')),
  ratio: Number((sum('on') / sum('off')).toFixed(3)),
  forwardedPerSec: Math.round(sum('forwardedPerSec')),
  backlogDrainPerSec: Math.round(drainRate),
  cpuUsPerEventOff: Number(sum('cpuOff').toFixed(2)),
  cpuUsPerEventOn: Number(sum('cpuOn').toFixed(2)),
  cpuRatio: Number((sum('cpuOff') / sum('cpuOn')).toFixed(3)),
  receiverRequests: rxStats['requests'],
  receiverMB: Number(((rxStats['bytes'] ?? 0) / 1e6).toFixed(1)),
};
console.log(JSON.stringify(summary));
rxProc.stdin!.end();
await engine.close();
rxProc.kill();
rmSync(dir, { recursive: true, force: true });
