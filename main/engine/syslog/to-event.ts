/**
 * One syslog/CEF line → the object `ingest.submit` stores. Parsed fields go to the envelope, the
 * rest to `raw` (SPEC §3). A line that does not parse is still stored: message = the line,
 * `raw.parseError` says why — nothing is dropped silently.
 */
import type { Outcome, Severity } from '../../../shared/enums.ts';
import { categoryOfFacility, priRaw, readPri, severityOfSyslog } from './pri.ts';
import type { Pri } from './pri.ts';
import { looksLike5424, parse5424 } from './rfc5424.ts';
import { parse3164 } from './rfc3164.ts';
import { cefSeverity, parseCef } from './cef.ts';
import { cefTime } from './cef-time.ts';
import type { CefMessage } from './cef.ts';
import type { SyslogMessage } from './message.ts';

export type SyslogSourceType = 'syslog' | 'cef';

/** Where and how the line arrived; `receivedAt` also supplies the year of BSD timestamps. */
export interface LineContext {
  sourceType: SyslogSourceType;
  receivedAt: number;
  peerAddress?: string;
  transport?: 'udp' | 'tcp' | 'tls';
  /** The frame was not valid UTF-8 and was read as Latin-1. */
  latin1?: boolean;
}

type Obj = Record<string, unknown>;

/** Map one line (already framed and decoded) to an envelope object with its raw. */
export function syslogLineToEvent(line: string, ctx: LineContext): Obj {
  const raw: Obj = { line };
  if (ctx.peerAddress) raw.peerAddress = ctx.peerAddress;
  if (ctx.transport) raw.transport = ctx.transport;
  if (ctx.latin1) raw.encoding = 'latin1';
  const ev: Obj = {};
  if (line.startsWith('CEF:')) {
    raw.format = 'cef';
    applyCef(ev, raw, line, ctx, null);
    ev.raw = raw;
    return ev;
  }
  const head = readPri(line);
  if (!head) {
    const cefAt = line.search(CEF_START);
    if (cefAt > 0) return prefixedCef(line, cefAt, raw, ctx);
    return unparsed(line, raw, ctx, 'the line does not start with a syslog <PRI> (0–191) or "CEF:"');
  }
  const afterPri = line.slice(head.rest);
  const parsed = looksLike5424(afterPri) ? parse5424(afterPri, head.pri) : parse3164(afterPri, head.pri, ctx.receivedAt);
  if (!parsed.ok) return unparsed(line, raw, ctx, parsed.error, head.pri);
  const m = parsed.message;
  applySyslog(ev, raw, m, ctx);
  const msg = m.msg ?? '';
  const cefAt = msg.startsWith('CEF:') ? 0 : ctx.sourceType === 'cef' ? msg.indexOf('CEF:') : -1;
  if (cefAt >= 0) {
    if (cefAt > 0) raw.cefPrefix = msg.slice(0, cefAt);
    applyCef(ev, raw, msg.slice(cefAt), ctx, m);
  } else if (ctx.sourceType === 'cef') {
    raw.parseError = 'not a CEF message: the syslog MSG does not contain "CEF:Version|…"; stored with its syslog fields';
  }
  ev.raw = raw;
  return ev;
}

/** `CEF:<version>|` — where a CEF payload starts inside a line that has no `<PRI>`. */
const CEF_START = /CEF:\d{1,3}\|/;
/** Only used to let parse3164 read a prefix's timestamp and host; never stored (no PRI is invented). */
const NO_PRI: Pri = { pri: 13, facility: 1, severity: 5 };

/**
 * CEF after a syslog-like prefix without `<PRI>` (`Sep 19 08:26:10 fw1 CEF:0|…`: relays that strip
 * PRI, Logstash's `Syslogdate Sysloghost CEF:0|…` vector). The prefix is kept in `raw.cefPrefix`;
 * when it reads as a BSD timestamp + host, those fill the envelope like a syslog header would.
 */
function prefixedCef(line: string, at: number, raw: Obj, ctx: LineContext): Obj {
  const prefix = line.slice(0, at);
  raw.cefPrefix = prefix;
  const ev: Obj = {};
  const head = parse3164(prefix, NO_PRI, ctx.receivedAt);
  const m = head.ok && head.message.timestampText !== null ? head.message : null;
  if (m) {
    raw.syslogTimestamp = m.timestampText;
    if (m.hostname !== null) raw.hostname = m.hostname;
    if (m.timestamp !== null) ev.timestamp = new Date(m.timestamp).toISOString();
  }
  raw.format = 'cef';
  applyCef(ev, raw, line.slice(at), ctx, null, m?.hostname ?? undefined);
  ev.raw = raw;
  return ev;
}

