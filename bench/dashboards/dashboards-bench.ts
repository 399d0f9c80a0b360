/**
 * Dashboards benchmark (issue 14; docs/benchmarks.md, "Dashboards").
 *   node bench/dashboards/dashboards-bench.ts     (EVENTS=1000000 DURATION_S=45 LIVE_S=150 CLIENTS=4 REFRESH_S=3)
 *
 * 1. Preloads EVENTS realistic events spread over the 24 h before now through the engine's own
 *    writer (direct path), across 4 sources on 2 platforms.
 * 2. Starts `serve` as a child process and times GET /v1/dashboards/overview/data (every Overview
 *    panel over the last 24 h: numbers with the previous period, severity over time, three top-N,
 *    open alerts, source health): the first call, then the median of 5, then the median of 5
 *    filtered to one platform.
 * 3. Ingest speed over HTTP (CLIENTS loopback clients, 500-event batches, DURATION_S each) in the
 *    same run: without a dashboard; with the Overview refreshing every REFRESH_S seconds as a
 *    live refresh (`live=true`, cost-bounded: docs/dashboards.md) for LIVE_S seconds; with it
 *    recomputed in full every REFRESH_S seconds (no `live`). Order: quiet, live, quiet, full (the
 *    full refresh's searches can outlive its phase). Ratios compare each refreshing phase with
 *    the mean of the two quiet ones.
 * Prints a JSON summary on the last line.
 */
import http from 'node:http';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bigStore } from '../lib/big-store.ts';
import { openDatabase } from '../../main/engine/store/db.ts';
import { sealAll } from '../../main/engine/store/event-store/index.ts';
import { createEngine } from '../../main/engine/engine.ts';
import { normalizeEvent } from '../../main/engine/ingest/envelope.ts';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api.ts';
import type { DashboardData } from '../../shared/types.ts';
import { makeBatches, makeEvent, percentile, rng } from '../lib/events.ts';
import { post } from '../lib/post.ts';
import { spawnServe } from '../lib/serve.ts';
import type { BenchServe } from '../lib/serve.ts';
import { envNumber, benchDataDir, fmt, DAY } from '../lib/env.ts';

const EVENTS = envNumber('EVENTS', 1_000_000);
const DURATION_S = envNumber('DURATION_S', 45);
const CLIENTS = envNumber('CLIENTS', 4);
const REFRESH_S = envNumber('REFRESH_S', 3);
/** The live phase runs longer: its budget is a tenth of the time over a panel's 10x-cost cycle, not per minute. */
const LIVE_S = envNumber('LIVE_S', 150);
const dataDir = benchDataDir('dashboards');

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** Fresh store with EVENTS events over the last 24 h; returns the platform to filter on and an ingest key. */
async function preload(): Promise<{ platformId: string; key: string }> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const engine = createEngine({ dataDir, mode: 'headless', retention: { maxAgeDays: 0, maxSizeGb: 0 }, searchWorkers: 0 });
  const call = async <M extends ApiMethod>(m: M, i: ApiInput<M>): Promise<ApiOutput<M>> => {
    const r = await engine.api.call(m, i);
    if (!r.success) throw new Error(r.error.message);
    return r.data;
  };
  const prod = await call('platforms.create', { name: 'Production' });
  const stage = await call('platforms.create', { name: 'Staging' });
  const sources = [];
  for (const [i, name] of ['Web Tier', 'Identity', 'Edge Firewall', 'Staging Web'].entries()) {
    sources.push(await call('sources.create', { name, rateLimit: 100_000, platformId: i < 3 ? prod.id : stage.id, heartbeatMinutes: 10 }));
  }
  const live = await call('sources.create', { name: 'Live Ingest', rateLimit: 100_000, platformId: prod.id });
  const { key } = await call('sources.generateKey', { id: live.id });
  const infos = sources.map((s) => engine.context.sources.byId(s.id)!);
  const r = rng(14);
  const now = Date.now();
  const t0 = performance.now();
  const CHUNK = 5000;
  for (let done = 0; done < EVENTS; done += CHUNK) {
    const n = Math.min(CHUNK, EVENTS - done);
    const events = [];
    for (let i = 0; i < n; i++) {
      const ts = now - DAY + Math.floor(((done + i) / EVENTS) * DAY);
      const text = JSON.stringify(makeEvent(r, ts));
      events.push(normalizeEvent(JSON.parse(text) as Record<string, unknown>, text, ts));
    }
    const info = infos[(done / CHUNK) % infos.length]!;
    engine.context.writer.writeNow({ source: info, events, receivedAt: events.at(-1)!.ts, rejected: 0 });
    if (done % 500_000 === 0 && done) console.log(`  preload ${fmt(done)} (${fmt(done / ((performance.now() - t0) / 1000))} ev/s)`);
  }
  console.log(`preloaded ${fmt(EVENTS)} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await engine.close();
  // Sealed, as serve keeps a store whose sealing keeps up with ingest (the engine's sealing worker
  // was not running during the direct preload).
  const db = openDatabase({ dataDir });
  const t1 = performance.now();
  sealAll(db);
  db.close();
  console.log(`sealed in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  return { platformId: prod.id, key };
}

