/**
 * A Log Viewer search as a link: `#/logs?q=…&from=…&to=…&col=…&event=…&sort=oldest`. The URL is
 * the search's one saved form: reload restores it, Back/Forward step through searches and zooms,
 * other screens (Alerts) open the viewer by building one with `logViewerHref`. Keep this format
 * stable: links get pasted into tickets.
 *
 * - `from`/`to`: as the events API takes them (`15m`, `now`, ISO 8601); `to` omitted means now.
 *   A relative range stays relative in the link. Zone-less instants in a link are UTC.
 * - `col`: one per custom column (`raw.a.b`), in order. `event`: the event shown in the detail pane.
 * - `sort`: `oldest` for oldest first; omitted means newest first.
 */
import { navigate } from '../../router.ts';
import { isRawPath, MAX_CUSTOM_COLUMNS } from './log-viewer-columns.ts';
import { filterClause } from './log-viewer-query.ts';
import { boundMs, canonicalBound, DEFAULT_RANGE } from './log-viewer-time.ts';
import type { TimeRange } from './log-viewer-time.ts';

/** The shell's route path for this screen (app.tsx ROUTES). */
const LOG_VIEWER_ROUTE = 'logs';

export type SortOrder = 'newest' | 'oldest';

/** What another screen hands over to open a search; every field optional. */
export interface LogViewerLink {
  q?: string;
  /** As the API takes it: ISO 8601, `now`, or relative (`15m`, `now-2h`). */
  from?: string;
  to?: string;
  columns?: readonly string[];
  /** Id of the event to show in the detail pane. */
  event?: string;
  sort?: SortOrder;
}

/** A search in canonical form: what the store holds and what the URL says. */
export interface SearchState {
  q: string;
  range: TimeRange;
  columns: readonly string[];
  event: string | null;
  sort: SortOrder;
}

/** Canonical form of a link; unreadable or reversed bounds fall back to the default range. */
export function searchStateFrom(link: LogViewerLink): SearchState {
  const from = link.from === undefined || link.from === '' ? null : canonicalBound(link.from, 'utc');
  const to = link.to === undefined || link.to === '' ? 'now' : canonicalBound(link.to, 'utc');
  const now = Date.now();
  const range = from && to && boundMs(from, now) < boundMs(to, now) ? { from, to } : DEFAULT_RANGE;
  const columns: string[] = [];
  for (const c of link.columns ?? []) if (isRawPath(c) && !columns.includes(c) && columns.length < MAX_CUSTOM_COLUMNS) columns.push(c);
  const event = link.event && /^\d{1,19}$/.test(link.event) ? link.event : null;
  return { q: link.q ?? '', range, columns, event, sort: link.sort === 'oldest' ? 'oldest' : 'newest' };
}

/** The `?…` part of the hash for a search; defaults are left out so links stay short. */
export function searchQueryString(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  params.set('from', state.range.from);
  if (state.range.to !== 'now') params.set('to', state.range.to);
  for (const c of state.columns) params.append('col', c);
  if (state.event) params.set('event', state.event);
  if (state.sort === 'oldest') params.set('sort', 'oldest');
  return `?${params.toString()}`;
}

/** `#/logs?…` for a link (canonicalised first). */
export function logViewerHref(link: LogViewerLink): string {
  return `#/${LOG_VIEWER_ROUTE}${searchQueryString(searchStateFrom(link))}`;
}

/** The search a `#/logs?…` hash carries, or null when the hash is not a Log Viewer link with a query part. */
export function parseLogViewerHash(hash: string): SearchState | null {
  const m = /^#?\/?logs\/?\?(.*)$/s.exec(hash);
  if (!m) return null;
  const p = new URLSearchParams(m[1]);
  const sort = p.get('sort');
  return searchStateFrom({
    q: p.get('q') ?? '',
    from: p.get('from') ?? undefined,
    to: p.get('to') ?? undefined,
    columns: p.getAll('col'),
    event: p.get('event') ?? undefined,
    sort: sort === 'oldest' ? 'oldest' : 'newest',
  });
}

/**
 * A Log Viewer link pasted anywhere (a full console URL, a desktop `file://…#/logs?…`, or just
 * `#/logs?…`): its search, or null. Lets the query bar open a link copied from the desktop app.
 */
export function searchFromPastedLink(text: string): SearchState | null {
  const t = text.trim();
  if (/\s/.test(t)) return null;
  const i = t.indexOf('#/logs');
  return i < 0 ? null : parseLogViewerHash(t.slice(i));
}

/** Open the Log Viewer on a link (adds a history entry, so Back returns to where the user was). */
export function openLogViewer(link: LogViewerLink): void {
  navigate(logViewerHref(link).slice(2));
}

interface SurroundingOptions {
  /** Minutes either side of the event. */
  minutes: number;
  /** Keep to the event's host or its source. */
  by: 'host' | 'source';
}

/**
 * "Show surrounding events": ±`minutes` around an event's time on the same host (or source),
 * oldest first so the story reads top-down, with the event itself selected when its id is known.
 */
export function surroundingEventsLink(
  e: { id?: string; timestamp: string; host?: string | null; sourceName: string },
  opts: SurroundingOptions,
): LogViewerLink {
  const t = Date.parse(e.timestamp);
  const span = opts.minutes * 60_000;
  const value = opts.by === 'host' ? (e.host ?? '') : e.sourceName;
  return {
    q: value ? filterClause(opts.by, value) : '',
    from: new Date(t - span).toISOString(),
    to: new Date(t + span + 1).toISOString(),
    sort: 'oldest',
    ...(e.id ? { event: e.id } : {}),
  };
}
