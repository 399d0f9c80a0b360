/**
 * Log Viewer screen (SPEC §4, §5; seed 002): query bar, time range, severity histogram, the
 * virtualized event grid, Custom Fields sidebar, event detail, live tail and export.
 *
 * Opening with a query: `#/logs?q=…&from=…&to=…` (from may be a preset 15m|1h|24h|7d, or ISO with
 * `to`), or `openLogViewer({q, from, to})` from log-viewer-store.ts (the Alerts screen).
 *
 * Keyboard: `/` focuses the query; ↑/↓ move the selected row (PageUp/PageDown/Home/End too);
 * Enter opens the detail; Esc closes it. Keys typed into inputs are left alone.
 *
 * Stable test ids (and accessible names):
 *   log-viewer                 root section (aria-label "Log Viewer")
 *   lv-query-input             query input (aria-label "Search query"; aria-invalid on error)
 *   lv-query-submit            Search button
 *   lv-query-error             inline error message ("Column N: …"), role=alert
 *   lv-query-error-marker      <mark> over the offending character in the input
 *   lv-syntax-help-toggle      "Syntax" button; lv-syntax-help: the help panel
 *   lv-range-15m|1h|24h|7d     presets (aria-pressed); lv-range-custom opens lv-range-custom-form
 *   lv-range-from, lv-range-to, lv-range-apply, lv-range-error, lv-range-label
 *   lv-histogram               histogram; lv-histogram-bar one per bucket; lv-histogram-brush while dragging
 *   lv-status                  "N events" summary line; lv-live-tail toggle (aria-pressed)
 *   lv-grid                    role=grid (aria-label "Events"), focusable; lv-grid-header: header row
 *   lv-col-<key>               role=columnheader: time severity source host user action outcome message,
 *                              and lv-col-raw.<path> for custom columns
 *   lv-row                     role=row, data-index, data-event-id, aria-selected; lv-row-placeholder while loading
 *   lv-loading, lv-empty, lv-error, lv-query-invalid   grid states; lv-widen-<preset> widen-range buttons
 *   lv-loading-more, lv-end, lv-cap-notice             grid footer
 *   lv-fields                  Custom Fields sidebar; lv-field-filter; lv-field-item (data-path) with lv-field-toggle
 *   lv-detail                  detail pane; lv-detail-envelope, lv-detail-raw, lv-detail-copy, lv-detail-close
 *   lv-filter-value, lv-filter-out   filter on / exclude a value (data-field = query field or raw path)
 *   lv-export-ndjson, lv-export-csv, lv-export-status (data-status), lv-export-progress, lv-export-cancel, lv-export-dismiss
 */
import { useEffect } from 'react';
import type { JSX } from 'react';
import { isTypingTarget } from '../../shortcuts.ts';
import { logViewerStore, useLogViewer } from './log-viewer-store.ts';
import { parseLink } from './log-viewer-query.ts';
import { describeRange, TIME_PRESETS, widerPreset } from './log-viewer-time.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { EventDetail } from './event-detail.tsx';
import { EventGrid } from './event-grid.tsx';
import { ExportControls } from './export-controls.tsx';
import { FieldsSidebar } from './fields-sidebar.tsx';
import { QueryBar } from './query-bar.tsx';
import { SeverityHistogram } from './severity-histogram.tsx';
import { TimeRangePicker } from './time-range-picker.tsx';
import './log-viewer.css';
import './log-viewer-panels.css';

const PAGE_JUMP = 20;

/**
 * The hash as the app was opened: read when this module loads, before the shell's router can
 * normalise an unknown `#/logs?…` path, so a deep link survives the first navigation.
 */
let launchHash: string | null = typeof window === 'undefined' ? null : window.location.hash;

/** Apply a `#/logs?…` deep link, if the hash (or the launch hash, once) carries one. */
function applyHashLink(): void {
  const hash = /^#\/?logs\b/.test(window.location.hash) && window.location.hash.includes('?') ? window.location.hash : launchHash;
  launchHash = null;
  if (!hash || !/^#\/?logs\b/.test(hash)) return;
  const link = parseLink(hash);
  if (!link) return;
  const from = link.range?.kind === 'relative' ? link.range.preset : link.range?.from;
  const to = link.range?.kind === 'absolute' ? link.range.to : undefined;
  logViewerStore.getState().open({ q: link.q, ...(from ? { from } : {}), ...(to ? { to } : {}) });
}

function onKey(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (document.querySelector('[aria-modal="true"]')) return;
  const s = logViewerStore.getState();
  const inGrid = (e.target as Element | null)?.closest?.('[data-testid="lv-grid"]') != null;
  if (e.key === 'Escape') {
    if (s.detail) {
      e.preventDefault();
      s.closeDetail();
      (document.querySelector('[data-testid="lv-grid"]') as HTMLElement | null)?.focus();
    }
    return;
  }
  if (isTypingTarget(e.target)) {
    // ↓ from the query bar steps into the results.
    if (e.key === 'ArrowDown' && (e.target as Element).getAttribute('data-testid') === 'lv-query-input' && s.rowCount() > 0) {
      e.preventDefault();
      (document.querySelector('[data-testid="lv-grid"]') as HTMLElement | null)?.focus();
      if (s.selected === null) s.select(0);
    }
    return;
  }
  if (e.key === '/') {
    e.preventDefault();
    s.focusQuery();
    return;
  }
  const interactive = (e.target as Element | null)?.closest?.('button, a, summary, [role="tree"]') != null && !inGrid;
  if (interactive && (e.key === 'Enter' || e.key === ' ')) return;
  const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE_JUMP, PageUp: -PAGE_JUMP };
  if (e.key in moves) {
    e.preventDefault();
    s.moveSelection(moves[e.key]!);
  } else if (e.key === 'Home' && inGrid) {
    e.preventDefault();
    s.select(0);
  } else if (e.key === 'End' && inGrid) {
    e.preventDefault();
    s.select(s.rowCount() - 1);
  } else if (e.key === 'Enter' && s.selected !== null) {
    e.preventDefault();
    void s.openDetail();
  }
}

