/**
 * Time ranges for the Log Viewer. A range is two bounds written the way the events API takes them:
 * `now`, an amount back from now (`15m`, `2h`, `7d`), or an instant (ISO 8601 UTC). A range with a
 * `now`/relative bound is relative: it is pinned to instants when a search runs (so cursor paging
 * stays stable while time moves on) and re-pinned when the search re-runs. Both absolute: fixed.
 */
import { formatInstant, timeDisplay, zoneLabel } from '../../ui/format-time.ts';
import type { TimeDisplay } from '../../ui/format-time.ts';

export const TIME_PRESETS = [
  { id: '15m', label: '15 m', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 60 * 60_000 },
  { id: '24h', label: '24 h', ms: 24 * 60 * 60_000 },
  { id: '7d', label: '7 d', ms: 7 * 24 * 60 * 60_000 },
] as const;
export type PresetId = (typeof TIME_PRESETS)[number]['id'];

/** Bounds in canonical form (see canonicalBound): `now`, `<n><s|m|h|d|w>`, or ISO 8601 UTC with ms. */
export interface TimeRange {
  from: string;
  to: string;
}

/** Absolute instants a search runs against (ISO 8601 UTC). */
export interface PinnedRange {
  from: string;
  to: string;
}

export const DEFAULT_RANGE: TimeRange = { from: '24h', to: 'now' };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const UNIT_WORD: Record<string, string> = { s: 's', m: 'm', h: 'h', d: 'd', w: 'w' };
/** Same forms as the API's time bounds (shared/query/time-range.ts): `15m`, `-15m`, `now-15m`. */
const RELATIVE = /^(?:now\s*-\s*|-)?(\d{1,9})\s*([smhdw])$/i;
const CANONICAL_RELATIVE = /^(\d{1,9})([smhdw])$/;

function isPresetId(s: string): s is PresetId {
  return TIME_PRESETS.some((p) => p.id === s);
}

export function presetRange(id: PresetId): TimeRange {
  return { from: id, to: 'now' };
}

/** The preset a range is ("last 15 m"), or null. */
export function presetOf(range: TimeRange): PresetId | null {
  return range.to === 'now' && isPresetId(range.from) ? range.from : null;
}

function isInstant(bound: string): boolean {
  return bound !== 'now' && !CANONICAL_RELATIVE.test(bound);
}

/** True when the range moves with time (a `now` or relative bound): it re-runs on return and focus. */
export function isRelative(range: TimeRange): boolean {
  return !isInstant(range.from) || !isInstant(range.to);
}

/** True when the range ends now: live tail and the "N new" count apply. */
export function followsNow(range: TimeRange): boolean {
  return range.to === 'now';
}

/**
 * Parse a typed instant: ISO 8601 with or without zone, `YYYY-MM-DD HH:mm[:ss]`, or a bare date.
 * A time without a zone is read in `zone` (the display setting). Returns ISO 8601 UTC, or null.
 */
