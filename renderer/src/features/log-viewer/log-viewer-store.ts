/**
 * Log Viewer state: the search (query, range, columns, sort, selected event — the same fields the
 * URL carries, see log-viewer-link.ts), the cursor-paged row window, histogram, custom-field
 * counts, selection and the detail pane. Fetching lives in log-viewer-fetch.ts, live tail and
 * export in their own modules. Only talks to the engine through the client.
 *
 * Memory cap (decision): the grid remembers the cursor and length of every page it has seen, but
 * holds the rows of at most `maxPagesInMemory` pages, dropping the pages farthest from the screen
 * and refetching them by cursor when scrolled back to. Scroll depth is capped at `maxRows` rows
 * (50,000, five times Kibana's largest sample size); past that the grid says "refine your query".
 * Export is not capped.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { WatchpostClient } from '../../client.ts';
import type { FieldCount, HistogramBucket, TopValues, WatchpostEvent } from '../../../../shared/types.ts';
import { getClient } from '../../app-client.ts';
import type { LoadStatus } from '../../stores/load-state.ts';
import { loadWidths, saveWidths, toggleColumn } from './log-viewer-columns.ts';
import type { KeyValueStorage } from './log-viewer-columns.ts';
import { emptyWindow, rowAt, rowCount } from './log-viewer-paging.ts';
import type { RowWindow } from './log-viewer-paging.ts';
import { appendClause, filterClause } from './log-viewer-query.ts';
import type { QueryError } from './log-viewer-query.ts';
import { DEFAULT_RANGE, followsNow, isRelative, zoomOut } from './log-viewer-time.ts';
import type { PinnedRange, TimeRange } from './log-viewer-time.ts';
import { createExportActions } from './log-viewer-export-actions.ts';
import { downloadBlob } from './log-viewer-export.ts';
import type { ExportState } from './log-viewer-export-actions.ts';
import { createLiveTail } from './log-viewer-live.ts';
import { createFetcher } from './log-viewer-fetch.ts';
import type { SearchState, SortOrder } from './log-viewer-link.ts';

export interface LogViewerOptions {
  pageSize: number;
  maxPagesInMemory: number;
  maxRows: number;
  /** Rows from the end of what is loaded at which the next page is fetched. */
  prefetchRows: number;
  histogramBuckets: number;
  /** Minimum gap between live-tail fetches (and "N new" counts). */
  tailIntervalMs: number;
  /** Live-tail rows kept above page 0 before the search is simply re-run. */
  maxHeadRows: number;
}

const DEFAULT_OPTIONS: LogViewerOptions = {
  pageSize: 200,
  maxPagesInMemory: 12,
  maxRows: 50_000,
  prefetchRows: 100,
  histogramBuckets: 60,
  tailIntervalMs: 1000,
  maxHeadRows: 2000,
};

export interface DetailState {
  id: string;
  event: WatchpostEvent | null;
  status: LoadStatus;
  error: string | null;
}

export interface LogViewerState {
  /** Text in the query bar (may differ from the query the results are for). */
  draft: string;
  /** The query the current results are for. */
  query: string;
  range: TimeRange;
  sort: SortOrder;
  /** Instants the current results were fetched for. */
  pinned: PinnedRange | null;
  /** When the current results were fetched (ms), for "re-run when stale". */
  ranAt: number | null;
  status: LoadStatus;
  queryError: QueryError | null;
  error: string | null;
  rows: RowWindow;
  /** Pages being fetched (appends and refetches of dropped pages). */
  loadingPages: readonly number[];
  /** More rows exist than the grid will page through (maxRows). */
  capped: boolean;
  histogram: readonly HistogramBucket[] | null;
  histogramStatus: LoadStatus;
  /** Events matching in the range, from the histogram (null until it arrives). */
  total: number | null;
  /** Set when the engine estimated the histogram from ~1 event in N (a very large scan). */
  totalSampleRate: number | null;
  fields: readonly FieldCount[];
  fieldsStatus: LoadStatus;
  /** Custom columns (`raw.` paths): part of the search, carried in its link. */
  columns: readonly string[];
  /** Column widths in px by column key, an analyst preference kept in localStorage. */
  widths: Readonly<Record<string, number>>;
  selected: number | null;
  detail: DetailState | null;
  liveTail: boolean;
  /** Rows added by live tail since the last search (the grid keeps its scroll anchored). */
  tailAdded: number;
  /** Matching events that arrived after the results were fetched (relative ranges, tail off). */
  newCount: number;
  /** Top values of one field (Custom Fields list), for the current results. */
  top: TopState | null;
  export: ExportState | null;
  /** Bumped whenever the query bar should take focus (the `/` key). */
  focusQueryTick: number;

