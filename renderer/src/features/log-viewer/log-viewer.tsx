/**
 * Log Viewer screen (SPEC §4, §5; seed 002): query bar, time range, severity histogram, the
 * virtualized event grid, Custom Fields sidebar, event detail, live tail and export.
 *
 * The search lives in the URL (`#/logs?q=…&from=…`, log-viewer-link.ts, kept in step by
 * log-viewer-url.ts); other screens open it with `openLogViewer(link)`. Keys: log-viewer-keys.ts.
 *
 * Stable test ids (and accessible names):
 *   log-viewer                 root section (aria-label "Log Viewer")
 *   lv-query-input             query input (aria-label "Search query"; aria-invalid on error)
 *   lv-query-submit            Search button; lv-query-hint: lowercase-operator hint
 *   lv-query-error             inline error message ("… (at character N)"), role=alert
 *   lv-query-error-marker      <mark> over the offending character in the input
 *   lv-syntax-help-toggle      "Syntax" button; lv-syntax-help: the help panel
 *   lv-range-15m|1h|24h|7d     presets (aria-pressed); lv-range-custom opens lv-range-custom-form
 *   lv-range-from, lv-range-to, lv-range-apply, lv-range-error, lv-range-label
 *   lv-new-search, lv-copy-link
 *   lv-save-search (lv-save-search-dialog, lv-save-search-name, lv-save-search-confirm), lv-saved-searches opens
 *                              lv-saved-panel with lv-saved-item rows: lv-saved-open, lv-saved-rename, lv-saved-rule, lv-saved-delete
 *   lv-query-history-toggle    recent queries; lv-query-history (listbox) with lv-query-history-item options
 *   lv-histogram               histogram; lv-histogram-plot (focusable, keys), lv-histogram-bar per bucket,
 *                              lv-histogram-brush while dragging, lv-histogram-mark (keyboard), lv-zoom-out
 *   lv-status                  "N events" summary line; lv-new-events ("N new — refresh"); lv-live-tail (aria-pressed)
 *   lv-grid                    role=grid (aria-label "Events"), focusable; lv-grid-header: header row
 *   lv-col-<key>               role=columnheader: time severity source host user action outcome message,
 *                              and lv-col-raw.<path> for custom columns; lv-resize-<key>; lv-sort-time
 *   lv-row                     role=row, data-index, data-event-id, aria-selected; cells carry data-column
 *   lv-row-placeholder         while a dropped page is refetched
 *   lv-value-menu              value menu (role=menu): lv-menu-filter-in, lv-menu-filter-out, lv-menu-column,
 *                              lv-menu-around-host, lv-menu-around-source
 *   lv-loading, lv-empty, lv-error, lv-query-invalid   grid states; lv-widen-<preset> widen-range buttons
 *   lv-loading-more, lv-end, lv-cap-notice             grid footer
 *   lv-fields                  Custom Fields sidebar; lv-field-filter; lv-field-item (data-path) with
 *                              lv-field-toggle and lv-field-name; lv-top-values with lv-top-value rows
 *   lv-detail                  detail pane; lv-detail-envelope, lv-detail-raw, lv-detail-copy, lv-detail-close,
 *                              lv-surrounding-host, lv-surrounding-source
 *   lv-filter-value, lv-filter-out, lv-add-column   value actions (data-field = query field or raw path)
 *   lv-export-ndjson, lv-export-csv, lv-export-status (data-status), lv-export-progress, lv-export-cancel, lv-export-dismiss
 */
import { useEffect } from 'react';
import type { JSX } from 'react';
import { getClient } from '../../app-client.ts';
import { useLogViewer, logViewerStore } from './log-viewer-store.ts';
import { describeRange, presetRange, TIME_PRESETS, widerPreset } from './log-viewer-time.ts';
import { onLogViewerKey } from './log-viewer-keys.ts';
import { searchUrl, useSearchUrl } from './log-viewer-url.ts';
import { searchQueryString } from './log-viewer-link.ts';
import { CopyButton } from '../../ui/copy-button.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { EventDetail } from './event-detail.tsx';
import { EventGrid } from './event-grid.tsx';
import { ExportControls } from './export-controls.tsx';
import { FieldsSidebar } from './fields-sidebar.tsx';
import { QueryBar } from './query-bar.tsx';
import { SavedSearches } from './saved-searches.tsx';
import { SeverityHistogram } from './severity-histogram.tsx';
import { TimeRangePicker } from './time-range-picker.tsx';
import './log-viewer.css';
import './log-viewer-panels.css';

/** Minimum gap between two "N new" counts while events keep arriving. */
const NEW_COUNT_INTERVAL_MS = 2000;

