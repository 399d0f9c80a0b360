/**
 * Main-thread CPU per frame from a Chrome trace. Frame intervals measured with
 * requestAnimationFrame are wall-clock: on a shared, overloaded machine they mostly measure how
 * long the OS kept the renderer waiting. Trace events carry `tdur`, the thread's own CPU time, so
 * summing the renderer main thread's top-level tasks between consecutive animation frames gives
 * the work each frame really cost, independent of contention.
 */

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  cat?: string;
  args?: { name?: string };
}

export interface FrameCpu {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Frames whose main-thread CPU exceeded the 16.7 ms budget. */
  overBudget: number;
}

/** Top-level task events; the two names nest (same task), so only one kind is counted. */
const TOP_LEVEL_NAMES = ['ThreadControllerImpl::RunTask', 'RunTask'] as const;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** Per-frame main-thread CPU (ms) of the page's renderer, between `FireAnimationFrame` events. */
export function frameCpuFromTrace(traceJson: string): FrameCpu {
  const parsed = JSON.parse(traceJson) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  // The page's renderer is the one that ran animation frames.
  let best: { pid: number; tid: number; count: number } | null = null;
  for (const m of mains) {
    const count = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'FireAnimationFrame').length;
    if (!best || count > best.count) best = { pid: m.pid, tid: m.tid, count };
  }
  if (!best || best.count < 2) return { frames: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0, overBudget: 0 };
  const onMain = events.filter((e) => e.pid === best!.pid && e.tid === best!.tid);
  const frameStarts = onMain
    .filter((e) => e.name === 'FireAnimationFrame')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const taskName = TOP_LEVEL_NAMES.find((n) => onMain.some((e) => e.ph === 'X' && e.name === n)) ?? 'RunTask';
  const tasks = onMain.filter((e) => e.ph === 'X' && e.name === taskName).sort((a, b) => a.ts - b.ts);
  const perFrame = new Array<number>(frameStarts.length - 1).fill(0);
  let f = 0;
  for (const t of tasks) {
    while (f < frameStarts.length - 1 && t.ts >= frameStarts[f + 1]!) f++;
    if (t.ts < frameStarts[0]! || f >= perFrame.length) continue;
    perFrame[f]! += (t.tdur ?? t.dur ?? 0) / 1000;
  }
  const sorted = [...perFrame].sort((a, b) => a - b);
  const sum = perFrame.reduce((a, b) => a + b, 0);
  return {
    frames: perFrame.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
    mean: round(sum / Math.max(1, perFrame.length)),
    overBudget: perFrame.filter((ms) => ms > 16.7).length,
  };
}