  setDraft(text: string): void;
  submit(): Promise<void>;
  setRange(range: TimeRange): Promise<void>;
  zoomOut(): Promise<void>;
  setSort(sort: SortOrder): Promise<void>;
  search(): Promise<void>;
  /** Apply a search from a link (URL, Back/Forward, another screen) and run it. */
  applySearch(state: SearchState): Promise<void>;
  /** The search as the URL should carry it. */
  searchState(): SearchState;
  /** Start over: empty query, default range, no custom columns. */
  newSearch(): Promise<void>;
  /** Re-run a relative range (returning to the screen, window focus). */
  refreshIfRelative(): Promise<void>;
  /** Count matches newer than the results (shows "N new — refresh"). */
  countNew(): Promise<void>;
  /** The grid shows rows [start, end]: fetch dropped pages there, and the next page near the end. */
  ensureRows(start: number, end: number): void;
  loadNextPage(): Promise<void>;
  rowAt(index: number): WatchpostEvent | undefined;
  rowCount(): number;
  toggleColumn(path: string): void;
  /** Show (or, for the field already shown, hide) a field's top values with counts. */
  toggleTop(field: string): Promise<void>;
  setWidth(key: string, px: number): void;
  select(index: number | null): void;
  moveSelection(delta: number): void;
  openDetail(index?: number): Promise<void>;
  /** Show one event by id in the detail pane (from a link), selecting its row when loaded. */
  showEvent(id: string): Promise<void>;
  closeDetail(): void;
  filterOn(field: string, value: string, exclude?: boolean): Promise<void>;
  focusQuery(): void;
  setLiveTail(on: boolean): void;
  startExport(format: 'ndjson' | 'csv'): Promise<void>;
  cancelExport(): void;
  dismissExport(): void;
}

interface TopState {
  field: string;
  status: LoadStatus;
  values: TopValues | null;
  error: string | null;
}

export type LogViewerSet = StoreApi<LogViewerState>['setState'];
export type LogViewerGet = StoreApi<LogViewerState>['getState'];

export interface LogViewerDeps {
  client: () => WatchpostClient;
  storage: KeyValueStorage | null;
  now?: () => number;
  /** Hands the finished export to the user (an <a download> in the browser). */
  download?: (blob: Blob, fileName: string) => void;
  options?: Partial<LogViewerOptions>;
}