/** One Overview evaluation; panel errors (e.g. a search stopped at its 30 s limit) throw unless `tolerate`. */
async function overview(rt: BenchServe, query = '', tolerate = false): Promise<{ ms: number; data: DashboardData; failed: number }> {
  const s = performance.now();
  const res = await fetch(`${rt.consoleUrl}/v1/dashboards/overview/data${query}`, { headers: { authorization: `Bearer ${rt.token}` } });
  const json = (await res.json()) as { success: boolean; data: DashboardData; error?: unknown };
  if (!json.success) throw new Error(`overview: ${JSON.stringify(json.error)}`);
  const failed = json.data.panels.filter((p) => p.error);
  if (failed.length && !tolerate) throw new Error(`overview panels failed: ${JSON.stringify(failed)}`);
  return { ms: performance.now() - s, data: json.data, failed: failed.length };
}

/** CLIENTS clients posting for DURATION_S; optionally the Overview refreshing every REFRESH_S meanwhile. */
async function ingestPhase(rt: BenchServe, key: string, batches: string[], refresh: 'none' | 'live' | 'full', seconds = DURATION_S) {
  const url = new URL(rt.ingestUrl);
  let events = 0;
  let non200 = 0;
  const refreshes: number[] = [];
  let panelErrors = 0;
  const end = performance.now() + seconds * 1000;
  const refresher = async () => {
    while (refresh !== 'none' && performance.now() < end) {
      const r = await overview(rt, refresh === 'live' ? '?live=true' : '', true);
      refreshes.push(r.ms);
      panelErrors += r.failed;
      await new Promise((res) => setTimeout(res, REFRESH_S * 1000));
    }
  };
  const t0 = performance.now();
  await Promise.all([
    refresher(),
    ...Array.from({ length: CLIENTS }, async (_, c) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = c; performance.now() < end; i += CLIENTS) {
        if ((await post(agent, url, key, batches[i % batches.length]!)) === 200) events += 500;
        else non200++;
      }
      agent.destroy();
    }),
  ]);
  return {
    eventsPerSec: events / ((performance.now() - t0) / 1000),
    non200,
    refreshes: refreshes.length,
    refreshMedianMs: refreshes.length ? median(refreshes) : null,
    panelErrors,
  };
}

