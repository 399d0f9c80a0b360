/**
 * The one mapping from the severity words and numbers that log shippers send onto Watchpost's six
 * levels. Every intake uses it (NDJSON envelope, syslog/CEF, the compatible protocols), so `err`
 * from syslog-ng's format-json, `Warning` from Seq or `fatal` from a Java logger land on the same
 * level everywhere instead of falling back to `info`.
 *
 * Accepted (case-insensitive, surrounding spaces ignored):
 * - Watchpost's own names: debug, info, notice, warn, error, critical (unchanged: SPEC §3).
 * - Syslog keywords and their long forms (RFC 5424 table 2, rsyslog/syslog-ng spellings):
 *   emerg/emergency/panic, alert, crit, err, warning, notice, info/informational.
 * - Logger words: trace/verbose/fine/finer/finest/dbg → debug, information/informational → info,
 *   warn/warning → warn, severe → error (java.util.logging's top level, used for errors),
 *   fatal → critical.
 * - Numbers (or numeric strings) 0–7: syslog severity codes (0 emerg … 7 debug).
 * - Numbers 10/20/30/40/50/60: bunyan/pino levels (trace, debug, info, warn, error, fatal); they do
 *   not overlap the syslog codes, so both can be read without a hint.
 * Anything else → null: the caller applies its own fallback (the envelope's is `info`).
 */
import type { Severity } from './enums.ts';

/** Syslog severity code (index 0–7) → Watchpost level: emerg/alert/crit collapse into critical. */
export const SYSLOG_CODE_SEVERITY: readonly Severity[] = ['critical', 'critical', 'critical', 'error', 'warn', 'notice', 'info', 'debug'];

const WORDS: Record<string, Severity> = {
  debug: 'debug',
  dbg: 'debug',
  trace: 'debug',
  verbose: 'debug',
  fine: 'debug',
  finer: 'debug',
  finest: 'debug',
  info: 'info',
  information: 'info',
  informational: 'info',
  notice: 'notice',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  severe: 'error',
  critical: 'critical',
  crit: 'critical',
  alert: 'critical',
  emerg: 'critical',
  emergency: 'critical',
  fatal: 'critical',
  panic: 'critical',
};

const PINO_LEVELS: Record<number, Severity> = { 10: 'debug', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'critical' };

const BY_TEXT = new Map<string, Severity>(Object.entries(WORDS));
for (let i = 0; i < SYSLOG_CODE_SEVERITY.length; i++) BY_TEXT.set(String(i), SYSLOG_CODE_SEVERITY[i]!);
for (const [n, s] of Object.entries(PINO_LEVELS)) BY_TEXT.set(n, s);

/**
 * Watchpost level for a severity as a shipper sent it (string or number), or null when it is not
 * one Watchpost knows. Never throws; objects, booleans and fractions are null.
 */
export function severityFromName(value: unknown): Severity | null {
  if (typeof value === 'number') return Number.isInteger(value) ? (BY_TEXT.get(String(value)) ?? null) : null;
  if (typeof value !== 'string' || value.length > 16) return null;
  const direct = BY_TEXT.get(value);
  if (direct) return direct;
  return BY_TEXT.get(value.trim().toLowerCase()) ?? null;
}
