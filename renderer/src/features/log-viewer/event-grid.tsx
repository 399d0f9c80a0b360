/**
 * The virtualized event grid. Only the rows on screen (plus overscan) are in the DOM; rows come
 * from the store's page window, which fetches the next cursor page as the scroll nears the end and
 * refetches dropped pages when scrolled back to (placeholder rows show meanwhile). Fixed row height
 * keeps scrolling cheap: no measuring.
 */
import { memo, useEffect, useRef } from 'react';
import type { JSX } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { WatchpostEvent } from '../../../../shared/types.ts';
import { useLogViewer } from './log-viewer-store.ts';
import { displayValue, ENVELOPE_COLUMNS, rawValue } from './log-viewer-columns.ts';
import { rowAt, rowCount } from './log-viewer-paging.ts';
import { formatUtc } from './log-viewer-time.ts';

export const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 32;
/** Narrowest the row gets before the grid scrolls sideways (the CSS min-widths, summed). */
const MIN_ENVELOPE_WIDTH = 152 + 94 + 70 + 70 + 80 + 70 + 88 + 200;
const CUSTOM_WIDTH = 150;
const FOOTER_HEIGHT = 44;

function columnLabel(path: string): string {
  return path.slice(4);
}

interface RowProps {
  event: WatchpostEvent | undefined;
  index: number;
  start: number;
  selected: boolean;
  columns: readonly string[];
}

