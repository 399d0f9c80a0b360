/**
 * Log Viewer state: query and time range, the cursor-paged row window, histogram, custom-field
 * counts, selection and the detail pane. Live tail and export live in their own modules and act on
 * this store through `LogViewerSet`/`LogViewerGet`. Only talks to the engine through the client.
 *
 * Memory cap (decision): the grid remembers the cursor and length of every page it has seen, but
 * holds the rows of at most `maxPagesInMemory` pages, dropping the pages farthest from the screen
 * and refetching them by cursor when scrolled back to. Scroll depth is capped at `maxRows` rows
 * (50,000, five times Kibana's largest sample size); past that the grid says "refine your query":
 * forward-only cursors cannot jump to row 900,000, and no analyst reads that far — narrowing the
 * range (histogram drag) or the query is faster than scrolling. Export is not capped.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { ClientError } from '../../client.ts';
import type { WatchpostClient } from '../../client.ts';
import type { FieldCount, HistogramBucket, WatchpostEvent } from '../../../../shared/types.ts';
import { SEVERITIES } from '../../../../shared/enums.ts';
import { getClient } from '../../app-client.ts';
import { navigate } from '../../router.ts';
import { errorMessage } from '../../stores/load-state.ts';
import type { LoadStatus } from '../../stores/load-state.ts';
import { loadColumns, saveColumns, toggleColumn } from './log-viewer-columns.ts';
import type { KeyValueStorage } from './log-viewer-columns.ts';
import { appendPage, emptyWindow, evictPages, missingPages, nextCursor, pagedRowCount, restorePage, rowAt, rowCount } from './log-viewer-paging.ts';
import type { RowWindow } from './log-viewer-paging.ts';
import { appendClause, checkSyntax, filterClause, parseLink, queryErrorFrom } from './log-viewer-query.ts';
import type { QueryError } from './log-viewer-query.ts';
import { DEFAULT_RANGE, pinRange } from './log-viewer-time.ts';
import type { PinnedRange, TimeRange } from './log-viewer-time.ts';
import { createExportActions } from './log-viewer-export-actions.ts';
import { downloadBlob } from './log-viewer-export.ts';
import type { ExportState } from './log-viewer-export-actions.ts';
import { createLiveTail } from './log-viewer-live.ts';

export interface LogViewerOptions {
  pageSize: number;
  maxPagesInMemory: number;
  maxRows: number;
  /** Rows from the end of what is loaded at which the next page is fetched. */
  prefetchRows: number;
  histogramBuckets: number;
  /** Minimum gap between live-tail fetches. */
  tailIntervalMs: number;
  /** Live-tail rows kept above page 0 before the search is simply re-run. */
  maxHeadRows: number;
}

/** The shell's route path for this screen (app.tsx ROUTES). */
export const LOG_VIEWER_ROUTE = 'logs';

