/**
 * RFC 3164 ("BSD") parser: `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG`, plus the variants real
 * devices send: a missing HOSTNAME, a missing TIMESTAMP, a year or milliseconds in the timestamp
 * (`Oct 11 2023 22:14:15.123`), an RFC 3339 timestamp (rsyslog's high-precision template), a TAG
 * without a PID or without any TAG. The BSD timestamp has no year and no zone: Watchpost assumes
 * the machine's local zone and the current year (the previous year when that would put the event
 * more than a day in the future, e.g. a Dec 31 message read on Jan 1).
 */
import type { Pri } from './pri.ts';
import { parseRfc3339 } from './message.ts';
import type { SyslogMessage, SyslogParse } from './message.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const BSD_TS = /^([A-Za-z]{3}) {1,2}(\d{1,2}) (?:(\d{4}) )?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: |$)/;
const ISO_TS = /^(\d{4}-\d{2}-\d{2}[Tt]\S+)(?: |$)/;
/**
 * TAG followed by a colon (`sshd[123]: `, `su: `), or TAG[PID] without the colon (`sudo[9001] msg`,
 * what rsyslog emits when it relays RFC 5424 as BSD; rsyslog and syslog-ng both read program and
 * pid from it). A bare word without colon or PID is not taken as a TAG: it is message text.
 */
const TAG = /^([^\s:[\]]{1,64})(?:(?:\[([^\]\s]{0,128})\])?:|\[([^\]\s]{1,128})\])(?: |$)/;
const DAY_MS = 86_400_000;

/** Epoch ms for a BSD timestamp in the local zone, year inferred from `now`; null when not a real date. */
export function bsdTimestamp(mon: number, day: number, h: number, mi: number, s: number, ms: number, year: number | null, now: number): number | null {
  if (day < 1 || day > 31 || h > 23 || mi > 59 || s > 59) return null;
  const build = (y: number): number | null => {
    const d = new Date(y, mon, day, h, mi, s, ms);
    return d.getMonth() === mon && d.getDate() === day ? d.getTime() : null;
  };
  if (year !== null) return build(year);
  const thisYear = new Date(now).getFullYear();
  const t = build(thisYear);
  if (t !== null && t <= now + DAY_MS) return t;
  return build(thisYear - 1) ?? t; // Feb 29 that only exists this year stays as is
}

/** Parse the part of a line after `<PRI>`; `now` (epoch ms) supplies the missing year. Never fails. */
export function parse3164(afterPri: string, pri: Pri, now: number): SyslogParse {
  let rest = afterPri;
  let timestamp: number | null = null;
  let timestampText: string | null = null;
  let problem: string | undefined;
  const bsd = BSD_TS.exec(rest);
  const iso = bsd ? null : ISO_TS.exec(rest);
  if (bsd) {
    timestampText = bsd[0].trimEnd();
    const mon = MONTHS.indexOf(bsd[1]!.toLowerCase());
    const ms = bsd[7] ? Math.floor(Number(`0.${bsd[7]}`) * 1000) : 0;
    timestamp = mon < 0 ? null : bsdTimestamp(mon, Number(bsd[2]), Number(bsd[4]), Number(bsd[5]), Number(bsd[6]), ms, bsd[3] ? Number(bsd[3]) : null, now);
    if (timestamp === null) problem = `RFC 3164 TIMESTAMP ${JSON.stringify(timestampText)} is not a valid date; the ingestion time was used`;
    rest = rest.slice(bsd[0].length);
  } else if (iso) {
    timestampText = iso[1]!;
    timestamp = parseRfc3339(timestampText);
    if (timestamp === null)
      problem = `TIMESTAMP ${JSON.stringify(timestampText.slice(0, 40))} is not an RFC 3339 date-time with a zone; the ingestion time was used`;
    rest = rest.slice(iso[0].length);
  }
  // RFC 3164 §4.3.2: without a TIMESTAMP the HOSTNAME is not there either. With one, the next token
  // is the HOSTNAME unless it is already the TAG (`su:` / `sshd[1]:`) or a CEF payload.
  let hostname: string | null = null;
  if (timestampText !== null) {
    const sp = rest.indexOf(' ');
    const first = sp === -1 ? rest : rest.slice(0, sp);
    if (first !== '' && !TAG.test(rest) && !rest.startsWith('CEF:')) {
      hostname = first;
      rest = sp === -1 ? '' : rest.slice(sp + 1);
    }
  }
  let appName: string | null = null;
  let procId: string | null = null;
  const tag = rest.startsWith('CEF:') ? null : TAG.exec(rest);
  if (tag) {
    appName = tag[1]!;
    procId = tag[2] || tag[3] || null;
    rest = rest.slice(tag[0].length);
  }
  const message: SyslogMessage = {
    format: 'rfc3164',
    pri,
    timestamp,
    timestampText,
    hostname,
    appName,
    procId,
    msgId: null,
    structuredData: null,
    msg: rest,
  };
  if (problem) message.problem = problem;
  return { ok: true, message };
}
