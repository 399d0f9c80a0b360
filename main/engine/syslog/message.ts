/**
 * The parsed shape both syslog dialects produce, before mapping to Watchpost's envelope. Parsers
 * return data, never throw: a line that does not fit still becomes an event (with `parseError`).
 */
import type { Pri } from './pri.ts';

/** STRUCTURED-DATA: SD-ID → param name → value (a param sent more than once becomes a list). */
export type StructuredData = Record<string, Record<string, string | string[]>>;

export interface SyslogMessage {
  format: 'rfc5424' | 'rfc3164';
  pri: Pri;
  /** RFC 5424 VERSION (1); absent for RFC 3164. */
  version?: number;
  /** Event time in epoch ms; null when absent (NILVALUE) or not a valid date — ingestion time is used. */
  timestamp: number | null;
  /** The timestamp as sent, kept in raw so nothing is lost. */
  timestampText: string | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  structuredData: StructuredData | null;
  msg: string | null;
  /** Something that did not parse but did not stop the rest (e.g. an invalid timestamp); kept as raw.parseError. */
  problem?: string;
}

export type SyslogParse = { ok: true; message: SyslogMessage } | { ok: false; error: string };

/** Epoch ms for a date-time given in a fixed offset (minutes east of UTC), or null if any part is out of range. */
export function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), s === 60 ? 999 : ms);
  const check = new Date(t);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null; // Feb 30 and friends
  return t - offsetMin * 60_000;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp (RFC 5424 §6.2.3: zone required, up to 6 fraction digits; we accept 9) → epoch ms. */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const zone = m[8]!;
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  return utcMillis(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms, offset);
}