/**
 * Results never go stale unnoticed: coming back to the window re-runs a relative search when the
 * analyst is not in the middle of reading one (no row selected); otherwise, and whenever events
 * arrive, it counts what is new and offers "N new — refresh".
 */
function useFreshResults(): void {
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const count = (): void => {
      const wait = last + NEW_COUNT_INTERVAL_MS - Date.now();
      if (wait > 0) {
        timer ??= setTimeout(() => {
          timer = null;
          count();
        }, wait);
        return;
      }
      last = Date.now();
      void logViewerStore.getState().countNew();
    };
    const onReturn = (): void => {
      if (document.visibilityState === 'hidden') return;
      const s = logViewerStore.getState();
      if (s.liveTail) return;
      if (s.selected === null && s.detail === null) void s.refreshIfRelative();
      else count();
    };
    const off = getClient().subscribe('events', count);
    window.addEventListener('focus', onReturn);
    document.addEventListener('visibilitychange', onReturn);
    return () => {
      off();
      if (timer) clearTimeout(timer);
      window.removeEventListener('focus', onReturn);
      document.removeEventListener('visibilitychange', onReturn);
    };
  }, []);
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
        <EmptyState title="The query could not be read">
          Fix the highlighted part of the query and search again. “Syntax” lists what the query language accepts.
        </EmptyState>
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
          <p>
            {query ? 'Nothing matched the query in this time range. ' : 'Nothing was received in this time range. '}Try widening the range
            {query ? ' or loosening the query' : ''}.
          </p>
          <div className="toolbar lv-state-actions">
            {preset && (
              <button type="button" className="btn btn-primary" data-testid={`lv-widen-${preset.id}`} onClick={() => void setRange(presetRange(preset.id))}>
                Search last {preset.label}
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
                Clear query
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
  const followsNow = useLogViewer((s) => s.range.to === 'now' && s.sort === 'newest');
  const newCount = useLogViewer((s) => s.newCount);
  const setLiveTail = useLogViewer((s) => s.setLiveTail);
  const search = useLogViewer((s) => s.search);
  const text =
    status === 'loading'
      ? 'Searching…'
      : status !== 'ready'
        ? ''
        : total !== null
          ? `${sampleRate ? '≈ ' : ''}${total.toLocaleString('en-US')} events${sampleRate ? ` (estimated from 1 in ${sampleRate})` : ''}`
          : `${loaded.toLocaleString('en-US')}${loaded > 0 ? '+' : ''} events`;
  return (
    <div className="lv-statusline">
      <span data-testid="lv-status" aria-live="polite">
        {text}
      </span>
      {newCount > 0 && !liveTail && (
        <button
          type="button"
          className="btn btn-sm btn-primary"
          data-testid="lv-new-events"
          onClick={() => void search()}
          title="Run the search again to include them"
        >
          {newCount.toLocaleString('en-US')} new — refresh
        </button>
      )}
      <button
        type="button"
        className={`btn btn-sm lv-tail${liveTail ? ' lv-tail-on' : ''}`}
        data-testid="lv-live-tail"
        aria-pressed={liveTail}
        disabled={!followsNow}
        title={followsNow ? 'Show new events as they arrive' : 'Live tail follows a range that ends now, newest first'}
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

/** New search and Copy link, beside the time range. */
function SearchActions(): JSX.Element {
  const newSearch = useLogViewer((s) => s.newSearch);
  const qs = useLogViewer((s) => searchQueryString(s.searchState()));
  return (
    <div className="lv-search-actions toolbar">
      <button
        type="button"
        className="btn btn-sm"
        data-testid="lv-new-search"
        title="Empty query, last 24 h, no custom columns"
        onClick={() => void newSearch()}
      >
        New search
      </button>
      <CopyButton text={searchUrl(qs)} label="Copy link" testId="lv-copy-link" />
      <SavedSearches />
    </div>
  );
}

export function LogViewer(): JSX.Element {
  const detailOpen = useLogViewer((s) => s.detail !== null);
  const range = useLogViewer((s) => s.range);
  const setRange = useLogViewer((s) => s.setRange);
  useSearchUrl();
  useFreshResults();

  useEffect(() => {
    window.addEventListener('keydown', onLogViewerKey);
    return () => {
      window.removeEventListener('keydown', onLogViewerKey);
      logViewerStore.getState().setLiveTail(false);
    };
  }, []);

  return (
    <section data-testid="log-viewer" aria-label="Log Viewer" className="log-viewer">
      <div className="lv-top">
        <QueryBar />
        <div className="lv-range-row">
          <TimeRangePicker range={range} onChange={(r) => void setRange(r)} />
          <SearchActions />
        </div>
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