function GridArea(): JSX.Element {
  const status = useLogViewer((s) => s.status);
  const error = useLogViewer((s) => s.error);
  const queryError = useLogViewer((s) => s.queryError);
  const empty = useLogViewer((s) => s.status === 'ready' && s.rows.done && s.rowCount() === 0);
  const range = useLogViewer((s) => s.range);
  const query = useLogViewer((s) => s.query);
  const setRange = useLogViewer((s) => s.setRange);
  const search = useLogViewer((s) => s.search);
  const filterClear = useLogViewer((s) => s.setDraft);
  const submit = useLogViewer((s) => s.submit);

  if (status === 'loading' || status === 'idle') {
    return (
      <div className="lv-state" data-testid="lv-loading">
        <LoadingState label="Searching…" />
      </div>
    );
  }
  if (status === 'error' && queryError) {
    return (
      <div className="lv-state" data-testid="lv-query-invalid">
        <EmptyState title="The query could not be read">Fix the highlighted part of the query and search again. “Syntax” lists what the query language accepts.</EmptyState>
      </div>
    );
  }
  if (status === 'error') {
    return (
      <div className="lv-state" data-testid="lv-error">
        <ErrorState title="Search failed" message={error ?? 'Unknown error'} onRetry={() => void search()} />
      </div>
    );
  }
  if (empty) {
    const wider = widerPreset(range);
    const preset = TIME_PRESETS.find((p) => p.id === wider);
    return (
      <div className="lv-state" data-testid="lv-empty">
        <EmptyState title={`No events in ${describeRange(range).replace(/^Last/, 'the last')}`}>
          <p>{query ? 'Nothing matched the query in this time range. ' : 'Nothing was received in this time range. '}Try widening the range{query ? ' or loosening the query' : ''}.</p>
          <div className="toolbar lv-state-actions">
            {preset && (
              <button type="button" className="btn btn-primary" data-testid={`lv-widen-${preset.id}`} onClick={() => void setRange({ kind: 'relative', preset: preset.id })}>
                Search the last {preset.label}
              </button>
            )}
            {query && (
              <button
                type="button"
                className="btn"
                data-testid="lv-clear-query"
                onClick={() => {
                  filterClear('');
                  void submit();
                }}
              >
                Clear the query
              </button>
            )}
          </div>
        </EmptyState>
      </div>
    );
  }
  return <EventGrid />;
}

function StatusLine(): JSX.Element {
  const status = useLogViewer((s) => s.status);
  const total = useLogViewer((s) => s.total);
  const sampleRate = useLogViewer((s) => s.totalSampleRate);
  const loaded = useLogViewer((s) => s.rowCount());
  const liveTail = useLogViewer((s) => s.liveTail);
  const relative = useLogViewer((s) => s.range.kind === 'relative');
  const setLiveTail = useLogViewer((s) => s.setLiveTail);
  const text =
    status === 'loading' ? 'Searching…' : status !== 'ready' ? '' : total !== null ? `${sampleRate ? '≈ ' : ''}${total.toLocaleString('en-US')} events${sampleRate ? ` (estimated from 1 in ${sampleRate})` : ''}` : `${loaded.toLocaleString('en-US')}${loaded > 0 ? '+' : ''} events`;
  return (
    <div className="lv-statusline">
      <span data-testid="lv-status" aria-live="polite">
        {text}
      </span>
      <button
        type="button"
        className={`btn btn-sm lv-tail${liveTail ? ' lv-tail-on' : ''}`}
        data-testid="lv-live-tail"
        aria-pressed={liveTail}
        disabled={!relative}
        title={relative ? 'Show new events as they arrive' : 'Live tail follows a preset range (15 m, 1 h, 24 h, 7 d)'}
        onClick={() => setLiveTail(!liveTail)}
      >
        <span className="lv-tail-dot" aria-hidden="true" />
        Live tail
      </button>
      <span className="spacer" />
      <ExportControls />
    </div>
  );
}

export function LogViewer(): JSX.Element {
  const detailOpen = useLogViewer((s) => s.detail !== null);
  const pendingSearch = useLogViewer((s) => s.pendingSearch);

  // Declared first so a deep link is applied before the pending search below runs.
  useEffect(() => {
    applyHashLink();
    window.addEventListener('hashchange', applyHashLink);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', applyHashLink);
      window.removeEventListener('keydown', onKey);
      logViewerStore.getState().setLiveTail(false);
    };
  }, []);

  // First visit, or openLogViewer() from another screen (or this one): run the search.
  useEffect(() => {
    if (pendingSearch) void logViewerStore.getState().search();
  }, [pendingSearch]);

  return (
    <section data-testid="log-viewer" aria-label="Log Viewer" className="log-viewer">
      <div className="lv-top">
        <QueryBar />
        <TimeRangePicker />
      </div>
      <SeverityHistogram />
      <StatusLine />
      <div className={`lv-main${detailOpen ? ' lv-main-detail' : ''}`}>
        <FieldsSidebar />
        <div className="lv-grid-area">
          <GridArea />
        </div>
        <EventDetail />
      </div>
    </section>
  );
}