function unparsed(line: string, raw: Obj, ctx: LineContext, error: string, pri?: Pri): Obj {
  raw.format = 'unknown';
  raw.parseError = error;
  const ev: Obj = { message: line };
  if (pri) {
    Object.assign(raw, priRaw(pri));
    ev.severity = severityOfSyslog(pri.severity);
    ev.category = categoryOfFacility(pri.facility);
  }
  if (ctx.peerAddress) ev.host = ctx.peerAddress;
  ev.raw = raw;
  return ev;
}

function applySyslog(ev: Obj, raw: Obj, m: SyslogMessage, ctx: LineContext): void {
  raw.format = m.format;
  Object.assign(raw, priRaw(m.pri));
  if (m.version !== undefined) raw.version = m.version;
  if (m.timestampText !== null) raw.syslogTimestamp = m.timestampText;
  if (m.hostname !== null) raw.hostname = m.hostname;
  if (m.appName !== null) raw.appName = m.appName;
  if (m.procId !== null) raw.procId = m.procId;
  if (m.msgId !== null) raw.msgId = m.msgId;
  if (m.structuredData !== null) raw.structuredData = m.structuredData;
  if (m.problem) raw.parseError = m.problem;
  if (m.timestamp !== null) ev.timestamp = new Date(m.timestamp).toISOString();
  ev.severity = severityOfSyslog(m.pri.severity);
  ev.category = categoryOfFacility(m.pri.facility);
  const host = m.hostname ?? ctx.peerAddress;
  if (host) ev.host = host;
  if (m.appName !== null) ev.action = m.appName;
  if (m.msg !== null) ev.message = m.msg;
}

function applyCef(ev: Obj, raw: Obj, text: string, ctx: LineContext, syslog: SyslogMessage | null, prefixHost?: string): void {
  const parsed = parseCef(text);
  if (!parsed.ok) {
    raw.parseError = parsed.error;
    if (!syslog) {
      ev.message = text;
      if (ctx.peerAddress) ev.host = ctx.peerAddress;
    }
    return;
  }
  const c = parsed.cef;
  raw.format = syslog ? `${syslog.format}+cef` : 'cef';
  raw.cef = cefRaw(c);
  const x = c.extensions;
  const pick = (...keys: string[]): string | undefined => {
    for (const k of keys) if (Object.hasOwn(x, k) && x[k] !== '') return x[k];
    return undefined;
  };
  const severity: Severity | null = cefSeverity(c.severity);
  ev.severity = severity ?? ev.severity ?? 'info';
  if (!syslog) ev.category = 'other';
  const host = pick('dvchost') ?? syslog?.hostname ?? prefixHost ?? pick('dvc', 'shost', 'src') ?? ctx.peerAddress;
  if (host) ev.host = host;
  const user = pick('suser', 'duser');
  if (user) ev.user = user;
  ev.action = pick('act') ?? (c.name || c.signatureId);
  ev.message = pick('msg') ?? c.name;
  const outcome = outcomeOf(pick('outcome', 'categoryOutcome'));
  if (outcome) ev.outcome = outcome;
  const rt = cefTime(pick('rt', 'end', 'start'), pick('dtz'), ctx.receivedAt);
  if (rt !== null) ev.timestamp = new Date(rt).toISOString();
}

/** raw.cef: the header under readable names, then every extension key (header names win on a clash). */
function cefRaw(c: CefMessage): Obj {
  const out: Obj = Object.fromEntries(Object.entries(c.extensions));
  const header: Obj = {
    version: c.version,
    deviceVendor: c.deviceVendor,
    deviceProduct: c.deviceProduct,
    deviceVersion: c.deviceVersion,
    signatureId: c.signatureId,
    name: c.name,
    severity: c.severity,
  };
  Object.assign(out, header);
  if (c.unkeyedText) out.unkeyedText = c.unkeyedText;
  return out;
}

/** CEF `outcome` / `categoryOutcome` (`success`, `/Failure`, `failed`, …) → envelope outcome. */
export function outcomeOf(v: string | undefined): Outcome | null {
  if (!v) return null;
  const t = v.replace(/^\/+/, '').toLowerCase();
  if (/^(succe|allow|permit|ok$|pass)/.test(t)) return 'success';
  if (/^(fail|deny|denied|block|reject|drop)/.test(t)) return 'failure';
  return null;
}
