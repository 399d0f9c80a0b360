import type { EndpointFormat } from '../../../shared/enums.ts';
import type { Alert, SecurityEvent } from '../../../shared/types.ts';
import type { CommittedEvent } from '../bus.ts';
import { iso } from '../clock.ts';
import type { DeliveryKind } from './delivery-store.ts';
import { SECURITY_SEVERITY_TO_WATCHPOST } from './severity.ts';

/**
 * How one delivery's events become an HTTP body, per endpoint format. Deliveries store events in
 * Watchpost's generic shape; the body is built at send time so a format change applies to queued
 * deliveries too.
 *
 * - generic: security, alert and test deliveries carry one event and send it as one JSON object
 *   (seed 003's payload, unchanged); logs deliveries always send a JSON array of log events.
 * - splunk_hec: every event wrapped as {"event", "time", "sourcetype": "_json"}, objects concatenated
 *   (newline-separated), which is HEC's batch format.
 * - datadog: a JSON array of Datadog log objects (ddsource, service, message, status, …).
 */
export interface Body {
  body: string;
  contentType: string;
}

/** The generic (seed 003 / SPEC §4) form of one log event. */
export function logEventJson(e: CommittedEvent, sourceName: string): string {
  return JSON.stringify({
    id: String(e.id), sourceId: e.sourceId, sourceName, receivedAt: iso(e.receivedAt), timestamp: iso(e.ts), severity: e.severity,
    category: e.category, host: e.host, user: e.user, action: e.action, outcome: e.outcome, message: e.message, tags: e.tags, raw: e.raw,
  });
}

/** An alert as forwarded: the Alert record plus a `type` and `timestamp` so SIEMs can route it. */
export function alertItem(alert: Alert): Record<string, unknown> {
  return { type: 'alert.raised', timestamp: alert.firstSeenAt, ...alert };
}

export function formatBody(format: EndpointFormat, kind: DeliveryKind, payload: string): Body {
  if (format === 'generic') {
    if (kind === 'logs') return { body: payload, contentType: 'application/json' };
    const items = JSON.parse(payload) as unknown[];
    return { body: JSON.stringify(items.length === 1 ? items[0] : items), contentType: 'application/json' };
  }
  const items = JSON.parse(payload) as Record<string, unknown>[];
  if (format === 'splunk_hec') {
    return { body: items.map((e) => JSON.stringify({ event: e, time: epochSeconds(e['timestamp']), sourcetype: '_json' })).join('\n'), contentType: 'application/json' };
  }
  return { body: JSON.stringify(items.map((e) => datadogLog(kind, e))), contentType: 'application/json' };
}

function epochSeconds(ts: unknown): number {
  const ms = typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isNaN(ms) ? 0 : ms / 1000;
}

function datadogLog(kind: DeliveryKind, e: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'logs') {
    const tags = Array.isArray(e['tags']) ? (e['tags'] as string[]) : [];
    return {
      ddsource: 'watchpost', service: e['sourceName'] ?? 'watchpost', hostname: e['host'] ?? undefined, status: e['severity'],
      message: typeof e['message'] === 'string' ? e['message'] : JSON.stringify(e['raw'] ?? {}),
      ddtags: [`category:${String(e['category'])}`, ...tags].join(','), date: e['timestamp'], watchpost: e,
    };
  }
  if (kind === 'alert') {
    return {
      ddsource: 'watchpost', service: 'watchpost', status: e['severity'], message: `Alert: ${String(e['title'] ?? e['ruleName'] ?? '')}`,
      ddtags: `type:alert.raised,rule:${String(e['ruleName'] ?? '')}`, date: e['timestamp'], watchpost: e,
    };
  }
  const sev = e['severity'] as SecurityEvent['severity'];
  const details = (e['details'] ?? {}) as Record<string, unknown>;
  const text = typeof details['message'] === 'string' ? `: ${details['message']}` : '';
  return {
    ddsource: 'watchpost', service: 'watchpost', status: SECURITY_SEVERITY_TO_WATCHPOST[sev] ?? 'info', message: `${String(e['type'])}${text}`,
    ddtags: `category:${String(e['category'])},type:${String(e['type'])}`, date: e['timestamp'], watchpost: e,
  };
}
