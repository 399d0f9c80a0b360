/**
 * The syslog PRI part (`<PRI>` = facility × 8 + severity, RFC 5424 §6.2.1 / RFC 3164 §4.1.1) and how
 * it maps onto Watchpost's envelope: severity levels and the auth category.
 */
import type { Category, Severity } from '../../../shared/enums.ts';
import { SYSLOG_CODE_SEVERITY } from '../../../shared/severity-names.ts';

/** Facility names in RFC 5424 table 1 order (index = facility code), as syslog daemons spell them. */
export const FACILITY_NAMES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'audit',
  'alert',
  'clock',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

/** Syslog severity names (index = severity code 0–7). */
export const SYSLOG_SEVERITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

/** Facilities whose events are about authentication: auth (4) and authpriv (10). */
const AUTH_FACILITIES = new Set([4, 10]);

export interface Pri {
  pri: number;
  facility: number;
  severity: number;
}

/**
 * Read `<PRI>` at the start of a line. PRI is 1–3 digits, 0–191, no leading zero except `<0>`
 * (RFC 5424 ABNF). Returns the decoded value and where the rest of the line starts, or null when
 * the line does not begin with a valid PRI.
 */
export function readPri(line: string): { pri: Pri; rest: number } | null {
  if (line.charCodeAt(0) !== 60 /* < */) return null;
  const close = line.indexOf('>', 1);
  if (close < 2 || close > 4) return null;
  const digits = line.slice(1, close);
  if (!/^(0|[1-9]\d{0,2})$/.test(digits)) return null;
  const value = Number(digits);
  if (value > 191) return null;
  return { pri: { pri: value, facility: value >> 3, severity: value & 7 }, rest: close + 1 };
}

/** Watchpost severity for a syslog severity code. */
export function severityOfSyslog(code: number): Severity {
  return SYSLOG_CODE_SEVERITY[code] ?? 'info';
}

/** Envelope category from the facility: auth/authpriv → auth, anything else → system. */
export function categoryOfFacility(facility: number): Category {
  return AUTH_FACILITIES.has(facility) ? 'auth' : 'system';
}

/** The PRI fields Watchpost keeps in raw, so `raw.facilityName:auth` and `raw.pri:>=8` work in search. */
export function priRaw(p: Pri): Record<string, unknown> {
  return {
    pri: p.pri,
    facility: p.facility,
    facilityName: FACILITY_NAMES[p.facility] ?? String(p.facility),
    syslogSeverity: p.severity,
    syslogSeverityName: SYSLOG_SEVERITY_NAMES[p.severity] ?? String(p.severity),
  };
}

/**
 * Set an own data property even for names like `__proto__`, which plain assignment would turn into
 * a prototype change: SD-IDs, param names and CEF keys all come straight from the network.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