export function createLogViewerStore(deps: LogViewerDeps): StoreApi<LogViewerState> {
  const opts: LogViewerOptions = { ...DEFAULT_OPTIONS, ...deps.options };
  const now = deps.now ?? Date.now;

  return createStore<LogViewerState>()((set, get) => {
    const fetcher = createFetcher({ get, set, client: deps.client, now, opts });
    const live = createLiveTail({ get, set, client: deps.client, now, opts, rerun: () => get().search() });
    const exporter = createExportActions({ get, set, client: deps.client, now, download: deps.download });
    const indexOf = (id: string): number | null => {
      const w = get().rows;
      for (let i = 0; i < rowCount(w); i++) if (rowAt(w, i)?.id === id) return i;
      return null;
    };

    return {
      draft: '',
      query: '',
      range: DEFAULT_RANGE,
      sort: 'newest',
      pinned: null,
      ranAt: null,
      status: 'idle',
      queryError: null,
      error: null,
      rows: emptyWindow(),
      loadingPages: [],
      capped: false,
      histogram: null,
      histogramStatus: 'idle',
      total: null,
      totalSampleRate: null,
      fields: [],
      fieldsStatus: 'idle',
      columns: [],
      widths: loadWidths(deps.storage),
      selected: null,
      detail: null,
      liveTail: false,
      tailAdded: 0,
      newCount: 0,
      top: null,
      export: null,
      focusQueryTick: 0,

      setDraft(text) {
        set({ draft: text });
      },
      async submit() {
        set({ query: get().draft.trim() });
        await get().search();
      },
      async setRange(range) {
        if (!followsNow(range) && get().liveTail) live.stop();
        set({ range, query: get().draft.trim() });
        await get().search();
      },
      async zoomOut() {
        const pinned = get().pinned;
        if (pinned) await get().setRange(zoomOut(pinned, now()));
      },
      async setSort(sort) {
        if (sort === 'oldest' && get().liveTail) live.stop();
        set({ sort });
        await get().search();
      },
      search: () => fetcher.search(),
      async applySearch(state) {
        if (get().liveTail && (!followsNow(state.range) || state.sort === 'oldest')) live.stop();
        set({ draft: state.q, query: state.q, range: state.range, columns: state.columns, sort: state.sort });
        await get().search();
        if (state.event) await get().showEvent(state.event);
      },
      searchState() {
        const s = get();
        return { q: s.query, range: s.range, columns: s.columns, event: s.detail?.id ?? null, sort: s.sort };
      },
      async newSearch() {
        await get().applySearch({ q: '', range: DEFAULT_RANGE, columns: [], event: null, sort: 'newest' });
      },
      async refreshIfRelative() {
        const s = get();
        if (s.status === 'loading' || (s.status !== 'idle' && !isRelative(s.range))) return;
        const event = s.detail?.id;
        await get().search();
        if (event) await get().showEvent(event);
      },
      countNew: () => fetcher.countNew(),
      ensureRows: (start, end) => fetcher.ensureRows(start, end),
      loadNextPage: () => fetcher.loadNextPage(),
      rowAt(index) {
        return rowAt(get().rows, index);
      },
      rowCount() {
        return rowCount(get().rows);
      },
      toggleColumn(path) {
        set({ columns: toggleColumn([...get().columns], path) });
      },
      async toggleTop(field) {
        if (get().top?.field === field) return set({ top: null });
        set({ top: { field, status: 'loading', values: null, error: null } });
        await fetcher.loadTop(field);
      },
      setWidth(key, px) {
        const widths = { ...get().widths, [key]: Math.round(Math.max(48, Math.min(px, 1200))) };
        saveWidths(deps.storage, widths);
        set({ widths });
      },
      select(index) {
        const n = rowCount(get().rows);
        set({ selected: index === null || n === 0 ? null : Math.max(0, Math.min(index, n - 1)) });
      },
      moveSelection(delta) {
        const sel = get().selected;
        get().select(sel === null ? (delta > 0 ? 0 : rowCount(get().rows) - 1) : sel + delta);
        if (get().detail && get().selected !== null) void get().openDetail();
      },
      async openDetail(index) {
        const i = index ?? get().selected;
        if (i === null || i === undefined) return;
        const row = rowAt(get().rows, i);
        if (!row) return;
        set({ selected: i, detail: { id: row.id, event: row, status: 'loading', error: null } });
        await fetcher.loadDetail(row.id, row);
      },
      async showEvent(id) {
        const i = indexOf(id);
        const row = i === null ? null : (rowAt(get().rows, i) ?? null);
        set({ selected: i, detail: { id, event: row, status: 'loading', error: null } });
        await fetcher.loadDetail(id, row);
      },
      closeDetail() {
        set({ detail: null });
      },
      async filterOn(field, value, exclude = false) {
        const q = appendClause(get().query, filterClause(field, value, exclude));
        set({ draft: q, query: q });
        await get().search();
      },
      focusQuery() {
        set({ focusQueryTick: get().focusQueryTick + 1 });
      },
      setLiveTail(on) {
        if (on) live.start();
        else live.stop();
      },
      startExport: exporter.start,
      cancelExport: exporter.cancel,
      dismissExport: exporter.dismiss,
    };
  });
}

export const logViewerStore = createLogViewerStore({
  client: getClient,
  storage: typeof localStorage === 'undefined' ? null : localStorage,
  download: downloadBlob,
});

export function useLogViewer<T>(selector: (s: LogViewerState) => T): T {
  return useStore(logViewerStore, selector);
}
