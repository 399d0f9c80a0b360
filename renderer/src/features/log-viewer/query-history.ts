/**
 * Recent queries of the query bar, kept in localStorage on this machine (an analyst's own trail,
 * not shared config). Newest first, deduplicated on the trimmed text (running a query again moves
 * it to the top), capped so the list stays one glance long.
 */
import type { KeyValueStorage } from './log-viewer-columns.ts';

export const QUERY_HISTORY_KEY = 'watchpost.logViewer.queryHistory';
export const QUERY_HISTORY_CAP = 20;

/** The history with `query` run again: on top, once, at most `cap` entries. Empty queries are not kept. */
export function addToHistory(history: readonly string[], query: string, cap = QUERY_HISTORY_CAP): string[] {
  const q = query.trim();
  if (!q) return [...history];
  return [q, ...history.filter((h) => h !== q)].slice(0, cap);
}

/** Entries that contain what is typed (case-insensitive); all of them when nothing is typed. */
export function matchingHistory(history: readonly string[], typed: string): string[] {
  const t = typed.trim().toLowerCase();
  return t ? history.filter((h) => h.toLowerCase().includes(t) && h.trim() !== typed.trim()) : [...history];
}

/** The stored history; anything unreadable (hand-edited, another version) counts as empty. */
export function loadHistory(storage: KeyValueStorage | null): string[] {
  try {
    const parsed = JSON.parse(storage?.getItem(QUERY_HISTORY_KEY) ?? '[]') as unknown;
    if (!Array.isArray(parsed)) return [];
    let out: string[] = [];
    for (const item of parsed.slice().reverse()) if (typeof item === 'string') out = addToHistory(out, item);
    return out;
  } catch {
    return [];
  }
}

function saveHistory(storage: KeyValueStorage | null, history: readonly string[]): void {
  try {
    storage?.setItem(QUERY_HISTORY_KEY, JSON.stringify(history));
  } catch {
    // Storage full or disabled: the history still works for this session.
  }
}

/** Record a query that was run; returns the new history. */
export function rememberQuery(storage: KeyValueStorage | null, query: string): string[] {
  const next = addToHistory(loadHistory(storage), query);
  saveHistory(storage, next);
  return next;
}
