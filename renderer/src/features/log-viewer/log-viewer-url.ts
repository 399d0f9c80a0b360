/**
 * Keeps the address bar and the Log Viewer's search in step while the screen is shown. A new
 * search (query, range, sort — including histogram zooms) adds a history entry, so Back/Forward
 * step through searches; columns and the selected event replace the current entry. Opening
 * `#/logs?…` (reload, Back, a pasted or pivot link) applies that search; plain `#/logs` (the nav)
 * keeps the current search and re-runs it when its range is relative.
 */
import { useEffect } from 'react';
import { parseLogViewerHash, searchQueryString } from './log-viewer-link.ts';
import type { SearchState } from './log-viewer-link.ts';
import { logViewerStore } from './log-viewer-store.ts';

const sameSearch = (a: SearchState, b: SearchState): boolean => a.q === b.q && a.range.from === b.range.from && a.range.to === b.range.to && a.sort === b.sort;

/**
 * The full link "Copy link" hands out for a search's query string: the console URL in a browser,
 * the app's own `file://…#/logs?…` in the desktop app (pasted into any Watchpost query bar, either
 * opens the search; the token never goes into a link).
 */
export function searchUrl(qs: string, win: Window = window): string {
  const { origin, pathname, protocol, href } = win.location;
  const base = protocol === 'file:' ? href.split('#')[0]! : `${origin}${pathname}`;
  return `${base}#/logs${qs}`;
}

export function useSearchUrl(): void {
  useEffect(() => {
    let written: SearchState | null = null;
    let writtenQs = '';

    const write = (state: SearchState, mode: 'push' | 'replace'): void => {
      const qs = searchQueryString(state);
      written = state;
      if (qs === writtenQs && window.location.hash.endsWith(qs)) return;
      writtenQs = qs;
      const url = `#/logs${qs}`;
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    };

    const apply = (): void => {
      const state = parseLogViewerHash(window.location.hash);
      const store = logViewerStore.getState();
      if (!state) {
        if (!/^#\/?logs\/?$/.test(window.location.hash)) return;
        // The nav link: keep the search, refresh it when it moves with time.
        write(store.searchState(), 'replace');
        void store.refreshIfRelative();
        return;
      }
      const qs = searchQueryString(state);
      if (qs === writtenQs && store.status !== 'idle') return;
      written = state;
      writtenQs = qs;
      void store.applySearch(state);
    };

    apply();

    const unsubscribe = logViewerStore.subscribe((s, prev) => {
      if (s.query === prev.query && s.range === prev.range && s.sort === prev.sort && s.columns === prev.columns && s.detail?.id === prev.detail?.id) return;
      const state = s.searchState();
      write(state, written && !sameSearch(written, state) ? 'push' : 'replace');
    });
    window.addEventListener('hashchange', apply);
    window.addEventListener('popstate', apply);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', apply);
      window.removeEventListener('popstate', apply);
    };
  }, []);
}
