/**
 * Events/s through each compatible-intake protocol against native NDJSON, in the same run.
 *   node bench/intake/intake-bench.ts     (ROUNDS=3 BATCHES=40 CLIENTS=4 by default)
 * A runtime on 127.0.0.1 with a fresh data dir; CLIENTS keep-alive clients post BATCHES
 * pre-encoded 500-event requests (the same events for every protocol). Every protocol run is
 * paired with a native NDJSON run just before it; the figure is the median ratio over ROUNDS pairs.
 * Every answer must be 2xx.
 */
import http from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startRuntime } from '../../main/runtime.ts';
import { batchesOf, encode } from './bodies.ts';
import type { Body } from './bodies.ts';
import { envNumber } from '../lib/env.ts';

const ROUNDS = envNumber('ROUNDS', 3);
const BATCHES = envNumber('BATCHES', 40);
const CLIENTS = envNumber('CLIENTS', 4);
const PROTOCOLS = [
  'native NDJSON',
  'Splunk HEC',
  'Elasticsearch _bulk',
  'OTLP JSON',
  'OTLP protobuf',
  'Loki JSON',
  'Loki protobuf',
  'Seq CLEF',
  'GELF HTTP (1 event/request)',
];
const TARGETS: Record<string, number> = { 'Splunk HEC': 0.7, 'Elasticsearch _bulk': 0.7, 'OTLP JSON': 0.7, 'Loki JSON': 0.7 };

function postOnce(agent: http.Agent, port: number, b: Body): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: '127.0.0.1', port, path: b.path, method: 'POST', headers: { ...b.headers, 'content-length': b.body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(b.body);
  });
}

async function run(port: number, bodies: Body[]): Promise<{ events: number; ms: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  let next = 0;
  let events = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < bodies.length) {
        const b = bodies[next++]!;
        const status = await postOnce(agent, port, b);
        if (status < 200 || status > 299) throw new Error(`${b.path} answered ${status}`);
        events += b.events;
      }
    }),
  );
  agent.destroy();
  return { events, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const dataDir = join(tmpdir(), `watchpost-intake-bench-${process.pid}`);
  const rt = await startRuntime({
    mode: 'headless',
    dataDir,
    ingestHost: '127.0.0.1',
    ingestPort: 0,
    searchWorkers: 0,
    retention: { maxAgeDays: 0, maxSizeGb: 0 },
  });
  try {
    const call = async (m: string, input: unknown) => {
      const r = await rt.engine.api.call(m as never, input as never);
      if (!r.success) throw new Error(r.error.message);
      return r.data as { id: string; key: string };
    };
    const src = await call('sources.create', { name: 'intake-bench', rateLimit: 100_000 });
    const { key } = await call('sources.generateKey', { id: src.id });
    const port = Number(new URL(rt.ingestUrl).port);
    const events = batchesOf(7, BATCHES, 500);
    const bodies = Object.fromEntries(PROTOCOLS.map((p) => [p, events.map((b) => encode(p, b, key))]));
    for (const p of PROTOCOLS) await run(port, bodies[p]!.slice(0, 4)); // warm-up (JIT, statements)
    // Each protocol runs right after a native run of the same size, so both see the same machine load
    // and the same store size; the ratio per pair is what is compared (median over rounds).
    const rates: Record<string, number[]> = Object.fromEntries(PROTOCOLS.map((p) => [p, []]));
    const ratios: Record<string, number[]> = Object.fromEntries(PROTOCOLS.map((p) => [p, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of PROTOCOLS.slice(1)) {
        const n = await run(port, bodies['native NDJSON']!);
        const x = await run(port, bodies[p]!);
        const nRate = (n.events / n.ms) * 1000;
        const xRate = (x.events / x.ms) * 1000;
        rates['native NDJSON']!.push(nRate);
        rates[p]!.push(xRate);
        ratios[p]!.push(xRate / nRate);
      }
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    console.log(`intake bench: ${ROUNDS} rounds × ${BATCHES} requests × 500 events, ${CLIENTS} clients, node ${process.version}`);
    console.log('| protocol | events/s (median) | × native (median of paired runs) | target |');
    console.log('|---|---:|---:|---|');
    for (const p of PROTOCOLS) {
      const x = p === 'native NDJSON' ? 1 : median(ratios[p]!);
      const target = TARGETS[p];
      console.log(
        `| ${p} | ${Math.round(median(rates[p]!)).toLocaleString('en-US')} | ${x.toFixed(2)} | ${target ? `≥ ${target} ${x >= target ? 'met' : 'MISSED'}` : ''} |`,
      );
    }
  } finally {
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
