/**
 * The Log Viewer's requests: a search (first page, then histogram and field counts), further
 * pages by cursor, the full record for the detail pane, and the "N new" count. A search bumps a
 * generation number; answers for an older generation are dropped, so a slow reply never
 * overwrites newer results.
 */
import { ClientError } from '../../client.ts';
import type { WatchpostClient } from '../../client.ts';
import type { EventPage, WatchpostEvent } from '../../../../shared/types.ts';
import { SEARCH_LIMITS } from '../../../../shared/limits.ts';
import { SEVERITIES } from '../../../../shared/enums.ts';
import type { HistogramBucket } from '../../../../shared/types.ts';
import { errorMessage } from '../../stores/load-state.ts';
import { appendPage, emptyWindow, evictPages, missingPages, nextCursor, pagedRowCount, restorePage, rowCount } from './log-viewer-paging.ts';
import { checkSyntax, queryErrorFrom } from './log-viewer-query.ts';
import { followsNow, pinRange } from './log-viewer-time.ts';
import type { PinnedRange } from './log-viewer-time.ts';
import type { LogViewerGet, LogViewerOptions, LogViewerSet, LogViewerState } from './log-viewer-store.ts';

/** Most events "oldest first" turns around in the viewer (the engine pages newest first). */
export const OLDEST_FIRST_MAX = 10_000;

interface FetcherDeps {
  get: LogViewerGet;
  set: LogViewerSet;
  client: () => WatchpostClient;
  now: () => number;
  opts: LogViewerOptions;
}

export function bucketTotal(b: HistogramBucket): number {
  let n = 0;
  for (const s of SEVERITIES) n += b.counts[s] ?? 0;
  return n;
}

/** Everything a new search clears. */
function cleared(): Partial<LogViewerState> {
  return {
    rows: emptyWindow(),
    loadingPages: [],
    capped: false,
    histogram: null,
    total: null,
    totalSampleRate: null,
    selected: null,
    detail: null,
    tailAdded: 0,
    newCount: 0,
    error: null,
    top: null,
  };
}

/** The request side of the store (one per store). */
interface Fetcher {
  search(): Promise<void>;
  ensureRows(start: number, end: number): void;
  loadNextPage(): Promise<void>;
  loadDetail(id: string, row: WatchpostEvent | null): Promise<void>;
  countNew(): Promise<void>;
  loadTop(field: string): Promise<void>;
}

