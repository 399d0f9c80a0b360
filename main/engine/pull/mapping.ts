/**
 * Helpers the connectors share to turn a provider record into an envelope: dotted-path lookups,
 * provider times to epoch ms, severity words through the one shared severity mapping, a level
 * found in a plain log line, and stable content hashes for providers without an entry id.
 */
import { createHash } from 'node:crypto';
import type { Outcome, Severity } from '../../../shared/enums.ts';
import { severityFromName } from '../../../shared/severity-names.ts';

/** Value at a dotted path (`host.name`), also accepting a flat key that contains the dots (ECS in flattened form). */
export function dig(obj: unknown, path: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const o = obj as Record<string, unknown>;
  if (Object.hasOwn(o, path)) return o[path];
  let cur: unknown = o;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A short envelope string from a scalar, or null. */
export function text(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** First of several paths that holds a scalar. */
export function firstText(obj: unknown, ...paths: string[]): string | null {
  for (const p of paths) {
    const v = text(dig(obj, p));
    if (v !== null) return v;
  }
  return null;
}

/** RFC 3339 / ISO 8601 (any fraction digits) or epoch numbers (s, ms) → epoch ms; NaN when unreadable. */
export function toMs(v: unknown): number {
  if (typeof v === 'number') return v < 1e11 ? Math.round(v * 1000) : Math.trunc(v);
  if (typeof v !== 'string' || v === '') return Number.NaN;
  if (/^\d+(\.\d+)?$/.test(v)) return toMs(Number(v));
  // Date.parse takes at most milliseconds: drop extra fraction digits (nanoseconds from GCP, Loki, ES).
  return Date.parse(v.replace(/(\.\d{3})\d+/, '$1'));
}

const LINE_LEVEL =
  /(?:^|[\s[(|"])(?:level|lvl|severity)["']?\s*[=:]\s*["']?([A-Za-z]+)|(?:^|[\s[(|<])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL|EMERG|ALERT|PANIC)(?=[\s\])|:>]|$)/;

/** Severity from the first of the candidate values a shipper would set, else from the line itself. */
export function severityOf(candidates: unknown[], line?: string | null): Severity | null {
  for (const c of candidates) {
    const s = severityFromName(c);
    if (s) return s;
  }
  if (line) {
    const m = LINE_LEVEL.exec(line.slice(0, 200));
    if (m) return severityFromName(m[1] ?? m[2]);
  }
  return null;
}

/** success / failure / unknown from the usual words (ECS event.outcome, HTTP-ish results). */
export function outcomeOf(v: unknown): Outcome | null {
  if (typeof v !== 'string') return null;
  const s = v.toLowerCase();
  if (s === 'success' || s === 'succeeded' || s === 'ok' || s === 'allowed') return 'success';
  if (s === 'failure' || s === 'failed' || s === 'fail' || s === 'denied' || s === 'error') return 'failure';
  return null;
}

/** 32 hex chars of SHA-256 over the parts (NUL-separated): a stable id for entries the provider does not number. */
export function stableHash(...parts: (string | number | null | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((p) => (p === null || p === undefined ? '' : String(p))).join('\0'))
    .digest('hex')
    .slice(0, 32);
}

/** A message parsed as JSON when it is one (CloudWatch lines are often JSON), else null. */
export function jsonLine(message: string | null): Record<string, unknown> | null {
  if (!message || message[0] !== '{') return null;
  try {
    const v = JSON.parse(message) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
