/**
 * The grid's row window. Search results arrive newest first in cursor pages; the window remembers
 * every page's cursor and length (a few bytes each) but keeps the rows of only a bounded number of
 * pages, dropping the pages farthest from what is on screen. Scrolling back to a dropped page
 * fetches it again by its cursor. Live-tail rows sit in `head`, above page 0, so prepending them
 * never shifts page boundaries. All functions are pure: they return a new window.
 */
import type { WatchpostEvent } from '../../../../shared/types.ts';

export interface RowWindow {
  /** Live-tail rows, newest first, shown above page 0. */
  readonly head: readonly WatchpostEvent[];
  /** cursors[k] fetches page k (page 0: null). cursors[pageCount] is the next page's cursor, if any. */
  readonly cursors: readonly (string | null)[];
  /** Row count of each known page (kept after the rows are dropped). */
  readonly lengths: readonly number[];
  /** First row index (after head) of each known page. */
  readonly starts: readonly number[];
  /** Rows of the pages currently held in memory. */
  readonly pages: ReadonlyMap<number, readonly WatchpostEvent[]>;
  /** True once a page came back without a next cursor. */
  readonly done: boolean;
}

export function emptyWindow(): RowWindow {
  return { head: [], cursors: [null], lengths: [], starts: [], pages: new Map(), done: false };
}

/** Rows in known pages (excluding head). */
export function pagedRowCount(w: RowWindow): number {
  const n = w.lengths.length;
  return n === 0 ? 0 : w.starts[n - 1]! + w.lengths[n - 1]!;
}

export function rowCount(w: RowWindow): number {
  return w.head.length + pagedRowCount(w);
}

/** Cursor that fetches the page after the last known one; null when finished or nothing loaded yet. */
export function nextCursor(w: RowWindow): string | null {
  return w.cursors[w.lengths.length] ?? null;
}

/** Which page holds the row at `index` (counting head rows first); -1 for head rows or out of range. */
export function pageOfRow(w: RowWindow, index: number): number {
  const j = index - w.head.length;
  if (j < 0 || j >= pagedRowCount(w)) return -1;
  let lo = 0;
  let hi = w.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (w.starts[mid]! <= j) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The event at `index`, or undefined when its page is not in memory (or the index is out of range). */
export function rowAt(w: RowWindow, index: number): WatchpostEvent | undefined {
  if (index < 0) return undefined;
  if (index < w.head.length) return w.head[index];
  const k = pageOfRow(w, index);
  if (k < 0) return undefined;
  return w.pages.get(k)?.[index - w.head.length - w.starts[k]!];
}

/** Add the next page after the last known one. */
export function appendPage(w: RowWindow, events: readonly WatchpostEvent[], next: string | null): RowWindow {
  const k = w.lengths.length;
  const pages = new Map(w.pages);
  pages.set(k, events);
  const cursors = w.cursors.slice(0, k + 1);
  cursors.push(next);
  return {
    ...w,
    cursors,
    lengths: [...w.lengths, events.length],
    starts: [...w.starts, pagedRowCount(w)],
    pages,
    done: next === null || events.length === 0,
  };
}

/**
 * Put back a page that was dropped. The server's keyset cursors make a refetch return the same
 * rows; if it returns a different count (retention deleted some), pad or trim to the recorded
 * length so row indexes below stay put.
 */
export function restorePage(w: RowWindow, k: number, events: readonly WatchpostEvent[]): RowWindow {
  const len = w.lengths[k];
  if (len === undefined) return w;
  const pages = new Map(w.pages);
  pages.set(k, events.slice(0, len));
  return { ...w, pages };
}

/** Drop held pages farthest from `centerPage` until at most `maxPages` remain (never the center). */
export function evictPages(w: RowWindow, centerPage: number, maxPages: number): RowWindow {
  if (w.pages.size <= maxPages) return w;
  const held = [...w.pages.keys()].sort((a, b) => Math.abs(b - centerPage) - Math.abs(a - centerPage));
  const pages = new Map(w.pages);
  for (const k of held) {
    if (pages.size <= maxPages) break;
    if (k !== centerPage) pages.delete(k);
  }
  return { ...w, pages };
}

/** Known pages overlapping rows [start, end] that are not in memory. */
export function missingPages(w: RowWindow, start: number, end: number): number[] {
  const first = pageOfRow(w, Math.max(start, w.head.length));
  const last = pageOfRow(w, Math.min(end, rowCount(w) - 1));
  if (first < 0 || last < 0) return [];
  const out: number[] = [];
  for (let k = first; k <= last; k++) if (!w.pages.has(k)) out.push(k);
  return out;
}

/**
 * Merge a fresh head page (newest first) from live tail. Returns the rows newer than what the
 * window already shows, or null when the fresh page does not reach the current newest row (more
 * new events than one page: the caller re-runs the search instead of leaving a gap).
 */
export function newerRows(w: RowWindow, fresh: readonly WatchpostEvent[]): WatchpostEvent[] | null {
  const newest = w.head[0] ?? w.pages.get(0)?.[0];
  if (!newest) return fresh.slice();
  const at = fresh.findIndex((e) => e.id === newest.id);
  if (at < 0) return fresh.length === 0 ? [] : null;
  return fresh.slice(0, at);
}

export function prependHead(w: RowWindow, events: readonly WatchpostEvent[]): RowWindow {
  if (events.length === 0) return w;
  return { ...w, head: [...events, ...w.head] };
}
