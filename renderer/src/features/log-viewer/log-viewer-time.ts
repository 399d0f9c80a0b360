/**
 * Time ranges for the Log Viewer. A range is either a relative preset ("last 15 m") that is pinned
 * to absolute instants when a search runs (so cursor paging stays stable while time moves on), or an
 * absolute custom range. All display and parsing is UTC: SOC timelines are compared across hosts.
 */

export const TIME_PRESETS = [
  { id: '15m', label: '15 m', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 60 * 60_000 },
  { id: '24h', label: '24 h', ms: 24 * 60 * 60_000 },
  { id: '7d', label: '7 d', ms: 7 * 24 * 60 * 60_000 },
] as const;
export type PresetId = (typeof TIME_PRESETS)[number]['id'];

export type TimeRange = { kind: 'relative'; preset: PresetId } | { kind: 'absolute'; from: string; to: string };

/** Absolute instants a search runs against (ISO 8601 UTC). */
export interface PinnedRange {
  from: string;
  to: string;
}

export const DEFAULT_RANGE: TimeRange = { kind: 'relative', preset: '24h' };

export function isPresetId(s: string): s is PresetId {
  return TIME_PRESETS.some((p) => p.id === s);
}

/** Pin a range to absolute instants at `nowMs`. */
export function pinRange(range: TimeRange, nowMs: number): PinnedRange {
  if (range.kind === 'absolute') return { from: range.from, to: range.to };
  const preset = TIME_PRESETS.find((p) => p.id === range.preset) ?? TIME_PRESETS[2];
  return { from: new Date(nowMs - preset.ms).toISOString(), to: new Date(nowMs).toISOString() };
}

/**
 * Parse a user-typed instant as UTC: ISO 8601 with or without zone, `YYYY-MM-DD HH:mm[:ss]`, or a
 * bare date. Returns ISO 8601 UTC, or null when it is not a date.
 */
export function parseUtcInstant(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', ms = '0', zone] = m;
  const base = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms.padEnd(3, '0')}`;
  const withZone = zone ? (zone.toUpperCase() === 'Z' ? `${base}Z` : `${base}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`) : `${base}Z`;
  const ms2 = Date.parse(withZone);
  if (Number.isNaN(ms2)) return null;
  const iso = new Date(ms2).toISOString();
  // Reject rollovers such as 2026-02-31 that Date.parse silently normalises.
  if (!zone && iso.slice(0, 10) !== `${y}-${mo}-${d}`) return null;
  return iso;
}

/** `2026-04-17 10:00:05.123` (UTC), the grid's time format. */
export function formatUtc(iso: string): string {
  return iso.length >= 23 ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso;
}

/** Value for an `<input type="datetime-local">` showing a UTC instant: `YYYY-MM-DDTHH:mm`. */
export function toInputValue(iso: string): string {
  return iso.slice(0, 16);
}

/** Short human label for the active range, e.g. "Last 15 m" or "2026-04-17 10:00 → 2026-04-17 11:00 UTC". */
export function describeRange(range: TimeRange): string {
  if (range.kind === 'relative') {
    const p = TIME_PRESETS.find((x) => x.id === range.preset);
    return `Last ${p ? p.label : range.preset}`;
  }
  return `${formatUtc(range.from).slice(0, 16)} → ${formatUtc(range.to).slice(0, 16)} UTC`;
}

/** The next wider preset, offered by the empty state ("widen the range"); null at the widest. */
export function widerPreset(range: TimeRange): PresetId | null {
  if (range.kind === 'absolute') return '7d';
  const i = TIME_PRESETS.findIndex((p) => p.id === range.preset);
  const next = TIME_PRESETS[i + 1];
  return next ? next.id : null;
}
