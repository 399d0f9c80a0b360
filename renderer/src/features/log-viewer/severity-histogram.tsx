/**
 * Event counts over the pinned range, stacked by severity (critical on top). Drag across it to zoom
 * the time range to the selection; a click zooms to one bucket. Plain SVG: 60 bars need no library.
 */
import { useEffect, useRef, useState } from 'react';
import type { JSX, PointerEvent as ReactPointerEvent } from 'react';
import { SEVERITIES } from '../../../../shared/enums.ts';
import type { HistogramBucket } from '../../../../shared/types.ts';
import { useLogViewer } from './log-viewer-store.ts';
import { formatUtc } from './log-viewer-time.ts';

const HEIGHT = 64;
const MIN_ZOOM_MS = 1000;

function bucketTotal(b: HistogramBucket): number {
  let n = 0;
  for (const s of SEVERITIES) n += b.counts[s] ?? 0;
  return n;
}

export function SeverityHistogram(): JSX.Element {
  const buckets = useLogViewer((s) => s.histogram);
  const status = useLogViewer((s) => s.histogramStatus);
  const pinned = useLogViewer((s) => s.pinned);
  const setRange = useLogViewer((s) => s.setRange);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(200, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(200, el.clientWidth));
    return () => ro.disconnect();
  }, []);

  const fromMs = pinned ? Date.parse(pinned.from) : 0;
  const toMs = pinned ? Date.parse(pinned.to) : 1;
  const timeAt = (x: number): number => fromMs + (Math.max(0, Math.min(x, width)) / width) * (toMs - fromMs);
  const localX = (e: ReactPointerEvent): number => e.clientX - (wrapRef.current?.getBoundingClientRect().left ?? 0);

  const zoom = (a: number, b: number): void => {
    let f = Math.min(a, b);
    let t = Math.max(a, b);
    if (t - f < MIN_ZOOM_MS) t = f + MIN_ZOOM_MS;
    f = Math.floor(f);
    t = Math.ceil(t);
    void setRange({ kind: 'absolute', from: new Date(f).toISOString(), to: new Date(t).toISOString() });
  };

  const onUp = (e: ReactPointerEvent): void => {
    if (!drag || !buckets) return;
    const x1 = localX(e);
    setDrag(null);
    if (Math.abs(x1 - drag.x0) >= 4) return zoom(timeAt(drag.x0), timeAt(x1));
    const i = Math.floor((Math.max(0, Math.min(x1, width - 1)) / width) * buckets.length);
    const b = buckets[i];
    if (b && bucketTotal(b) > 0) zoom(Date.parse(b.start), Date.parse(b.end));
  };

  const max = Math.max(1, ...(buckets ?? []).map(bucketTotal));
  const barW = buckets && buckets.length > 0 ? width / buckets.length : width;

  return (
    <div className="lv-histogram" data-testid="lv-histogram" aria-busy={status === 'loading'}>
      <div
        className="lv-histogram-plot"
        ref={wrapRef}
        role="img"
        aria-label="Events over time by severity. Drag to zoom the time range."
        onPointerDown={(e) => {
          if (!buckets || e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          const x = localX(e);
          setDrag({ x0: x, x1: x });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, x1: localX(e) })}
        onPointerUp={onUp}
        onPointerCancel={() => setDrag(null)}
      >
        <svg width={width} height={HEIGHT} className="lv-histogram-svg">
          {(buckets ?? []).map((b, i) => {
            let y = HEIGHT;
            return (
              <g key={b.start} data-testid="lv-histogram-bar">
                <title>{`${formatUtc(b.start)} – ${formatUtc(b.end)} UTC: ${bucketTotal(b)} events\n${SEVERITIES.filter((s) => b.counts[s]).map((s) => `${s} ${b.counts[s]}`).join(', ')}`}</title>
                {SEVERITIES.map((s) => {
                  const n = b.counts[s] ?? 0;
                  if (n === 0) return null;
                  const h = Math.max(1, (n / max) * (HEIGHT - 4));
                  y -= h;
                  return <rect key={s} x={i * barW + 0.5} y={y} width={Math.max(1, barW - 1.5)} height={h} className={`lv-sev-fill-${s}`} />;
                })}
              </g>
            );
          })}
          {drag && (
            <rect className="lv-histogram-brush" data-testid="lv-histogram-brush" x={Math.min(drag.x0, drag.x1)} y={0} width={Math.abs(drag.x1 - drag.x0)} height={HEIGHT} />
          )}
        </svg>
        {status === 'loading' && <div className="lv-histogram-note faint">Counting…</div>}
        {status === 'error' && <div className="lv-histogram-note faint">Histogram unavailable</div>}
      </div>
      {pinned && (
        <div className="lv-histogram-axis faint mono" aria-hidden="true">
          <span>{formatUtc(pinned.from).slice(0, 19)}</span>
          <span>{formatUtc(new Date((fromMs + toMs) / 2).toISOString()).slice(0, 19)}</span>
          <span>{formatUtc(pinned.to).slice(0, 19)} UTC</span>
        </div>
      )}
      <ul className="lv-legend" aria-label="Severity colours">
        {SEVERITIES.map((s) => (
          <li key={s}>
            <span className={`lv-swatch lv-sev-bg-${s}`} aria-hidden="true" />
            {s}
          </li>
        ))}
      </ul>
    </div>
  );
}
