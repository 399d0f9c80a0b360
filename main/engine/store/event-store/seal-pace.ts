import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

/**
 * When the sealing worker seals. Sealing costs more CPU per event than parsing and inserting
 * together, so on a small machine a burst of ingest and sealing compete for the same cores. While
 * ingest is busy and the machine saturated, sealing waits (the events stay durable and searchable
 * in the head) and catches up when ingest slows; past `headCap` events in the head it seals
 * regardless, so the head stays bounded. docs/storage.md ("Sealing") has the numbers.
 */
export interface PaceOptions {
  /** Head size (events, by id span) from which sealing runs whatever ingest does. */
  headCap: number;
  /** Ingest rate (events/s) from which ingest counts as busy: below it sealing costs little. */
  busyRate: number;
  /** Share of all cores busy with other work than sealing from which the machine counts as saturated. */
  saturated: number;
}

/** 128 blocks of 4,096: ~5 s of a 100k events/s burst; a text search reads it in ~1 s (docs/storage.md). */
export const DEFAULT_PACE: PaceOptions = { headCap: 524_288, busyRate: 4096, saturated: 0.75 };

/** One reading of the clocks the decision compares (ms), and the head's highest id. */
export interface PaceSample {
  at: number;
  maxId: number;
  /** CPU busy time summed over all cores, and busy + idle. */
  busy: number;
  total: number;
  /** This thread's CPU time (the sealer's own share of `busy`). */
  own: number;
}

/** Read the clocks now. */
export function paceSample(maxId: number): PaceSample {
  let busy = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { at: performance.now(), maxId, busy, total, own: threadCpuMs() };
}

/**
 * This thread's CPU time (ms). Electron's Node (22) has no `process.threadCpuUsage`: there, the
 * time this thread's event loop was active stands in (the sealer's turns are synchronous work).
 */
export function threadCpuMs(): number {
  const threadCpu = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (typeof threadCpu !== 'function') return performance.eventLoopUtilization().active;
  const u = threadCpu.call(process);
  return (u.user + u.system) / 1000;
}

/**
 * Seal now, or wait: waits only while the head is under the cap, ingest ran at `busyRate` or more
 * between the two samples, and other work kept `saturated` of the CPU time the sealer left it busy
 * (measured against what the sealer left, not against all cores: a sealer holding one core of two
 * while ingest fills the other is competing, not idle).
 */
export function shouldSeal(prev: PaceSample, cur: PaceSample, headEvents: number, opts: PaceOptions): boolean {
  if (headEvents >= opts.headCap) return true;
  const secs = (cur.at - prev.at) / 1000;
  if (secs <= 0) return true;
  const rate = (cur.maxId - prev.maxId) / secs;
  if (rate < opts.busyRate) return true;
  const own = Math.max(0, cur.own - prev.own);
  const left = cur.total - prev.total - own;
  if (left <= 0) return true;
  const others = Math.max(0, cur.busy - prev.busy - own) / left;
  return others < opts.saturated;
}