export const DEFAULT_OPTIONS: LogViewerOptions = {
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
  /** Instants the current results were fetched for. */
  pinned: PinnedRange | null;
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
  columns: readonly string[];
  selected: number | null;
  detail: DetailState | null;
  liveTail: boolean;
  /** Rows added by live tail since the last search (the grid keeps its scroll anchored). */
  tailAdded: number;
  export: ExportState | null;
  /** The screen asks for a search on mount when set (openLogViewer from another screen). */
  pendingSearch: boolean;
  /** Bumped whenever the query bar should take focus (the `/` key). */
  focusQueryTick: number;

  setDraft(text: string): void;
  submit(): Promise<void>;
  setRange(range: TimeRange): Promise<void>;
  search(): Promise<void>;
  /** The grid shows rows [start, end]: fetch dropped pages there, and the next page near the end. */
  ensureRows(start: number, end: number): void;
  loadNextPage(): Promise<void>;
  rowAt(index: number): WatchpostEvent | undefined;
  rowCount(): number;
  toggleColumn(path: string): void;
  select(index: number | null): void;
  moveSelection(delta: number): void;
  openDetail(index?: number): Promise<void>;
  closeDetail(): void;
  filterOn(field: string, value: string, exclude?: boolean): Promise<void>;
  /** Other screens (Alerts) open the viewer on a query and range; runs when the screen mounts. */
  open(link: { q?: string; from?: string; to?: string }): void;
  focusQuery(): void;
  setLiveTail(on: boolean): void;
  startExport(format: 'ndjson' | 'csv'): Promise<void>;
  cancelExport(): void;
  dismissExport(): void;
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
  let generation = 0;

  return createStore<LogViewerState>()((set, get) => {
    /** Run `fn` only if no newer search started while the request was in flight. */
    const current = (gen: number): boolean => gen === generation;

    async function fetchPage(gen: number, k: number, cursor: string | null): Promise<void> {
      const pinned = get().pinned;
      if (!pinned) return;
      set({ loadingPages: [...get().loadingPages, k] });
      try {
        const page = await deps.client().call('events.search', {
          q: get().query, from: pinned.from, to: pinned.to, limit: opts.pageSize, ...(cursor ? { cursor } : {}),
        });
        if (!current(gen)) return;
        const w = get().rows;
        let rows = k < w.lengths.length ? restorePage(w, k, page.events) : appendPage(w, page.events, page.nextCursor);
        rows = evictPages(rows, k, opts.maxPagesInMemory);
        const capped = !rows.done && pagedRowCount(rows) >= opts.maxRows;
        set({ rows, capped, status: 'ready', error: null, loadingPages: get().loadingPages.filter((p) => p !== k) });
      } catch (err) {
        if (!current(gen)) return;
        const loadingPages = get().loadingPages.filter((p) => p !== k);
        if (err instanceof ClientError && err.code === 'VALIDATION_ERROR') {
          set({ status: 'error', loadingPages, queryError: queryErrorFrom(err.message, err.details, get().query) });
        } else {
          set({ status: k === 0 ? 'error' : get().status, loadingPages, error: errorMessage(err) });
        }
      }
    }

    async function fetchHistogram(gen: number, pinned: PinnedRange, q: string): Promise<void> {
      try {
        const { buckets, sampleRate } = await deps.client().call('events.histogram', { q, from: pinned.from, to: pinned.to, buckets: opts.histogramBuckets });
        if (!current(gen)) return;
        let total = 0;
        for (const b of buckets) for (const s of SEVERITIES) total += b.counts[s] ?? 0;
        set({ histogram: buckets, histogramStatus: 'ready', total, totalSampleRate: sampleRate ?? null });
      } catch {
        if (current(gen)) set({ histogramStatus: 'error' });
      }
    }

    async function fetchFields(gen: number, pinned: PinnedRange, q: string): Promise<void> {
      try {
        const { fields } = await deps.client().call('events.fields', { q, from: pinned.from, to: pinned.to });
        if (current(gen)) set({ fields, fieldsStatus: 'ready' });
      } catch {
        if (current(gen)) set({ fieldsStatus: 'error' });
      }
    }

    const live = createLiveTail({ get, set, client: deps.client, now, opts, rerun: () => get().search() });
    const exporter = createExportActions({ get, set, client: deps.client, now, download: deps.download });

    return {
      draft: '',
      query: '',
      range: DEFAULT_RANGE,
      pinned: null,
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
      columns: loadColumns(deps.storage),
      selected: null,
      detail: null,
      liveTail: false,
      tailAdded: 0,
      export: null,
      pendingSearch: true,
      focusQueryTick: 0,

      setDraft(text) {
        set({ draft: text });
      },
      async submit() {
        set({ query: get().draft.trim() });
        await get().search();
      },
      async setRange(range) {
        if (range.kind === 'absolute' && get().liveTail) live.stop();
        set({ range, query: get().draft.trim() });
        await get().search();
      },
      async search() {
        const gen = ++generation;
        const pinned = pinRange(get().range, now());
        const q = get().query;
        const syntax = checkSyntax(q);
        if (syntax) {
          set({
            pinned, status: 'error', queryError: syntax, error: null, rows: emptyWindow(), loadingPages: [], capped: false,
            histogram: null, histogramStatus: 'idle', total: null, totalSampleRate: null, fields: [], fieldsStatus: 'idle', selected: null, detail: null,
            tailAdded: 0, pendingSearch: false,
          });
          return;
        }
        set({
          pinned, status: 'loading', queryError: null, error: null, rows: emptyWindow(), loadingPages: [], capped: false,
          histogram: null, histogramStatus: 'loading', total: null, totalSampleRate: null, fieldsStatus: 'loading', selected: null, detail: null,
          tailAdded: 0, pendingSearch: false,
        });
        // First rows first: histogram and field counts can take the engine a second or more on a
        // million events (a raw or text term cannot use an index), and requests are served in turn.
        await fetchPage(gen, 0, null);
        if (!current(gen)) return;
        if (get().status === 'error') {
          set({ histogramStatus: 'idle', fieldsStatus: 'idle' });
          return;
        }
        await Promise.all([fetchHistogram(gen, pinned, q), fetchFields(gen, pinned, q)]);
      },
      ensureRows(start, end) {
        const s = get();
        if (s.status !== 'ready') return;
        const gen = generation;
        for (const k of missingPages(s.rows, start, end)) {
          if (!s.loadingPages.includes(k)) void fetchPage(gen, k, s.rows.cursors[k] ?? null);
        }
        if (end >= rowCount(s.rows) - opts.prefetchRows) void get().loadNextPage();
      },
      async loadNextPage() {
        const s = get();
        const k = s.rows.lengths.length;
        const cursor = nextCursor(s.rows);
        if (s.status !== 'ready' || s.rows.done || s.capped || !cursor || s.loadingPages.includes(k)) return;
        await fetchPage(generation, k, cursor);
      },
      rowAt(index) {
        return rowAt(get().rows, index);
      },
      rowCount() {
        return rowCount(get().rows);
      },
      toggleColumn(path) {
        const columns = toggleColumn([...get().columns], path);
        saveColumns(deps.storage, columns);
        set({ columns });
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
        try {
          const event = await deps.client().call('events.get', { id: row.id });
          if (get().detail?.id === row.id) set({ detail: { id: row.id, event, status: 'ready', error: null } });
        } catch (err) {
          // The row from the page is still shown; the error says the full record could not be read.
          if (get().detail?.id === row.id) set({ detail: { id: row.id, event: row, status: 'error', error: errorMessage(err) } });
        }
      },
      closeDetail() {
        set({ detail: null });
      },
      async filterOn(field, value, exclude = false) {
        const q = appendClause(get().query, filterClause(field, value, exclude));
        set({ draft: q, query: q });
        await get().search();
      },
      open(link) {
        const hash = `?${new URLSearchParams(Object.entries(link).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}`;
        const parsed = parseLink(hash, now());
        const q = link.q ?? '';
        if (get().liveTail) live.stop();
        set({ draft: q, query: q, range: parsed?.range ?? get().range, pendingSearch: true });
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

/**
 * Open the Log Viewer on a query and time range (`from` may be a preset 15m|1h|24h|7d, or ISO
 * 8601 with `to`) and switch to its screen. The search runs as soon as the screen is shown.
 */
export function openLogViewer(link: { q?: string; from?: string; to?: string }): void {
  logViewerStore.getState().open(link);
  if (typeof window !== 'undefined') navigate(LOG_VIEWER_ROUTE);
}
