/**
 * The virtualized event grid. Only the rows on screen (plus overscan) are in the DOM; rows come
 * from the store's page window, which fetches the next cursor page as the scroll nears the end and
 * refetches dropped pages when scrolled back to (placeholder rows show meanwhile). Fixed row height
 * keeps scrolling cheap: no measuring.
 *
 * Clicking a row selects it and opens the detail; clicking a value of the selected row, or
 * right-clicking any cell, opens the value menu (filter in / out, add as column; surrounding events
 * on the time cell). Column edges in the header
 * drag (or take ←/→) to resize; Message takes the rest and stays pinned to the right edge when the
 * columns are wider than the grid. Truncated cells show their full value on hover.
 */
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { JSX, MouseEvent as ReactMouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { WatchpostEvent } from '../../../../shared/types.ts';
import { useLogViewer } from './log-viewer-store.ts';
import { displayValue, ENVELOPE_COLUMNS, envelopeValue, queryFieldFor, rawValue } from './log-viewer-columns.ts';
import type { EnvelopeColumnKey } from './log-viewer-columns.ts';
import { rowAt, rowCount } from './log-viewer-paging.ts';
import { formatDateTime, formatInstant, zoneLabel } from '../../ui/format-time.ts';
import { ColumnHeader } from './column-header.tsx';
import { ValueMenu } from './value-menu.tsx';
import type { ValueTarget } from './value-menu.tsx';

const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 32;
const FOOTER_HEIGHT = 44;
/** Default widths (px); Message takes what is left (at least MESSAGE_MIN). */
const DEFAULT_WIDTHS: Record<string, number> = { time: 160, severity: 96, source: 130, host: 120, user: 170, action: 130, outcome: 88 };
const CUSTOM_WIDTH = 150;
const MESSAGE_MIN = 240;
const LEFT_COLUMNS = ENVELOPE_COLUMNS.filter((c) => c.key !== 'message');

const widthOf = (widths: Readonly<Record<string, number>>, key: string): number => widths[key] ?? DEFAULT_WIDTHS[key] ?? CUSTOM_WIDTH;
/** Columns that keep their width when space is short (the rest give way before Message does). */
const RIGID = new Set(['time', 'severity']);
const SHRUNK_MIN = 48;

/**
 * Flex sizing shared by a header cell and its row cells, so they always line up. A width the
 * analyst dragged is kept as set; default widths give way (down to SHRUNK_MIN) before Message does.
 */
function cellStyle(widths: Readonly<Record<string, number>>, key: string): { flex: string; minWidth: number } {
  const w = widthOf(widths, key);
  return RIGID.has(key) || widths[key] !== undefined ? { flex: `0 0 ${w}px`, minWidth: w } : { flex: `0 1 ${w}px`, minWidth: Math.min(w, SHRUNK_MIN) };
}

interface RowProps {
  event: WatchpostEvent | undefined;
  index: number;
  start: number;
  selected: boolean;
  columns: readonly string[];
  widths: Readonly<Record<string, number>>;
}

function cellText(event: WatchpostEvent, key: EnvelopeColumnKey): string {
  // The year is in the hover text and the detail; the grid keeps the width for the message.
  return key === 'time' ? formatInstant(event.timestamp, 'ms').slice(5) : envelopeValue(event, key);
}

const GridRow = memo(function GridRow({ event, index, start, selected, columns, widths }: RowProps): JSX.Element {
  const style = { transform: `translateY(${start}px)` };
  if (!event) {
    return (
      <div className="lv-row lv-row-placeholder" role="row" aria-rowindex={index + 2} data-testid="lv-row-placeholder" data-index={index} style={style}>
        <div role="gridcell" className="lv-cell faint">
          Loading…
        </div>
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
      {LEFT_COLUMNS.map((c) => {
        const text = cellText(event, c.key);
        return (
          <div
            key={c.key}
            role="gridcell"
            className={`lv-cell lv-c-${c.key}${c.key === 'time' ? ' mono' : ''}${c.key === 'outcome' ? ` lv-outcome-${event.outcome}` : ''}`}
            data-column={c.key}
            title={c.key === 'time' ? formatDateTime(event.timestamp) : text}
            style={cellStyle(widths, c.key)}
          >
            {c.key === 'severity' ? <span className={`lv-sev lv-sev-${event.severity}`}>{event.severity}</span> : text}
          </div>
        );
      })}
      {columns.map((path) => {
        const text = displayValue(rawValue(event, path));
        return (
          <div key={path} role="gridcell" className="lv-cell lv-c-custom mono" data-column={path} title={text} style={cellStyle(widths, path)}>
            {text}
          </div>
        );
      })}
      <div role="gridcell" className="lv-cell lv-c-message" data-column="message" title={event.message ?? ''}>
        {event.message}
      </div>
    </div>
  );
});

/** What a click on a cell offers: its query field and value (time: surrounding events). */
function targetOf(cell: HTMLElement, event: WatchpostEvent, x: number, y: number): ValueTarget | null {
  const column = cell.dataset.column;
  if (!column) return null;
  if (column === 'time') return { field: null, value: event.timestamp, event, x, y };
  if (column.startsWith('raw.')) {
    const value = rawValue(event, column);
    if (value === undefined || (typeof value === 'object' && value !== null)) return null;
    return { field: column, value: displayValue(value), event, x, y };
  }
  const field = queryFieldFor(column);
  const value = envelopeValue(event, column as EnvelopeColumnKey);
  return field && value !== '' ? { field, value, event, x, y } : null;
}

export function EventGrid(): JSX.Element {
  const rows = useLogViewer((s) => s.rows);
  const columns = useLogViewer((s) => s.columns);
  const widths = useLogViewer((s) => s.widths);
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
  const [menu, setMenu] = useState<ValueTarget | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  const count = rowCount(rows);
  const openMenu = (e: ReactMouseEvent, index: number): void => {
    const cell = (e.target as Element).closest<HTMLElement>('[role="gridcell"]');
    const event = rowAt(rows, index);
    setMenu(cell && event ? targetOf(cell, event, e.clientX, e.clientY + 8) : null);
  };
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

  let width = MESSAGE_MIN;
  for (const key of [...LEFT_COLUMNS.map((c) => c.key), ...columns]) width += cellStyle(widths, key).minWidth;
  const loadingMore = loadingPages.includes(rows.lengths.length);
  const total = virtualizer.getTotalSize();
  // Rows are keyed by slot, not by index: a row scrolled out is reused for the row scrolled in,
  // so scrolling updates text in place instead of creating and removing DOM elements. Any run of
  // at most `pool` consecutive indexes maps to distinct slots.
  const pool = Math.max(64, items.length);

  return (
    <>
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
          // First click selects the row and opens its detail; a click on a value of the selected
          // row (or a right-click anywhere) opens that value's menu.
          const again = index === selected;
          select(index);
          void openDetail(index);
          if (again) openMenu(e, index);
        }}
        onContextMenu={(e) => {
          const rowEl = (e.target as Element).closest<HTMLElement>('[data-testid="lv-row"]');
          if (!rowEl) return;
          e.preventDefault();
          const index = Number(rowEl.dataset.index);
          select(index);
          void openDetail(index);
          openMenu(e, index);
        }}
      >
        <div className="lv-grid-body" style={{ height: total, minWidth: width }}>
          <div className="lv-row lv-header" role="row" aria-rowindex={1} data-testid="lv-grid-header">
            {LEFT_COLUMNS.map((c) => (
              <ColumnHeader
                key={c.key}
                columnKey={c.key}
                label={c.key === 'time' ? `Time (${zoneLabel()})` : c.label}
                width={widthOf(widths, c.key)}
                style={cellStyle(widths, c.key)}
              />
            ))}
            {columns.map((path) => (
              <ColumnHeader key={path} columnKey={path} label={path.slice(4)} width={widthOf(widths, path)} style={cellStyle(widths, path)} custom />
            ))}
            <div role="columnheader" className="lv-cell lv-c-message" data-testid="lv-col-message">
              Message
            </div>
          </div>
          {items.map((item) => (
            <GridRow
              key={`s${item.index % pool}`}
              event={rowAt(rows, item.index)}
              index={item.index}
              start={item.start}
              selected={item.index === selected}
              columns={columns}
              widths={widths}
            />
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
                <span className="faint" data-testid="lv-loading-more">
                  Loading more…
                </span>
              ) : (
                <span className="faint" data-testid="lv-end">
                  End of results
                </span>
              )}
            </div>
          )}
        </div>
      </div>
      {menu && <ValueMenu target={menu} onClose={closeMenu} />}
    </>
  );
}
