/**
 * Where an alert's pivots land (issue 10 item 4). All Log Viewer links go through the viewer's own
 * link builder (features/log-viewer/log-viewer-link.ts), so the format lives in one place.
 */
import type { Alert, WatchpostEvent } from '../../../../shared/types.ts';
import { surroundingEventsLink } from '../log-viewer/log-viewer-link.ts';
import type { LogViewerLink } from '../log-viewer/log-viewer-link.ts';

const MINUTE = 60_000;
/** "Show surrounding events" span either side. */
export const SURROUNDING_MINUTES = 5;

/**
 * "Open in Log Viewer": the alert's query over its window widened to whole minutes, so the range
 * reads "21:15 → 21:16" instead of a one-millisecond "21:15 → 21:15". The query still narrows to
 * the alert's events.
 */
export function alertPivotLink(a: Pick<Alert, 'query' | 'queryFrom' | 'queryTo'>): LogViewerLink {
  const from = Math.floor(Date.parse(a.queryFrom) / MINUTE) * MINUTE;
  const to = Math.max(from + MINUTE, Math.ceil(Date.parse(a.queryTo) / MINUTE) * MINUTE);
  return { q: a.query, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** The group in words, with a source's name instead of its `ls_…` id: "host web-01", "source auth-server". */
export function groupText(groupKey: string, sourceName: (id: string) => string): string {
  const sep = groupKey.indexOf(':');
  if (sep < 0) return groupKey;
  const field = groupKey.slice(0, sep);
  const value = groupKey.slice(sep + 1);
  return `${field} ${value === '' ? '(none)' : field === 'source' ? sourceName(value) : value}`;
}

/**
 * "Show surrounding events" from an alert: ±5 min around its newest sample event on the same host
 * (or source when the event has no host); without a loaded sample, around the alert's last event
 * time on its first source.
 */
export function alertSurroundingLink(a: Alert, newest: WatchpostEvent | undefined, sourceName: (id: string) => string): LogViewerLink {
  if (newest) return surroundingEventsLink(newest, { minutes: SURROUNDING_MINUTES, by: newest.host ? 'host' : 'source' });
  const at = new Date(Date.parse(a.queryTo) - 1).toISOString();
  const src = a.sourceIds[0];
  return surroundingEventsLink({ timestamp: at, sourceName: src ? sourceName(src) : '' }, { minutes: SURROUNDING_MINUTES, by: 'source' });
}
