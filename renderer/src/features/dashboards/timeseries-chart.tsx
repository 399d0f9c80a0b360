/**
 * Count over time, stacked by a field (the engine folds values past the panel's series limit
 * into "other"). Drag across the plot to zoom the whole dashboard to the selection; click a bar
 * segment to open exactly those events in the Log Viewer (that value, that bucket). By keyboard
 * (one Tab stop): ←/→ highlight a bar, Shift widens, Enter zooms the dashboard to it, `l` opens
 * the highlighted span in the Log Viewer. Legend entries open a series over the whole range.
 */
import { useEffect, useRef, useState } from 'react';
import type { JSX, KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import type { Drilldown, TimeseriesData } from '../../../../shared/types.ts';
import { formatInstant, zoneLabel } from '../../ui/format-time.ts';
import { logViewerHref, openLogViewer } from '../log-viewer/log-viewer-link.ts';
import { seriesColour, seriesLabel } from './panel-format.ts';
import { markedSpan, stepMark } from '../../ui/bucket-mark.ts';
import type { BucketMark } from '../../ui/bucket-mark.ts';

const MIN_HEIGHT = 60;

interface Props {
  data: TimeseriesData;
  /** Zoom the dashboard's range to [a, b] (ms). */
  onZoom(aMs: number, bMs: number): void;
}

export function TimeseriesChart({ data, onZoom }: Props): JSX.Element {
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(400);
  const [height, setHeight] = useState(120);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const [mark, setMark] = useState<BucketMark | null>(null);
  /** Set by a drag that zoomed, so the click ending it does not also open a bar. */
  const zoomed = useRef(false);
  const { buckets, series } = data;

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const measure = (): void => {
      setWidth(Math.max(120, el.clientWidth));
      setHeight(Math.max(MIN_HEIGHT, el.clientHeight));
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, []);

  const fromMs = buckets.length ? Date.parse(buckets[0]!.start) : 0;
  const toMs = buckets.length ? Date.parse(buckets[buckets.length - 1]!.end) : 1;
  const localX = (e: ReactPointerEvent): number => e.clientX - (wrapRef.current?.getBoundingClientRect().left ?? 0);
  const timeAt = (x: number): number => fromMs + (Math.max(0, Math.min(x, width)) / width) * (toMs - fromMs);
  const barW = buckets.length ? width / buckets.length : width;
  const totals = buckets.map((b) => b.counts.reduce((n, c) => n + c, 0));
  const max = Math.max(1, ...totals);
  const span = (lo: number, hi: number): Drilldown => ({ q: data.drilldown.q, from: buckets[lo]!.start, to: buckets[hi]!.end });

  const onUp = (e: ReactPointerEvent): void => {
    if (!drag) return;
    const x1 = localX(e);
    setDrag(null);
    zoomed.current = Math.abs(x1 - drag.x0) >= 4;
    if (zoomed.current) onZoom(timeAt(Math.min(drag.x0, x1)), timeAt(Math.max(drag.x0, x1)));
  };

  const onKey = (e: ReactKeyboardEvent): void => {
    const n = buckets.length;
    if (n === 0) return;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      setMark(stepMark(mark, e.key, e.shiftKey, n));
    } else if (mark && (e.key === 'Enter' || e.key === 'l')) {
      e.preventDefault();
      const { lo, hi } = markedSpan(mark);
      if (e.key === 'Enter') onZoom(Date.parse(buckets[lo]!.start), Date.parse(buckets[hi]!.end));
      else openLogViewer(span(lo, hi));
    } else if (e.key === 'Escape' && mark) {
      e.preventDefault();
      setMark(null);
    }
  };

  const marked = mark ? markedSpan(mark) : null;
  const markLabel = marked
    ? `${formatInstant(buckets[marked.lo]!.start, 's')} – ${formatInstant(buckets[marked.hi]!.end, 's')}: ${totals
        .slice(marked.lo, marked.hi + 1)
        .reduce((a, b) => a + b, 0)} events. Enter zooms, L opens in the Log Viewer.`
    : '';

  return (
    <div className="db-ts">
      <div
        className="db-ts-plot"
        ref={wrapRef}
        role="slider"
        tabIndex={0}
        data-testid="db-ts-plot"
        aria-label={`Events over time by ${data.field}. Arrow keys pick bars, Shift widens, Enter zooms, L opens them in the Log Viewer.`}
        aria-valuemin={0}
        aria-valuemax={Math.max(0, buckets.length - 1)}
        aria-valuenow={marked?.hi ?? 0}
        aria-valuetext={markLabel || 'No bar highlighted'}
        onKeyDown={onKey}
        onBlur={() => setMark(null)}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          const x = localX(e);
          setDrag({ x0: x, x1: x });
        }}
        onPointerMove={(e) => {
          if (!drag) return;
          if (!e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.setPointerCapture(e.pointerId);
          setDrag({ ...drag, x1: localX(e) });
        }}
        onPointerUp={onUp}
        onPointerCancel={() => setDrag(null)}
      >
        <svg width={width} height={height}>
          {buckets.map((b, i) => {
            let y = height;
            return (
              <g key={b.start} data-testid="db-ts-bar" data-total={totals[i]}>
                {b.counts.map((n, s) => {
                  if (n === 0) return null;
                  const h = Math.max(1, (n / max) * (height - 4));
                  y -= h;
                  const sr = series[s]!;
                  const drill = { q: sr.drilldown.q, from: b.start, to: b.end };
                  return (
                    <rect
                      key={s}
                      x={i * barW + 0.5}
                      y={y}
                      width={Math.max(1, barW - 1.5)}
                      height={h}
                      fill={seriesColour(data.field, sr.value, s)}
                      data-testid="db-ts-segment"
                      data-count={n}
                      className="db-clickable"
                      onClick={() => !zoomed.current && openLogViewer(drill)}
                    >
                      <title>{`${formatInstant(b.start, 's')} – ${formatInstant(b.end, 's')} ${zoneLabel()}\n${seriesLabel(sr.value)}: ${n} of ${totals[i]} events (click to open)`}</title>
                    </rect>
                  );
                })}
              </g>
            );
          })}
          {(drag || marked) && (
            <rect
              className="lv-histogram-brush"
              data-testid={drag ? 'db-ts-brush' : 'db-ts-mark'}
              x={drag ? Math.min(drag.x0, drag.x1) : marked!.lo * barW}
              y={0}
              width={drag ? Math.abs(drag.x1 - drag.x0) : (marked!.hi - marked!.lo + 1) * barW}
              height={height}
            />
          )}
        </svg>
      </div>
      <div className="db-ts-axis faint mono" aria-hidden="true">
        <span>{formatInstant(fromMs, 's')}</span>
        <span>
          {formatInstant(toMs, 's')} {zoneLabel()}
        </span>
      </div>
      <ul className="db-legend" aria-label={`Series by ${data.field}`}>
        {series.map((s, i) => (
          <li key={s.value ?? '\u0000other'}>
            <a href={logViewerHref(s.drilldown)} data-testid="db-ts-series" title={`Open these ${s.total} events in the Log Viewer`}>
              <span className="lv-swatch" style={{ background: seriesColour(data.field, s.value, i) }} aria-hidden="true" />
              {seriesLabel(s.value)} <span className="faint">{s.total.toLocaleString('en-US')}</span>
            </a>
          </li>
        ))}
      </ul>
      {markLabel && <div className="faint db-ts-mark-label">{markLabel}</div>}
    </div>
  );
}
