/**
 * Log Viewer benchmark (docs/benchmarks.md, "Log Viewer").
 *
 *   npm run build:renderer && node bench/log-viewer/log-viewer-bench.ts [--events 1000000] [--keep]
 *
 * 1. Starts `node main/serve.ts` on a fresh data dir under bench/.data/ (free ports).
 * 2. Ingests N synthetic events (default 1,000,000) through the real ingest endpoint: one
 *    generic_json source, 500-event NDJSON batches, 4 requests in flight, spread over the 20 hours
 *    before now so the default "last 24 h" range covers them all.
 * 3. Opens the Log Viewer in system Chromium (playwright-core) at 1280×800 and times query submit
 *    → first result row on screen for several queries, each twice (cold: first time this query
 *    runs; warm: again, SQLite pages cached), each time with the engine idle.
 * 4. Scrolls the grid top to bottom in page, `--px` (default 280 = 10 rows) per animation frame,
 *    paging by cursor until the end or the depth cap; reports p50/p95/p99 requestAnimationFrame
 *    intervals, and main-thread CPU per frame from a Chrome trace of a 15 s window (see
 *    trace-frames.ts: on a shared machine the intervals mostly measure CPU contention).
 *    Then jumps 10,000 rows back up and scrolls on up at wheel speed (56 px/frame) for 15 s through
 *    pages dropped from memory, which are refetched by cursor; reports frames and CPU for that too.
 * 5. Reports JS heap: performance.memory samples during the scroll, and CDP JSHeapUsedSize after
 *    a forced GC.
 * Prints a JSON summary on the last line. Targets: p95 frame ≤ 16.7 ms, heap ≤ 300 MB, first rows ≤ 300 ms.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { CDPSession } from 'playwright-core';
import { createSourceWithKey, ingestSynthetic } from './ingest-client.ts';
import type { Runtime } from './ingest-client.ts';
import { scrollBackUp, scrollTopToBottom, timeFirstRows } from './page-probes.ts';
import { frameCpuFromTrace } from './trace-frames.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/chromium.ts';

const REPO = resolve(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    px: { type: 'string', default: '280' },
    'max-scroll-seconds': { type: 'string', default: '600' },
    keep: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(args.events);
const TRACE_DELAY_MS = 5_000;
const TRACE_WINDOW_MS = 15_000;
/** Back up at wheel speed (2 rows a frame) through pages that were dropped from memory. */
const SCROLL_BACK_PX = 56;
const SCROLL_BACK_SECONDS = 15;
const SCROLL_BACK_JUMP_ROWS = 10_000;
const QUERIES = ['', 'severity:>=error', 'host:web-01 action:login', 'raw.statusCode:>=500', '"port_scan failed"'];

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

async function startServe(dataDir: string): Promise<{ rt: Runtime; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['main/serve.ts', '--data-dir', dataDir, '--ingest-host', '127.0.0.1', '--ingest-port', '0', '--console-host', '127.0.0.1', '--console-port', '0'],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const file = join(dataDir, 'runtime.json');
  const deadline = Date.now() + 30_000;
  while (!existsSync(file)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 100));
  const rt = JSON.parse(readFileSync(file, 'utf8')) as Runtime;
  return {
    rt,
    stop: async () => {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(t);
    },
  };
}

type MainThreadTimes = Record<'TaskDuration' | 'ScriptDuration' | 'LayoutDuration' | 'RecalcStyleDuration', number>;

/** Cumulative main-thread seconds from CDP Performance.getMetrics (busy time, not frame interval). */
async function mainThreadTimes(cdp: CDPSession): Promise<MainThreadTimes> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string): number => metrics.find((m) => m.name === name)?.value ?? 0;
  return {
    TaskDuration: get('TaskDuration'),
    ScriptDuration: get('ScriptDuration'),
    LayoutDuration: get('LayoutDuration'),
    RecalcStyleDuration: get('RecalcStyleDuration'),
  };
}

