/**
 * Dashboard time windows snapped to whole minutes. The histogram answers whole minutes from the
 * per-minute event_counts summary and reads events only for minutes cut by a bucket edge, so a
 * 24 h window with 48 unaligned edges reads ~49 minutes of events while an aligned one reads none
 * (bench/dashboards: seconds against tens of ms). Panels show "the last 24 h up to the end of this
 * minute", as most dashboard tools do; the drill-downs carry the snapped range, so they stay exact.
 */

const MINUTE = 60_000;
/** Bucket widths in minutes that read well on an axis. */
const NICE_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10_080];
/** Below this span, windows are used as given (a zoomed-in view keeps its exact edges). */
const ALIGN_FROM_MS = 60 * MINUTE;

export interface Window {
  fromMs: number;
  toMs: number;
  /** Time-panel buckets over the window: whole minutes each when the window was snapped. */
  buckets: number;
}

/**
 * Snap [fromMs, toMs) to whole minutes: `to` up to the next minute, the span to a whole number of
 * "nice" buckets (at most `maxBuckets`) at least as long as asked (give or take the 1 ms "now" adds). Spans under an hour are kept.
 */
export function alignWindow(fromMs: number, toMs: number, maxBuckets: number): Window {
  // "Until now" ends one ms after now (parseTimeRange): that ms must not add a bucket.
  const span = toMs - fromMs - 1;
  if (span < ALIGN_FROM_MS) return { fromMs, toMs, buckets: maxBuckets };
  const widthMin = NICE_MINUTES.find((m) => m * MINUTE * maxBuckets >= span) ?? Math.ceil(span / MINUTE / maxBuckets);
  const width = widthMin * MINUTE;
  const buckets = Math.ceil(span / width);
  const to = Math.ceil(toMs / MINUTE) * MINUTE;
  return { fromMs: to - buckets * width, toMs: to, buckets };
}