export function createFetcher(d: FetcherDeps): Fetcher {
  const { get, set, opts } = d;
  let generation = 0;
  let counting = false;
  const current = (gen: number): boolean => gen === generation;

  async function fetchPage(gen: number, k: number, cursor: string | null): Promise<void> {
    const pinned = get().pinned;
    if (!pinned) return;
    set({ loadingPages: [...get().loadingPages, k] });
    try {
      const page = await d.client().call('events.search', {
        q: get().query,
        from: pinned.from,
        to: pinned.to,
        limit: opts.pageSize,
        ...(cursor ? { cursor } : {}),
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

  /**
   * Oldest first (decision): the engine pages newest first only, so the viewer reads the whole
   * result newest first and turns it around, up to `OLDEST_FIRST_MAX` events — plenty for
   * "surrounding events" and a narrowed range; past that it says to narrow the range.
   */
  async function fetchOldestFirst(gen: number, pinned: PinnedRange, q: string): Promise<void> {
    const all: WatchpostEvent[] = [];
    let cursor: string | null = null;
    try {
      do {
        const page: EventPage = await d
          .client()
          .call('events.search', { q, from: pinned.from, to: pinned.to, limit: SEARCH_LIMITS.maxLimit, ...(cursor ? { cursor } : {}) });
        if (!current(gen)) return;
        all.push(...page.events);
        cursor = page.events.length > 0 ? page.nextCursor : null;
        if (all.length > OLDEST_FIRST_MAX) {
          set({
            status: 'error',
            error: `Oldest first works up to ${OLDEST_FIRST_MAX.toLocaleString('en-US')} events and this search has more. Narrow the time range or the query, or sort newest first.`,
          });
          return;
        }
      } while (cursor);
    } catch (err) {
      if (!current(gen)) return;
      if (err instanceof ClientError && err.code === 'VALIDATION_ERROR') set({ status: 'error', queryError: queryErrorFrom(err.message, err.details, q) });
      else set({ status: 'error', error: errorMessage(err) });
      return;
    }
    all.reverse();
    let rows = emptyWindow();
    for (let i = 0; i === 0 || i < all.length; i += opts.pageSize) {
      const chunk = all.slice(i, i + opts.pageSize);
      rows = appendPage(rows, chunk, i + opts.pageSize < all.length ? 'held' : null);
    }
    set({ rows, status: 'ready', error: null });
  }

  async function fetchHistogram(gen: number, pinned: PinnedRange, q: string): Promise<void> {
    try {
      const { buckets, sampleRate } = await d.client().call('events.histogram', { q, from: pinned.from, to: pinned.to, buckets: opts.histogramBuckets });
      if (!current(gen)) return;
      let total = 0;
      for (const b of buckets) total += bucketTotal(b);
      set({ histogram: buckets, histogramStatus: 'ready', total, totalSampleRate: sampleRate ?? null });
    } catch {
      if (current(gen)) set({ histogramStatus: 'error' });
    }
  }

  async function fetchFields(gen: number, pinned: PinnedRange, q: string): Promise<void> {
    try {
      const { fields } = await d.client().call('events.fields', { q, from: pinned.from, to: pinned.to });
      if (current(gen)) set({ fields, fieldsStatus: 'ready' });
    } catch {
      if (current(gen)) set({ fieldsStatus: 'error' });
    }
  }

  async function loadNextPage(): Promise<void> {
    const s = get();
    const k = s.rows.lengths.length;
    const cursor = nextCursor(s.rows);
    if (s.status !== 'ready' || s.rows.done || s.capped || !cursor || s.loadingPages.includes(k)) return;
    await fetchPage(generation, k, cursor);
  }

  return {
    loadNextPage,
    async search(): Promise<void> {
      const gen = ++generation;
      const ranAt = d.now();
      const pinned = pinRange(get().range, ranAt);
      const q = get().query;
      const syntax = checkSyntax(q);
      // A finished export's message belongs to the results it was made from.
      const exportState = get().export?.status === 'running' ? get().export : null;
      if (syntax) {
        set({
          ...cleared(),
          pinned,
          ranAt,
          status: 'error',
          queryError: syntax,
          histogramStatus: 'idle',
          fields: [],
          fieldsStatus: 'idle',
          export: exportState,
        });
        return;
      }
      set({ ...cleared(), pinned, ranAt, status: 'loading', queryError: null, histogramStatus: 'loading', fieldsStatus: 'loading', export: exportState });
      // First rows first: histogram and field counts can take the engine a second or more on a
      // million events, and requests are served in turn.
      if (get().sort === 'oldest') await fetchOldestFirst(gen, pinned, q);
      else await fetchPage(gen, 0, null);
      if (!current(gen)) return;
      if (get().status === 'error') {
        set({ histogramStatus: 'idle', fieldsStatus: 'idle' });
        return;
      }
      await Promise.all([fetchHistogram(gen, pinned, q), fetchFields(gen, pinned, q)]);
    },

    ensureRows(start: number, end: number): void {
      const s = get();
      if (s.status !== 'ready') return;
      const gen = generation;
      for (const k of missingPages(s.rows, start, end)) {
        if (!s.loadingPages.includes(k)) void fetchPage(gen, k, s.rows.cursors[k] ?? null);
      }
      if (end >= rowCount(s.rows) - opts.prefetchRows) void loadNextPage();
    },

    async loadDetail(id: string, row: WatchpostEvent | null): Promise<void> {
      try {
        const event = await d.client().call('events.get', { id });
        if (get().detail?.id === id) set({ detail: { id, event, status: 'ready', error: null } });
      } catch (err) {
        // A listed row is still shown; the error says the full record could not be read.
        if (get().detail?.id === id) set({ detail: { id, event: row, status: 'error', error: errorMessage(err) } });
      }
    },

    /** Exact top values of a field over the current results (query and pinned range). */
    async loadTop(field: string): Promise<void> {
      const { pinned, query } = get();
      if (!pinned) return;
      const gen = generation;
      const still = (): boolean => current(gen) && get().top?.field === field;
      try {
        const values = await d.client().call('events.top', { q: query, from: pinned.from, to: pinned.to, field });
        if (still()) set({ top: { field, status: 'ready', values, error: null } });
      } catch (err) {
        if (still()) set({ top: { field, status: 'error', values: null, error: errorMessage(err) } });
      }
    },

    /**
     * Matching events stamped after the results' end, up to now: what "N new — refresh" counts.
     * Only for relative ranges with the tail off (an absolute range does not grow; a tail shows them).
     */
    async countNew(): Promise<void> {
      const s = get();
      if (counting || s.liveTail || s.status !== 'ready' || !s.pinned || !followsNow(s.range)) return;
      const to = new Date(d.now() + 1).toISOString();
      if (Date.parse(to) <= Date.parse(s.pinned.to)) return;
      const gen = generation;
      counting = true;
      try {
        const { buckets } = await d.client().call('events.histogram', { q: s.query, from: s.pinned.to, to, buckets: 1 });
        let n = 0;
        for (const b of buckets) n += bucketTotal(b);
        if (current(gen) && !get().liveTail) set({ newCount: n });
      } catch {
        // The count is a hint; the next push tries again.
      } finally {
        counting = false;
      }
    },
  };
}