async function main(): Promise<void> {
  if (!existsSync(join(REPO, 'renderer', 'dist', 'index.html'))) throw new Error('renderer/dist is missing: run `npm run build:renderer` first');
  const dataDir = join(REPO, 'bench', '.data', `log-viewer-${Date.now()}`);
  mkdirSync(dataDir, { recursive: true });
  const serve = await startServe(dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  try {
    log(`serve at ${serve.rt.consoleUrl}, data ${dataDir}`);
    const { key } = await createSourceWithKey(serve.rt, 'bench-web');
    const t0 = Date.now();
    let lastLog = 0;
    const accepted = await ingestSynthetic(serve.rt, key, {
      count: EVENTS,
      endMs: Date.now() - 60_000,
      spanMs: 20 * 3_600_000,
      concurrency: 4,
      onProgress: (n) => {
        if (n - lastLog >= 100_000) {
          lastLog = n;
          log(`ingested ${n.toLocaleString('en-US')} (${Math.round(n / ((Date.now() - t0) / 1000))}/s)`);
        }
      },
    });
    const ingestSeconds = (Date.now() - t0) / 1000;
    log(`ingested ${accepted} events in ${ingestSeconds.toFixed(1)} s`);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${serve.rt.consoleUrl}/?token=${encodeURIComponent(serve.rt.token)}#/logs`);
    await page.getByTestId('lv-row').first().waitFor({ timeout: 60_000 });
    await page
      .getByTestId('lv-status')
      .filter({ hasText: /events/ })
      .waitFor({ timeout: 60_000 });
    const status = await page.getByTestId('lv-status').textContent();
    log(`viewer open: ${status}`);

    // Each measurement starts with the engine idle: the previous query's histogram and field
    // counts (requested after its first page) have finished.
    const settle = async (): Promise<void> => {
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="lv-histogram"][aria-busy="true"], [data-testid="lv-fields"][aria-busy="true"]').length === 0,
        null,
        { timeout: 120_000 },
      );
    };
    const firstRows: { q: string; coldMs: number; warmMs: number }[] = [];
    for (const q of QUERIES) {
      await settle();
      const cold = await page.evaluate(timeFirstRows, q);
      await settle();
      const warm = await page.evaluate(timeFirstRows, q);
      firstRows.push({ q, coldMs: Math.round(cold.ms), warmMs: Math.round(warm.ms) });
      log(`first rows for ${JSON.stringify(q)}: cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms`);
    }
    await settle();

    await page.evaluate(timeFirstRows, '');
    await settle();
    log(`scrolling top to bottom at ${args.px} px/frame…`);
    const before = await mainThreadTimes(cdp);
    const scrolling = page.evaluate(scrollTopToBottom, { pxPerFrame: Number(args.px), maxSeconds: Number(args['max-scroll-seconds']) });
    // A trace of the whole scroll would be hundreds of MB; a window in the middle is representative.
    await page.waitForTimeout(TRACE_DELAY_MS);
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    await page.waitForTimeout(TRACE_WINDOW_MS);
    const frameCpu = frameCpuFromTrace((await browser.stopTracing()).toString('utf8'));
    const scroll = await scrolling;
    const after = await mainThreadTimes(cdp);
    const perFrame = (k: keyof MainThreadTimes): number => Math.round(((after[k] - before[k]) * 1000 * 100) / Math.max(1, scroll.frames)) / 100;
    const mainThreadMsPerFrame = {
      task: perFrame('TaskDuration'),
      script: perFrame('ScriptDuration'),
      layout: perFrame('LayoutDuration'),
      style: perFrame('RecalcStyleDuration'),
    };
    log(`scroll: ${JSON.stringify({ ...scroll, heapSamplesMb: undefined })}`);
    log(`main-thread CPU per frame (trace window): ${JSON.stringify(frameCpu)}`);
    log(`main-thread wall time per frame (CDP metrics): ${JSON.stringify(mainThreadMsPerFrame)}`);
    log(`jumping ${SCROLL_BACK_JUMP_ROWS} rows up, then scrolling up at ${SCROLL_BACK_PX} px/frame for ${SCROLL_BACK_SECONDS} s (dropped pages refetched)…`);
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    const scrollBack = await page.evaluate(scrollBackUp, { pxPerFrame: SCROLL_BACK_PX, seconds: SCROLL_BACK_SECONDS, jumpRows: SCROLL_BACK_JUMP_ROWS });
    const scrollBackCpu = frameCpuFromTrace((await browser.stopTracing()).toString('utf8'));
    log(`scroll back: ${JSON.stringify(scrollBack)}; CPU per frame ${JSON.stringify(scrollBackCpu)}`);
    const liveHeap = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1048576;
    await cdp.send('HeapProfiler.collectGarbage');
    const gcHeap = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1048576;
    const domRows = await page.getByTestId('lv-row').count();

    const summary = {
      events: accepted,
      ingestSeconds: Math.round(ingestSeconds),
      ingestPerSecond: Math.round(accepted / ingestSeconds),
      firstRows,
      scroll: { ...scroll, heapSamplesMb: undefined, heapPeakSampleMb: Math.max(0, ...scroll.heapSamplesMb) },
      frameCpu,
      mainThreadMsPerFrame,
      scrollBack: { ...scrollBack, cpu: scrollBackCpu },
      heapAfterScrollMb: Math.round(liveHeap * 10) / 10,
      heapAfterGcMb: Math.round(gcHeap * 10) / 10,
      domRowsAtEnd: domRows,
      targets: {
        p95FrameOk: scroll.p95 <= 16.7,
        p95FrameCpuOk: frameCpu.p95 <= 16.7,
        heapOk: Math.max(liveHeap, ...scroll.heapSamplesMb) <= 300,
        firstRowsOk: firstRows.every((f) => Math.max(f.coldMs, f.warmMs) <= 300),
      },
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await browser.close();
    await serve.stop();
    if (!args.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
