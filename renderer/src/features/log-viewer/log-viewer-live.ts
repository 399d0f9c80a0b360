/**
 * Live tail: while on, every 'events' push (throttled) fetches the newest page for the current
 * query from the start of the pinned range up to now, and puts the rows newer than the newest row
 * shown above page 0. If more arrived than one page holds, or the head grows past `maxHeadRows`,
 * the search is re-run instead (a gap in a tail is worse than a reset). Late events (timestamped
 * before the newest shown row) appear on the next search, not in the tail.
 */
import type { WatchpostClient } from '../../client.ts';
import { newerRows, prependHead } from './log-viewer-paging.ts';
import { followsNow } from './log-viewer-time.ts';
import type { LogViewerGet, LogViewerOptions, LogViewerSet } from './log-viewer-store.ts';

export interface LiveTailDeps {
  get: LogViewerGet;
  set: LogViewerSet;
  client: () => WatchpostClient;
  now: () => number;
  opts: LogViewerOptions;
  rerun: () => Promise<void>;
}

export interface LiveTail {
  start(): void;
  stop(): void;
  /** One tail fetch now (exposed for tests and the first fetch after turning tail on). */
  tick(): Promise<void>;
}

export function createLiveTail(d: LiveTailDeps): LiveTail {
  let unsubscribe: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight = false;
  let dirty = false;
  let lastFetch = 0;

  async function tick(): Promise<void> {
    const s = d.get();
    if (!s.liveTail || !s.pinned || s.status !== 'ready') return;
    if (inFlight) {
      dirty = true;
      return;
    }
    inFlight = true;
    lastFetch = d.now();
    const { query, pinned } = s;
    try {
      const page = await d.client().call('events.search', {
        q: query,
        from: pinned.from,
        to: new Date(d.now()).toISOString(),
        limit: d.opts.pageSize,
      });
      const cur = d.get();
      if (!cur.liveTail || cur.pinned !== pinned || cur.query !== query) return;
      const fresh = newerRows(cur.rows, page.events);
      if (fresh === null || cur.rows.head.length + (fresh?.length ?? 0) > d.opts.maxHeadRows) {
        await d.rerun();
        return;
      }
      if (fresh.length === 0) return;
      const selected = cur.selected === null ? null : cur.selected + fresh.length;
      d.set({
        rows: prependHead(cur.rows, fresh),
        selected,
        tailAdded: cur.tailAdded + fresh.length,
        total: cur.total === null ? null : cur.total + fresh.length,
      });
    } catch {
      // A failed tail fetch is retried on the next push; the grid keeps what it has.
    } finally {
      inFlight = false;
      if (dirty) {
        dirty = false;
        schedule();
      }
    }
  }

  function schedule(): void {
    if (timer || !d.get().liveTail) return;
    const wait = Math.max(0, lastFetch + d.opts.tailIntervalMs - d.now());
    timer = setTimeout(() => {
      timer = null;
      void tick();
    }, wait);
  }

  return {
    start() {
      const s = d.get();
      if (s.liveTail || !followsNow(s.range) || s.sort === 'oldest') return;
      d.set({ liveTail: true, newCount: 0 });
      unsubscribe = d.client().subscribe('events', () => schedule());
      void tick();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = null;
      if (timer) clearTimeout(timer);
      timer = null;
      dirty = false;
      if (d.get().liveTail) d.set({ liveTail: false });
    },
    tick,
  };
}
