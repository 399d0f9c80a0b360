/**
 * Grid columns: the fixed envelope columns and the analyst's custom raw columns (`raw.a.b` paths
 * chosen in the Custom Fields sidebar or from a value), which belong to the search and travel in its link.
 */
import type { WatchpostEvent } from '../../../../shared/types.ts';

export const ENVELOPE_COLUMNS = [
  { key: 'time', label: 'Time' },
  { key: 'severity', label: 'Severity' },
  { key: 'source', label: 'Source' },
  { key: 'host', label: 'Host' },
  { key: 'user', label: 'User' },
  { key: 'action', label: 'Action' },
  { key: 'outcome', label: 'Outcome' },
  { key: 'message', label: 'Message' },
] as const;
export type EnvelopeColumnKey = (typeof ENVELOPE_COLUMNS)[number]['key'];

export const WIDTHS_STORAGE_KEY = 'watchpost.logViewer.columnWidths';
/** More than this many custom columns stops being readable at 1280 px; the sidebar refuses more. */
export const MAX_CUSTOM_COLUMNS = 12;

/** The subset of the Web Storage API the store needs (localStorage in the app, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A custom column path is `raw.` followed by dot-separated keys. */
export function isRawPath(path: string): boolean {
  return /^raw\.[^.]+(\.[^.]+)*$/.test(path);
}

/** Column widths the analyst dragged (px by column key); anything malformed is ignored. */
export function loadWidths(storage: KeyValueStorage | null): Record<string, number> {
  try {
    const parsed = JSON.parse(storage?.getItem(WIDTHS_STORAGE_KEY) ?? '{}') as unknown;
    const out: Record<string, number> = {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [k, v] of Object.entries(parsed)) if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = v;
    }
    return out;
  } catch {
    return {};
  }
}

export function saveWidths(storage: KeyValueStorage | null, widths: Record<string, number>): void {
  try {
    storage?.setItem(WIDTHS_STORAGE_KEY, JSON.stringify(widths));
  } catch {
    // Storage full or disabled (private window): the widths still apply for this session.
  }
}

/** Add or remove one custom column; returns the new list (unchanged when adding past the cap). */
export function toggleColumn(columns: string[], path: string): string[] {
  if (columns.includes(path)) return columns.filter((c) => c !== path);
  if (!isRawPath(path) || columns.length >= MAX_CUSTOM_COLUMNS) return columns;
  return [...columns, path];
}

/** Value at `raw.a.b` inside an event; arrays are searched element-wise like the query language does. */
export function rawValue(event: WatchpostEvent, path: string): unknown {
  const keys = path.split('.').slice(1);
  let cur: unknown = event.raw;
  for (const k of keys) {
    if (Array.isArray(cur)) {
      const next = cur.map((item) => (item && typeof item === 'object' ? (item as Record<string, unknown>)[k] : undefined)).filter((v) => v !== undefined);
      cur = next.length === 0 ? undefined : next.length === 1 ? next[0] : next;
    } else if (cur && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, k)) {
      cur = (cur as Record<string, unknown>)[k];
    } else {
      return undefined;
    }
  }
  return cur;
}

/** Text for a cell: strings as-is, arrays joined, objects as compact JSON, missing as ''. */
export function displayValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', ');
  return JSON.stringify(value);
}

/** Text of an envelope column for an event (the grid and CSV export share this). */
export function envelopeValue(event: WatchpostEvent, key: EnvelopeColumnKey): string {
  switch (key) {
    case 'time':
      return event.timestamp;
    case 'severity':
      return event.severity;
    case 'source':
      return event.sourceName;
    case 'host':
      return event.host ?? '';
    case 'user':
      return event.user ?? '';
    case 'action':
      return event.action ?? '';
    case 'outcome':
      return event.outcome;
    case 'message':
      return event.message ?? '';
  }
}

/** The query field a column filters on (`source:` takes the name, SPEC §5). */
export function queryFieldFor(key: EnvelopeColumnKey | string): string | null {
  if (key === 'time') return null;
  return key;
}
