/**
 * Histogram buckets picked from the keyboard (the Log Viewer's histogram and dashboard time
 * panels): `a` is where the pick started, `b` where it ends; either may be the lower.
 */
export interface BucketMark {
  a: number;
  b: number;
}

/**
 * ← / → over `n` buckets. The first press marks the newest bucket; later presses move the mark one
 * bucket, or with Shift widen it from where it started. Never leaves 0…n-1.
 */
export function stepMark(mark: BucketMark | null, key: 'ArrowLeft' | 'ArrowRight', widen: boolean, n: number): BucketMark {
  const cur = mark ?? { a: n - 1, b: n - 1 };
  const step = key === 'ArrowLeft' ? -1 : 1;
  const b = Math.max(0, Math.min(n - 1, (mark ? cur.b : cur.a) + (mark ? step : 0)));
  return widen ? { a: cur.a, b } : { a: b, b };
}

/** The marked buckets, lowest index first. */
export function markedSpan(mark: BucketMark): { lo: number; hi: number } {
  return { lo: Math.min(mark.a, mark.b), hi: Math.max(mark.a, mark.b) };
}
