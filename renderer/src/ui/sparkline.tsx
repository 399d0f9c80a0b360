/**
 * 24-hour sparkline as inline SVG bars, oldest hour on the left. Zero hours draw a faint baseline
 * tick so a silent stretch is visible rather than blank.
 */
import type { JSX } from 'react';

export interface SparklineProps {
  values: number[];
  width?: number;
  height?: number;
  label: string;
}

export interface SparkBar {
  x: number;
  y: number;
  w: number;
  h: number;
  value: number;
}

/** Bar geometry, separate from rendering so it can be unit tested. */
export function sparkBars(values: number[], width: number, height: number): SparkBar[] {
  const n = values.length;
  if (n === 0) return [];
  const max = Math.max(1, ...values);
  const slot = width / n;
  const w = Math.max(1, slot - 1);
  return values.map((v, i) => {
    const h = v > 0 ? Math.max(2, (v / max) * (height - 1)) : 1;
    return { x: i * slot, y: height - h, w, h, value: v };
  });
}

/** "23–24 h ago" … "this hour" for bucket i of n (oldest first). */
export function hourLabel(n: number, i: number): string {
  const end = n - i - 1;
  return end === 0 ? 'this hour' : `${end}–${end + 1} h ago`;
}

export function Sparkline({ values, width = 120, height = 24, label }: SparklineProps): JSX.Element {
  const bars = sparkBars(values, width, height);
  const total = values.reduce((a, b) => a + b, 0);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${total} events in 24 h, oldest hour first`}
      data-testid="sparkline"
      data-values={values.join(',')}
    >
      {bars.map((b, i) => (
        <rect key={i} x={b.x} y={b.y} width={b.w} height={b.h} rx={0.5} fill={b.value > 0 ? 'var(--accent)' : 'var(--border-strong)'}>
          <title>{`${hourLabel(values.length, i)}: ${b.value}`}</title>
        </rect>
      ))}
    </svg>
  );
}
