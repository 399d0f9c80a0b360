import { SEVERITIES } from '../../../shared/enums.ts';
import type { Severity } from '../../../shared/enums.ts';
import { SEARCH_LIMITS } from '../../../shared/limits.ts';
import { parseTimeRange } from '../../../shared/query/index.ts';
import type { SearchInput } from '../../../shared/api.ts';
import type { Histogram, TopValues } from '../../../shared/types.ts';
import { queryInt } from '../validate.ts';
import { bucketEdges } from './histogram.ts';
import { TOP_LIMITS, TopCounter } from './top.ts';

/** Part of a request's window one worker counts: events stamped in [fromMs, toMs). */
export interface TimePart {
  fromMs: number;
  toMs: number;
}

/** Top values of one part of a window: every value, or none and `incomplete` (too many to send and merge). */
export interface TopPart extends TopValues {
  incomplete?: true;
}

/**
 * Most distinct values a top-values part sends back for merging: beyond it (an id-like field)
 * the engine thread would spend long merging and hold the parts in memory (~10 MB each at this
 * size), so the request is answered whole by one worker. A part's own work comes first, so a
 * field over it costs ~1.5× one worker's time. 100,000 covers the addresses of a /16 network:
 * with 20,000, a 30-day top of `raw.srcIp` over 65,000 addresses took 21 s instead of 9
 * (docs/benchmarks.md, "Stop 14").
 */
export const TOP_PART_MAX_VALUES = 100_000;

/**
 * Windows shorter than this are answered by one worker: the second worker's fixed cost (query,
 * block list, skip index) is not worth it there, and the Log Viewer's default windows are short.
 */
export const SPLIT_MIN_MS = 3_600_000;

/**
 * The window of a histogram or top-values request cut in `count` parts by time, for as many
 * workers (null: don't split; the request goes whole to one worker, which also reports any
 * invalid input). A histogram is cut at its own bucket edges, so each bucket is counted whole
 * by one part and summing the parts' histograms is exact; top values are cut at minute edges.
 */
export function splitWindow(method: 'histogram' | 'top', input: SearchInput & { buckets?: number }, nowMs: number, count: number): TimePart[] | null {
  if (count < 2) return null;
  let fromMs: number;
  let toMs: number;
  let n: number;
  try {
    ({ fromMs, toMs } = parseTimeRange(input.from, input.to, nowMs));
    n = method === 'histogram' ? queryInt('buckets', input.buckets, { fallback: SEARCH_LIMITS.defaultBuckets, max: SEARCH_LIMITS.maxBuckets }) : 0;
  } catch {
    return null;
  }
  const span = toMs - fromMs;
  if (span < SPLIT_MIN_MS) return null;
  const cuts: number[] = [];
  if (method === 'histogram') {
    n = Math.min(n, span);
    const edges = bucketEdges(fromMs, toMs, n);
    for (let i = 1; i < count; i++) cuts.push(edges[Math.round((i * n) / count)]!);
  } else {
    for (let i = 1; i < count; i++) cuts.push(Math.floor((fromMs + (i * span) / count) / 60_000) * 60_000);
  }
  const bounds = [fromMs, ...cuts.filter((c) => c > fromMs && c < toMs), toMs].filter((c, i, all) => i === 0 || c > all[i - 1]!);
  if (bounds.length < 3) return null;
  return bounds.slice(1).map((to, i) => ({ fromMs: bounds[i]!, toMs: to }));
}

/** Histograms of the parts of one window (same buckets, each part counting its own events) summed. */
export function mergeHistograms(parts: Histogram[]): Histogram {
  const [first, ...rest] = parts;
  return {
    buckets: first!.buckets.map((b, i) => ({
      start: b.start,
      end: b.end,
      counts: Object.fromEntries(SEVERITIES.map((s) => [s, rest.reduce((sum, p) => sum + p.buckets[i]!.counts[s], b.counts[s])])) as Record<Severity, number>,
    })),
  };
}

/**
 * Top values of the parts of one window, each with every value's full count (no limit), merged
 * exactly: counts and totals add up (an event lies in one part), then the `limit` most common
 * values are kept, ties by value as for one part.
 */
export function mergeTops(parts: TopValues[], limit: unknown): TopValues {
  const counter = new TopCounter();
  for (const p of parts) {
    counter.add(
      p.values.map((v) => ({ v: v.value, c: v.count })),
      p.total,
      (v) => v as string,
    );
  }
  return counter.result(parts[0]!.field, queryInt('limit', limit, { fallback: TOP_LIMITS.defaultLimit, max: TOP_LIMITS.maxLimit }));
}
