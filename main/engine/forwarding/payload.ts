import { hostname } from 'node:os';
import { SECURITY_SEVERITY_MAP } from '../../../shared/enums.ts';
import type { EndpointFormat } from '../../../shared/enums.ts';
import type { Alert, SecurityEvent } from '../../../shared/types.ts';
import type { DeliveryKind } from './delivery-store.ts';

/**
 * How a security, alert or test delivery's stored event becomes an HTTP body, per endpoint format
 * (logs bodies are built from the events table by log-body.ts, in the same three shapes). The body
 * is built at send time, so a format change applies to queued deliveries too.
 *
 * - generic: one event per request, sent as one JSON object (seed 003's payload, unchanged); logs
 *   deliveries always send a JSON array of log events.
 * - splunk_hec: every event wrapped as {"event", "time", "host", "source", "sourcetype": "_json"},
 *   objects concatenated (newline-separated), which is HEC's batch format. `host` and `source` are
 *   top level so Splunk's own host/source fields are right (not the HEC collector's defaults).
 * - datadog: a JSON array of Datadog log objects (ddsource, service, message, status, …).
 */
export interface Body {
  body: string | Buffer;
  contentType: string;
}

/** An alert as forwarded: the Alert record plus a `type` and `timestamp` so SIEMs can route it. */
export function alertItem(alert: Alert): Record<string, unknown> {
  return { type: 'alert.raised', timestamp: alert.firstSeenAt, ...alert };
}

/** `payload` is the stored JSON array of the delivery's events. */
export function formatBody(format: EndpointFormat, kind: DeliveryKind, payload: Buffer): Body {
  if (format === 'generic') {
    const items = JSON.parse(payload.toString('utf8')) as unknown[];
    return { body: JSON.stringify(items.length === 1 ? items[0] : items), contentType: 'application/json' };
  }
  const items = JSON.parse(payload.toString('utf8')) as Record<string, unknown>[];
  if (format === 'splunk_hec') {
    const source = `watchpost:${kind}`;
    return {
      body: items.map((e) => JSON.stringify({ event: e, time: epochSeconds(e['timestamp']), host: hecHost(), source, sourcetype: '_json' })).join('\n'),
      contentType: 'application/json',
    };
  }
  return { body: JSON.stringify(items.map((e) => datadogLog(kind, e))), contentType: 'application/json' };
}

/** The machine Watchpost runs on: the host of its own alerts and security events, and of log events without one. */
export function hecHost(): string {
  return hostname() || 'watchpost';
}

/**
 * Datadog `ddtags` is one comma-separated string, so a comma inside a tag would split it into extra
 * tags. Each tag is sanitised the way Datadog itself normalises tags: lower case; characters other
 * than letters, digits, `_` `-` `:` `.` `/` become `_`; at most 200 characters; empty tags dropped.
 */
export function ddTags(tags: readonly string[]): string {
  const out: string[] = [];
  for (const t of tags) {
    const clean = t
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_\-:./]/gu, '_')
      .slice(0, 200);
    if (clean) out.push(clean);
  }
  return out.join(',');
}

function epochSeconds(ts: unknown): number {
  const ms = typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isNaN(ms) ? 0 : ms / 1000;
}

function datadogLog(kind: DeliveryKind, e: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'alert') {
    return {
      ddsource: 'watchpost',
      service: 'watchpost',
      status: e['severity'],
      message: `Alert: ${String(e['title'] ?? e['ruleName'] ?? '')}`,
      ddtags: ddTags(['type:alert.raised', `rule:${String(e['ruleName'] ?? '')}`]),
      date: e['timestamp'],
      watchpost: e,
    };
  }
  const sev = e['severity'] as SecurityEvent['severity'];
  const details = (e['details'] ?? {}) as Record<string, unknown>;
  const text = typeof details['message'] === 'string' ? `: ${details['message']}` : '';
  return {
    ddsource: 'watchpost',
    service: 'watchpost',
    status: SECURITY_SEVERITY_MAP[sev] ?? 'info',
    message: `${String(e['type'])}${text}`,
    ddtags: ddTags([`category:${String(e['category'])}`, `type:${String(e['type'])}`]),
    date: e['timestamp'],
    watchpost: e,
  };
}
