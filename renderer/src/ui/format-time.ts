/**
 * Time formatting for every screen. One display setting (UTC or the machine's local zone, chosen in
 * the nav and kept in localStorage) applies everywhere, always 24-hour `YYYY-MM-DD HH:mm:ss`: SOC
 * timelines are compared across hosts and screens, so one look must mean one thing.
 */

export type TimeDisplay = 'utc' | 'local';

export const TIME_DISPLAY_KEY = 'watchpost.timeDisplay';

let display: TimeDisplay = 'utc';

/** Set by the app store when the setting loads or changes; the shell re-renders the screen after. */
export function setTimeDisplay(value: TimeDisplay): void {
  display = value;
}

export function timeDisplay(): TimeDisplay {
  return display;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * `2026-04-17 10:00:05.123` in the chosen zone; `precision` cuts it to minutes or seconds.
 * Returns '—' for a missing or unreadable instant.
 */
export function formatInstant(iso: string | number | null | undefined, precision: 'ms' | 's' | 'min' = 's', zone: TimeDisplay = display): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const utc = zone === 'utc';
  const date = `${utc ? d.getUTCFullYear() : d.getFullYear()}-${pad((utc ? d.getUTCMonth() : d.getMonth()) + 1)}-${pad(utc ? d.getUTCDate() : d.getDate())}`;
  const hm = `${pad(utc ? d.getUTCHours() : d.getHours())}:${pad(utc ? d.getUTCMinutes() : d.getMinutes())}`;
  if (precision === 'min') return `${date} ${hm}`;
  const s = `${hm}:${pad(utc ? d.getUTCSeconds() : d.getSeconds())}`;
  return precision === 's' ? `${date} ${s}` : `${date} ${s}.${pad(utc ? d.getUTCMilliseconds() : d.getMilliseconds(), 3)}`;
}

/** "UTC", or the local zone's offset such as "UTC+02:00", for column headers and labels. */
export function zoneLabel(zone: TimeDisplay = display, at: Date = new Date()): string {
  if (zone === 'utc') return 'UTC';
  const off = -at.getTimezoneOffset();
  if (off === 0) return 'local (UTC)';
  return `UTC${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/** Absolute time for tables and detail views, with the zone named: `2026-04-17 10:00:05 UTC`. */
export function formatDateTime(iso: string | null | undefined): string {
  const text = formatInstant(iso, 's');
  return text === '—' ? text : `${text} ${zoneLabel(display, new Date(iso!))}`;
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; '—' for never. */
export function relativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '—';
  const s = Math.round((now.getTime() - t) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