const GridRow = memo(function GridRow({ event, index, start, selected, columns }: RowProps): JSX.Element {
  const style = { transform: `translateY(${start}px)` };
  if (!event) {
    return (
      <div className="lv-row lv-row-placeholder" role="row" aria-rowindex={index + 2} data-testid="lv-row-placeholder" data-index={index} style={style}>
        <div role="gridcell" className="lv-cell faint">Loading…</div>
      </div>
    );
  }
  return (
    <div
      className={`lv-row lv-row-sev-${event.severity}`}
      role="row"
      id={`lv-row-${index}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="lv-row"
      data-index={index}
      data-event-id={event.id}
      style={style}
    >
      <div role="gridcell" className="lv-cell lv-c-time mono" title={`${formatUtc(event.timestamp)} UTC`}>
        {formatUtc(event.timestamp).slice(5)}
      </div>
      <div role="gridcell" className="lv-cell lv-c-severity">
        <span className={`lv-sev lv-sev-${event.severity}`}>{event.severity}</span>
      </div>
      <div role="gridcell" className="lv-cell lv-c-source" title={event.sourceName}>{event.sourceName}</div>
      <div role="gridcell" className="lv-cell lv-c-host" title={event.host ?? ''}>{event.host}</div>
      <div role="gridcell" className="lv-cell lv-c-user" title={event.user ?? ''}>{event.user}</div>
      <div role="gridcell" className="lv-cell lv-c-action" title={event.action ?? ''}>{event.action}</div>
      <div role="gridcell" className={`lv-cell lv-c-outcome lv-outcome-${event.outcome}`}>{event.outcome}</div>
      {columns.map((path) => {
        const text = displayValue(rawValue(event, path));
        return (
          <div key={path} role="gridcell" className="lv-cell lv-c-custom mono" data-column={path} title={text}>
            {text}
          </div>
        );
      })}
      <div role="gridcell" className="lv-cell lv-c-message" title={event.message ?? ''}>{event.message}</div>
    </div>
  );
});

export function EventGrid(): JSX.Element {
  const rows = useLogViewer((s) => s.rows);
  const columns = useLogViewer((s) => s.columns);
  const selected = useLogViewer((s) => s.selected);
  const status = useLogViewer((s) => s.status);
  const loadingPages = useLogViewer((s) => s.loadingPages);
  const capped = useLogViewer((s) => s.capped);
  const tailAdded = useLogViewer((s) => s.tailAdded);
  const ensureRows = useLogViewer((s) => s.ensureRows);
  const loadNextPage = useLogViewer((s) => s.loadNextPage);
  const pageError = useLogViewer((s) => (s.status === 'ready' ? s.error : null));
  const select = useLogViewer((s) => s.select);
  const openDetail = useLogViewer((s) => s.openDetail);
  const count = rowCount(rows);
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastTail = useRef(0);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEADER_HEIGHT,
    paddingEnd: FOOTER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    scrollPaddingEnd: FOOTER_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.length > 0 ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (status === 'ready' && last >= 0) ensureRows(first, last);
  }, [first, last, count, status, ensureRows]);

  useEffect(() => {
    if (selected !== null) virtualizer.scrollToIndex(selected, { align: 'auto' });
  }, [selected, virtualizer]);

  // Live tail puts rows above the top: keep what the analyst is reading where it is, unless they
  // are at the very top (then the new rows scroll into view, which is the point of a tail).
  useEffect(() => {
    const delta = tailAdded - lastTail.current;
    lastTail.current = tailAdded;
    const el = scrollRef.current;
    if (delta > 0 && el && el.scrollTop > 2) el.scrollTop += delta * ROW_HEIGHT;
  }, [tailAdded]);

  const width = MIN_ENVELOPE_WIDTH + columns.length * CUSTOM_WIDTH;
  const loadingMore = loadingPages.includes(rows.lengths.length);
  const total = virtualizer.getTotalSize();
  // Rows are keyed by slot, not by index: a row scrolled out is reused for the row scrolled in,
  // so scrolling updates text in place instead of creating and removing DOM elements. Any run of
  // at most `pool` consecutive indexes maps to distinct slots.
  const pool = Math.max(64, items.length);

  return (
    <div
      className="lv-grid"
      ref={scrollRef}
      role="grid"
      aria-label="Events"
      aria-rowcount={count + 1}
      aria-colcount={ENVELOPE_COLUMNS.length + columns.length}
      aria-activedescendant={selected !== null && rowAt(rows, selected) ? `lv-row-${selected}` : undefined}
      aria-busy={status === 'loading' || loadingMore}
      tabIndex={0}
      data-testid="lv-grid"
      onClick={(e) => {
        const rowEl = (e.target as Element).closest<HTMLElement>('[data-testid="lv-row"]');
        if (!rowEl) return;
        const index = Number(rowEl.dataset.index);
        select(index);
        void openDetail(index);
      }}
    >
      <div className="lv-grid-body" style={{ height: total, minWidth: width }}>
        <div className="lv-row lv-header" role="row" aria-rowindex={1} data-testid="lv-grid-header">
          {ENVELOPE_COLUMNS.filter((c) => c.key !== 'message').map((c) => (
            <div key={c.key} role="columnheader" className={`lv-cell lv-c-${c.key}`} data-testid={`lv-col-${c.key}`}>
              {c.label}
            </div>
          ))}
          {columns.map((path) => (
            <div key={path} role="columnheader" className="lv-cell lv-c-custom" data-testid={`lv-col-${path}`} title={path}>
              {columnLabel(path)}
            </div>
          ))}
          <div role="columnheader" className="lv-cell lv-c-message" data-testid="lv-col-message">
            Message
          </div>
        </div>
        {items.map((item) => (
          <GridRow key={`s${item.index % pool}`} event={rowAt(rows, item.index)} index={item.index} start={item.start} selected={item.index === selected} columns={columns} />
        ))}
        {count > 0 && (
          <div className="lv-grid-footer" style={{ transform: `translateY(${total - FOOTER_HEIGHT}px)` }}>
            {pageError ? (
              <span className="lv-page-error" role="alert" data-testid="lv-page-error">
                Could not load more events: {pageError}{' '}
                <button type="button" className="btn btn-sm" onClick={() => void loadNextPage()}>
                  Retry
                </button>
              </span>
            ) : capped ? (
              <span className="lv-cap" data-testid="lv-cap-notice">
                Showing the first {count.toLocaleString('en-US')} events. Refine the query or narrow the time range to see the rest.
              </span>
            ) : loadingMore || !rows.done ? (
              <span className="faint" data-testid="lv-loading-more">Loading more…</span>
            ) : (
              <span className="faint" data-testid="lv-end">End of results</span>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
