/**
 * The Log Viewer's own keys (listed in the "?" help too): `/` focuses the query; ↑/↓,
 * PageUp/PageDown, Home/End move the selected row; Enter opens the detail; Esc closes it.
 * Keys typed into inputs are left alone, and ↓ from the query bar steps into the results.
 */
import { isTypingTarget } from '../../shortcuts.ts';
import { logViewerStore } from './log-viewer-store.ts';

const PAGE_JUMP = 20;

/** For the "?" help dialog. */
export const LOG_VIEWER_KEYS: readonly { keys: string; description: string }[] = [
  { keys: '/', description: 'Log Viewer: focus the search query' },
  { keys: '↓', description: 'Log Viewer: from the query, step into the results; in the grid, next event' },
  { keys: '↑', description: 'Log Viewer: previous event' },
  { keys: 'PageDown', description: `Log Viewer: ${PAGE_JUMP} events down (PageUp: up)` },
  { keys: 'Home', description: 'Log Viewer: first event (End: last loaded event)' },
  { keys: 'Enter', description: 'Log Viewer: open the selected event' },
  { keys: '← →', description: 'Log Viewer histogram: move the highlighted bar (Shift widens); Enter zooms, - zooms out' },
];

const grid = (): HTMLElement | null => document.querySelector('[data-testid="lv-grid"]');

export function onLogViewerKey(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (document.querySelector('[aria-modal="true"]')) return;
  const s = logViewerStore.getState();
  const inGrid = (e.target as Element | null)?.closest?.('[data-testid="lv-grid"]') != null;
  if (e.key === 'Escape') {
    if (s.detail) {
      e.preventDefault();
      s.closeDetail();
      grid()?.focus();
    }
    return;
  }
  if (isTypingTarget(e.target)) {
    if (e.key === 'ArrowDown' && (e.target as Element).getAttribute('data-testid') === 'lv-query-input' && s.rowCount() > 0) {
      e.preventDefault();
      grid()?.focus();
      if (s.selected === null) s.select(0);
    }
    return;
  }
  if (e.key === '/') {
    e.preventDefault();
    s.focusQuery();
    return;
  }
  // Keys inside a value menu or the histogram belong to them; Enter/Space on a control press it.
  const t = e.target as Element | null;
  if (t?.closest?.('[role="menu"], [data-testid="lv-histogram-plot"]')) return;
  if (!inGrid && t?.closest?.('button, a, summary, [role="tree"]') && (e.key === 'Enter' || e.key === ' ')) return;
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
