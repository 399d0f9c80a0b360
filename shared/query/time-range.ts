import { validationError } from '../errors.ts';

/** A search window on event time: `fromMs` inclusive, `toMs` exclusive. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** The Log Viewer's default window when `from` is not given. */
export const DEFAULT_RANGE_MS = 24 * 60 * 60 * 1000;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(?:now\s*-\s*|-)?(\d{1,9})\s*([smhdw])$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MAX_MS = 8.64e15;

function isoToMs(m: RegExpExecArray): number | null {
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(utc);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  let offsetMin = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return utc - offsetMin * 60_000;
}

/** One bound: ISO 8601, `now`, or a relative amount back from now (`15m`, `24h`, `now-7d`). */
function parseBound(param: 'from' | 'to', value: unknown, nowMs: number): number {
  const v = typeof value === 'string' ? value.trim() : null;
  let ms: number | null = null;
  if (v !== null) {
    const rel = RELATIVE.exec(v);
    const iso = ISO.exec(v);
    if (v.toLowerCase() === 'now') ms = nowMs;
    else if (rel) ms = nowMs - Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase()]!;
    else if (iso) ms = isoToMs(iso);
  }
  if (ms === null || !Number.isFinite(ms) || Math.abs(ms) > MAX_MS) {
    throw validationError(`${param} must be ISO 8601 (2026-03-01T12:00:00Z), 'now', or relative like 15m, 24h, 7d; got '${String(value)}'`, { param, value });
  }
  return ms;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * Resolve the Log Viewer's `from`/`to` into epoch ms. Defaults: the last 24 h up to and including now.
 * A zone-less ISO time is taken as UTC (the engine has no notion of the analyst's zone; the UI
 * sends UTC). Throws VALIDATION_ERROR naming the parameter.
 */
export function parseTimeRange(from: string | null | undefined, to: string | null | undefined, nowMs: number): TimeRange {
  // "Until now" includes the current millisecond: an event stamped at this very instant (ingested
  // a moment ago, or by a clock that reads the same ms) is in the default window.
  const toMs = isBlank(to) ? nowMs + 1 : parseBound('to', to, nowMs);
  const fromMs = isBlank(from) ? nowMs - DEFAULT_RANGE_MS : parseBound('from', from, nowMs);
  if (fromMs >= toMs) {
    throw validationError(`from (${new Date(fromMs).toISOString()}) must be before to (${new Date(toMs).toISOString()})`, {
      param: 'from',
      value: from,
    });
  }
  return { fromMs, toMs };
}
