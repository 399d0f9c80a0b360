import { severityLevel } from '../../../shared/enums.ts';
import type { Alert, SecurityEvent } from '../../../shared/types.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import type { DeliveryStore } from './delivery-store.ts';
import type { EndpointStore } from './endpoint-store.ts';
import { alertItem } from './payload.ts';
import { securityLevel } from './severity.ts';
import { generateWebhookId } from './signing.ts';

/** Security event types about forwarding itself (see the cascade note in delivery-runner.ts). */
const FORWARDING_HEALTH_TYPES = new Set(['siem.delivery_failed', 'endpoint.disabled']);

/**
 * Routes Watchpost's own security events and raised alerts to endpoints. Each becomes one delivery
 * per endpoint (one event per request, seed 003's payload unchanged); they are rare compared with
 * logs, so they are queued at once rather than batched.
 */
export class Router {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly endpoints: EndpointStore;
  private readonly deliveries: DeliveryStore;
  private readonly onQueued: () => void;

  constructor(deps: { db: Db; clock: Clock; endpoints: EndpointStore; deliveries: DeliveryStore; onQueued: () => void }) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.endpoints = deps.endpoints;
    this.deliveries = deps.deliveries;
    this.onQueued = deps.onQueued;
  }

  /** Security events go to enabled endpoints whose categories include the event's and whose minSeverity it meets. */
  onSecurity(ev: SecurityEvent): void {
    const derived = FORWARDING_HEALTH_TYPES.has(ev.type);
    if (derived && ev.details['cascade'] === true) return;
    const about = derived ? ev.details['endpointId'] : undefined;
    const level = securityLevel(ev.severity);
    const targets = this.endpoints
      .configs()
      .filter((c) => c.enabled && c.categories.has(ev.category) && level >= c.minLevel && c.id !== about)
      .map((c) => c.id);
    this.queue(targets, 'security', JSON.stringify([ev]), derived);
  }

  /** Alerts go to enabled endpoints with `alerts` on (and minSeverity met) plus every endpoint the rule names. */
  onAlert(alert: Alert, endpointIds: readonly string[]): void {
    const named = new Set(endpointIds);
    const level = severityLevel(alert.severity);
    const targets = this.endpoints
      .configs()
      .filter((c) => c.enabled && (named.has(c.id) || (c.alerts && level >= c.minLevel)))
      .map((c) => c.id);
    this.queue(targets, 'alert', JSON.stringify([alertItem(alert)]), false);
  }

  private queue(endpointIds: string[], kind: 'security' | 'alert', payload: string, derived: boolean): void {
    if (endpointIds.length === 0) return;
    const now = this.clock.now();
    this.db.transaction(() => {
      for (const id of endpointIds) this.deliveries.insert({ endpointId: id, kind, payload, eventCount: 1, webhookId: generateWebhookId(), derived }, now);
    })();
    this.onQueued();
  }
}