export function parseInstant(text: string, zone: TimeDisplay = timeDisplay()): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '0', z] = m;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0'))] as const;
  if (parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return null;
  let ms: number;
  if (z) {
    const base = Date.UTC(...parts);
    let offset = 0;
    if (z.toUpperCase() !== 'Z') {
      const digits = z.slice(1).replace(':', '');
      offset = (z[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    }
    ms = base - offset * 60_000;
  } else if (zone === 'utc') {
    ms = Date.UTC(...parts);
  } else {
    ms = new Date(...parts).getTime();
  }
  if (!Number.isFinite(ms)) return null;
  // Reject rollovers such as 2026-02-31 that Date silently normalises.
  const check = new Date(Date.UTC(parts[0], parts[1], parts[2]));
  if (check.getUTCMonth() !== parts[1] || check.getUTCDate() !== parts[2]) return null;
  return new Date(ms).toISOString();
}

/** A typed or linked bound in canonical form, or null when the API would refuse it. */
export function canonicalBound(text: string, zone: TimeDisplay = timeDisplay()): string | null {
  const t = text.trim();
  if (t.toLowerCase() === 'now') return 'now';
  const rel = RELATIVE.exec(t);
  if (rel) return `${Number(rel[1])}${rel[2]!.toLowerCase()}`;
  return parseInstant(t, zone);
}

/** Epoch ms of a canonical bound at `nowMs`. */
export function boundMs(bound: string, nowMs: number): number {
  if (bound === 'now') return nowMs;
  const rel = CANONICAL_RELATIVE.exec(bound);
  if (rel) return nowMs - Number(rel[1]) * UNIT_MS[rel[2]!]!;
  return Date.parse(bound);
}

type RangeCheck = { range: TimeRange } | { error: string; field: 'from' | 'to' };

/** Check typed bounds the way the API does: each readable, From before To (at `nowMs`). */
export function checkRange(fromText: string, toText: string, nowMs: number, zone: TimeDisplay = timeDisplay()): RangeCheck {
  const hint = `use now, an amount back like 2h or -30m, or a time like 2026-04-17 10:00 (${zoneLabel(zone)})`;
  const from = canonicalBound(fromText, zone);
  if (!from) return { error: `From is not a time: ${hint}`, field: 'from' };
  const to = canonicalBound(toText === '' ? 'now' : toText, zone);
  if (!to) return { error: `To is not a time: ${hint}`, field: 'to' };
  if (boundMs(from, nowMs) >= boundMs(to, nowMs)) return { error: 'From must be before To', field: 'from' };
  return { range: { from, to } };
}

/** Pin a range to absolute instants at `nowMs`. */
export function pinRange(range: TimeRange, nowMs: number): PinnedRange {
  return { from: new Date(boundMs(range.from, nowMs)).toISOString(), to: new Date(boundMs(range.to, nowMs)).toISOString() };
}

function amountLabel(bound: string): string {
  const m = CANONICAL_RELATIVE.exec(bound);
  return m ? `${m[1]} ${UNIT_WORD[m[2]!]}` : bound;
}

function boundLabel(bound: string, precision: 'min' | 's', zone: TimeDisplay): string {
  if (bound === 'now') return 'now';
  if (CANONICAL_RELATIVE.test(bound)) return `${amountLabel(bound)} ago`;
  return formatInstant(bound, precision, zone);
}

/**
 * Short label for a range: "Last 15 m", "Last 2 h", "3 h ago → 1 h ago", or instants in the
 * display zone ("2026-04-17 10:00 → 11:00 UTC"; seconds shown when the span is under an hour,
 * so a narrow range never reads "21:15 → 21:15").
 */
export function describeRange(range: TimeRange, zone: TimeDisplay = timeDisplay()): string {
  if (range.to === 'now' && CANONICAL_RELATIVE.test(range.from)) return `Last ${amountLabel(range.from)}`;
  const span = isInstant(range.from) && isInstant(range.to) ? Date.parse(range.to) - Date.parse(range.from) : Infinity;
  const precision = span < 3_600_000 ? 's' : 'min';
  const from = boundLabel(range.from, precision, zone);
  let to = boundLabel(range.to, precision, zone);
  if (isInstant(range.from) && isInstant(range.to) && to.slice(0, 10) === from.slice(0, 10)) to = to.slice(11);
  const instants = isInstant(range.from) || isInstant(range.to);
  return `${from} → ${to}${instants ? ` ${zoneLabel(zone)}` : ''}`;
}

/** The next preset wider than the range, offered by the empty state; null at the widest. */
export function widerPreset(range: TimeRange, nowMs: number = Date.now()): PresetId | null {
  const span = boundMs(range.to, nowMs) - boundMs(range.from, nowMs);
  const next = TIME_PRESETS.find((p) => p.ms > span);
  return next ? next.id : null;
}

/** The same span around the same middle, `factor` times wider; never past `nowMs` (zoom out). */
export function zoomOut(pinned: PinnedRange, nowMs: number, factor = 2): TimeRange {
  const f = Date.parse(pinned.from);
  const t = Date.parse(pinned.to);
  const half = ((t - f) * factor) / 2;
  const mid = (f + t) / 2;
  const to = Math.min(nowMs, Math.ceil(mid + half));
  const from = Math.floor(Math.min(mid - half, to - (t - f) * factor));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** An absolute range (histogram zoom), at least `minMs` wide. */
export function absoluteRange(aMs: number, bMs: number, minMs = 1000): TimeRange {
  const f = Math.floor(Math.min(aMs, bMs));
  const t = Math.max(Math.ceil(Math.max(aMs, bMs)), f + minMs);
  return { from: new Date(f).toISOString(), to: new Date(t).toISOString() };
}
