/**
 * Event counts over the pinned range, stacked by severity (critical on top). Drag across it to zoom
 * the time range to the selection; a click zooms to one bucket. By keyboard: ←/→ move a highlighted
 * bar, Shift+←/→ widen the highlight, Enter zooms to it, `-` zooms out. "Zoom out" doubles the span.
 * Every zoom is a new search, so Back returns to the previous one. Plain SVG: 60 bars need no library.
 */
import { useEffect, useRef, useState } from 'react';
import type { JSX, KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import { SEVERITIES } from '../../../../shared/enums.ts';
import { useLogViewer } from './log-viewer-store.ts';
import { bucketTotal } from './log-viewer-fetch.ts';
import { absoluteRange } from './log-viewer-time.ts';
import { formatInstant, zoneLabel } from '../../ui/format-time.ts';
import { markedSpan, stepMark } from '../../ui/bucket-mark.ts';
import type { BucketMark } from '../../ui/bucket-mark.ts';

const HEIGHT = 64;

export function SeverityHistogram(): JSX.Element {
  const buckets = useLogViewer((s) => s.histogram);
  const status = useLogViewer((s) => s.histogramStatus);
  const pinned = useLogViewer((s) => s.pinned);
  const setRange = useLogViewer((s) => s.setRange);
  const zoomOut = useLogViewer((s) => s.zoomOut);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  /** Keyboard highlight: bucket indexes [a, b] (a = anchor). */
  const [mark, setMark] = useState<BucketMark | null>(null);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(200, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(200, el.clientWidth));
    return () => ro.disconnect();
  }, []);

  useEffect(() => setMark(null), [buckets]);

  const fromMs = pinned ? Date.parse(pinned.from) : 0;
  const toMs = pinned ? Date.parse(pinned.to) : 1;
  const timeAt = (x: number): number => fromMs + (Math.max(0, Math.min(x, width)) / width) * (toMs - fromMs);
  const localX = (e: ReactPointerEvent): number => e.clientX - (wrapRef.current?.getBoundingClientRect().left ?? 0);
  const zoom = (a: number, b: number): void => void setRange(absoluteRange(a, b));

  const onUp = (e: ReactPointerEvent): void => {
    if (!drag || !buckets) return;
    const x1 = localX(e);
    setDrag(null);
    if (Math.abs(x1 - drag.x0) >= 4) return zoom(timeAt(drag.x0), timeAt(x1));
    const i = Math.floor((Math.max(0, Math.min(x1, width - 1)) / width) * buckets.length);
    const b = buckets[i];
    if (b && bucketTotal(b) > 0) zoom(Date.parse(b.start), Date.parse(b.end));
  };

  const onKey = (e: ReactKeyboardEvent): void => {
    if (e.key === '-') {
      // Zoom out needs no bars: it works while the zoomed-in range is still loading.
      e.preventDefault();
      void zoomOut();
      return;
    }
    if (!buckets || buckets.length === 0) return;
    const n = buckets.length;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      setMark(stepMark(mark, e.key, e.shiftKey, n));
    } else if (e.key === 'Enter' && mark) {
      e.preventDefault();
      const { lo, hi } = markedSpan(mark);
      zoom(Date.parse(buckets[lo]!.start), Date.parse(buckets[hi]!.end));
    } else if (e.key === 'Escape' && mark) {
      e.preventDefault();
      setMark(null);
    }
  };

  const max = Math.max(1, ...(buckets ?? []).map(bucketTotal));
  const barW = buckets && buckets.length > 0 ? width / buckets.length : width;
  const marked = mark && buckets ? markedSpan(mark) : null;
  const markLabel =
    marked && buckets
      ? `${formatInstant(buckets[marked.lo]!.start, 's')} – ${formatInstant(buckets[marked.hi]!.end, 's')}: ${buckets.slice(marked.lo, marked.hi + 1).reduce((n, b) => n + bucketTotal(b), 0)} events. Enter zooms.`
      : '';

  return (
    <div className="lv-histogram" data-testid="lv-histogram" aria-busy={status === 'loading'}>
      <div
        className="lv-histogram-plot"
        ref={wrapRef}
        role="slider"
        tabIndex={0}
        data-testid="lv-histogram-plot"
        aria-label="Events over time by severity. Arrow keys pick bars, Shift widens, Enter zooms, minus zooms out."
        aria-valuemin={0}
        aria-valuemax={Math.max(0, (buckets?.length ?? 1) - 1)}
        aria-valuenow={marked?.hi ?? 0}
        aria-valuetext={markLabel || 'No bar highlighted'}
        onKeyDown={onKey}
        onBlur={() => setMark(null)}
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
                <title>{`${formatInstant(b.start, 's')} – ${formatInstant(b.end, 's')} ${zoneLabel()}: ${bucketTotal(b)} events\n${SEVERITIES.filter(
                  (s) => b.counts[s],
                )
                  .map((s) => `${s} ${b.counts[s]}`)
                  .join(', ')}`}</title>
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
            <rect
              className="lv-histogram-brush"
              data-testid="lv-histogram-brush"
              x={Math.min(drag.x0, drag.x1)}
              y={0}
              width={Math.abs(drag.x1 - drag.x0)}
              height={HEIGHT}
            />
          )}
          {marked && (
            <rect
              className="lv-histogram-brush"
              data-testid="lv-histogram-mark"
              x={marked.lo * barW}
              y={0}
              width={(marked.hi - marked.lo + 1) * barW}
              height={HEIGHT}
            />
          )}
        </svg>
        {status === 'loading' && <div className="lv-histogram-note faint">Counting…</div>}
        {status === 'error' && <div className="lv-histogram-note faint">Histogram unavailable</div>}
      </div>
      {pinned && (
        <div className="lv-histogram-axis faint mono" aria-hidden="true">
          <span>{formatInstant(pinned.from, 's')}</span>
          <span>{formatInstant((fromMs + toMs) / 2, 's')}</span>
          <span>
            {formatInstant(pinned.to, 's')} {zoneLabel()}
          </span>
        </div>
      )}
      <div className="lv-histogram-foot">
        <ul className="lv-legend" aria-label="Severity colours">
          {SEVERITIES.map((s) => (
            <li key={s}>
              <span className={`lv-swatch lv-sev-bg-${s}`} aria-hidden="true" />
              {s}
            </li>
          ))}
        </ul>
        <span className="spacer" />
        {markLabel && (
          <span className="faint lv-histogram-mark-label" aria-hidden="true">
            {markLabel}
          </span>
        )}
        <button
          type="button"
          className="btn btn-sm"
          data-testid="lv-zoom-out"
          disabled={!pinned}
          title="Double the time span (−)"
          onClick={() => void zoomOut()}
        >
          Zoom out
        </button>
      </div>
    </div>
  );
}