async function main(): Promise<void> {
  // BIG=1: the Overview on the storage benchmark's large store (bench/lib/big-store.ts; EVENTS over
  // DAYS, default 100 M over 30 days, built once and shared), timing only, no ingest phases (they
  // would add events to the shared store).
  const big = process.env.BIG === '1' ? await bigStore(benchDataDir('storage-big'), envNumber('EVENTS', 100_000_000), envNumber('DAYS', 30), true) : null;
  const { platformId, key } = big ?? (await preload());
  if (big) rmSync(join(big.dir, 'runtime.json'), { force: true });
  const rt = await spawnServe(big?.dir ?? dataDir);
  try {
    // SETTLE_S: seconds between serve's start and the first call (its worker threads start meanwhile).
    await new Promise((res) => setTimeout(res, envNumber('SETTLE_S', 0) * 1000));
    const first = await overview(rt);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await overview(rt)).ms);
    const filtered: number[] = [];
    for (let i = 0; i < 5; i++) filtered.push((await overview(rt, `?platformId=${platformId}`)).ms);
    const total = first.data.panels.find((p) => p.panelId === 'events-total')?.data;
    console.log(
      `Overview (${first.data.panels.length} panels, 24 h, ${fmt(total?.kind === 'number' ? total.count : 0)} events): first ${first.ms.toFixed(0)} ms, median ${median(warm).toFixed(0)} ms, platform-filtered median ${median(filtered).toFixed(0)} ms`,
    );

    if (big || process.env.OVERVIEW_ONLY === '1') {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${rt.pid}/status`, 'utf8'))?.[1];
      console.log(`serve peak RSS (VmHWM): ${hwm ? Math.round(Number(hwm) / 1024) : '?'} MB`);
      console.log(
        JSON.stringify({
          events: big?.events ?? EVENTS,
          days: big?.days ?? 1,
          overviewFirstMs: Math.round(first.ms),
          overviewMedianMs: Math.round(median(warm)),
          overviewPlatformMedianMs: Math.round(median(filtered)),
        }),
      );
      return;
    }
    const batches = makeBatches(7, 200, 500, Date.now(), 5_000);
    // Full refresh last: its searches can outlive the phase (up to the 30 s search limit) and
    // would slow whatever phase came next.
    const quiet1 = await ingestPhase(rt, key, batches, 'none');
    const live = await ingestPhase(rt, key, batches, 'live', LIVE_S);
    const quiet2 = await ingestPhase(rt, key, batches, 'none');
    const full = await ingestPhase(rt, key, batches, 'full');
    const quiet = (quiet1.eventsPerSec + quiet2.eventsPerSec) / 2;
    const ratio = live.eventsPerSec / quiet;
    const fullRatio = full.eventsPerSec / quiet;
    console.log(`ingest without dashboard: ${fmt(quiet1.eventsPerSec)} then ${fmt(quiet2.eventsPerSec)} ev/s`);
    for (const [name, p, r] of [
      ['live', live, ratio],
      ['full', full, fullRatio],
    ] as const) {
      console.log(
        `  Overview ${name} refresh every ${REFRESH_S} s: ${fmt(p.eventsPerSec)} ev/s (${p.refreshes} refreshes, median ${p.refreshMedianMs?.toFixed(0)} ms) → ${r.toFixed(2)}× (target ≥ 0.9×)`,
      );
    }
    console.log(
      JSON.stringify({
        events: EVENTS,
        overviewFirstMs: Math.round(first.ms),
        overviewMedianMs: Math.round(median(warm)),
        overviewPlatformMedianMs: Math.round(median(filtered)),
        ingestQuiet: [Math.round(quiet1.eventsPerSec), Math.round(quiet2.eventsPerSec)],
        ingestLiveRefresh: Math.round(live.eventsPerSec),
        liveRefreshes: live.refreshes,
        ratio: Number(ratio.toFixed(3)),
        ingestFullRefresh: Math.round(full.eventsPerSec),
        fullRefreshes: full.refreshes,
        fullRefreshMedianMs: full.refreshMedianMs === null ? null : Math.round(full.refreshMedianMs),
        fullRatio: Number(fullRatio.toFixed(3)),
        panelErrors: live.panelErrors + full.panelErrors,
        non200: quiet1.non200 + live.non200 + full.non200 + quiet2.non200,
      }),
    );
  } finally {
    await rt.stop();
  }
}

await main();
