import { randomBytes } from 'node:crypto';
import type { CallMeta } from '../../../shared/api.ts';
import { DELIVERY_STATUSES } from '../../../shared/enums.ts';
import type { EndpointTestResult, SecurityEvent } from '../../../shared/types.ts';
import { actorOf, SECURITY_EVENTS } from '../../../shared/security-events.ts';
import type { SecurityEventType } from '../../../shared/security-events.ts';
import type { PartialHandlers } from '../api/handlers.ts';
import { iso } from '../clock.ts';
import type { DomainContext, SecurityEventInput } from '../context.ts';
import { maxEventId as storedMaxEventId } from '../store/event-store/index.ts';
import { asInput, idOf, listLimit, queryChoice } from '../validate.ts';
import type { DeliveryStore } from './delivery-store.ts';
import type { DeliveryRunner } from './delivery-runner.ts';
import { ENDPOINT_FIELDS, parseEndpointInput } from './endpoint-input.ts';
import type { EndpointSettings } from './endpoint-input.ts';
import type { EndpointStore } from './endpoint-store.ts';
import type { Executor } from './attempt-executor.ts';
import type { LogBatcher } from './log-batcher.ts';
import { generateSigningSecret, generateWebhookId } from './signing.ts';

export interface HandlerDeps {
  ctx: DomainContext;
  endpoints: EndpointStore;
  deliveries: DeliveryStore;
  runner: DeliveryRunner;
  batcher: LogBatcher;
  executor: Executor;
}

/** The endpoints.* and deliveries.* API methods (SPEC §4, §7). */
export function forwardingHandlers(d: HandlerDeps): PartialHandlers {
  const { ctx, endpoints, deliveries } = d;
  const sourceExists = (id: string): boolean => ctx.sources.byId(id) !== undefined;
  const maxEventId = (): number => storedMaxEventId(ctx.db);
  const streaming = (s: EndpointSettings | undefined): boolean => !!s && s.enabled && s.logs;
  const audit = (type: SecurityEventType, id: string, s: EndpointSettings, meta: CallMeta, extra: Record<string, unknown> = {}): void => {
    const input: SecurityEventInput = {
      type,
      actor: actorOf(meta),
      resource: { type: 'siem_endpoint', id },
      details: {
        message: `SIEM endpoint "${s.name}" ${type.split('.')[1]}`,
        endpointId: id,
        name: s.name,
        url: redactUrl(s.url),
        format: s.format,
        enabled: s.enabled,
        ...extra,
      },
    };
    ctx.security.record(input);
  };

  return {
    'endpoints.list': () => ({ items: endpoints.list() }),
    'endpoints.get': (input) => endpoints.get(idOf(input)),

    'endpoints.create': (input, meta) => {
      const s = parseEndpointInput(input, undefined, sourceExists);
      const signingSecret = generateSigningSecret();
      const ep = endpoints.insert(s, signingSecret, ctx.clock.now(), maxEventId());
      audit('endpoint.created', ep.id, s, meta);
      ctx.bus.emit('endpoint', { id: ep.id, name: ep.name, enabled: ep.enabled, disabledReason: ep.disabledReason });
      return { ...ep, signingSecret };
    },

    'endpoints.update': (input, meta) => {
      const id = idOf(input);
      const before = endpoints.settings(id);
      const s = parseEndpointInput(input, before, sourceExists);
      d.batcher.flushEndpoint(id);
      const startsStreaming = streaming(s) && !streaming(before);
      const ep = endpoints.update(id, s, ctx.clock.now(), startsStreaming ? maxEventId() : null);
      const changed = changedFields(before, s);
      audit('endpoint.updated', id, s, meta, { changed });
      ctx.bus.emit('endpoint', { id, name: ep.name, enabled: ep.enabled, disabledReason: ep.disabledReason });
      if (ep.enabled) d.runner.kick();
      return ep;
    },

    'endpoints.delete': async (input, meta) => {
      const id = idOf(input);
      const before = endpoints.settings(id);
      // Stop queueing for it first, then remove its delivery history in slices so a long history
      // never holds the database (and ingest) in one big DELETE.
      endpoints.setEnabled(id, false);
      d.batcher.discard(id);
      while (deliveries.deleteSome(id) > 0) await new Promise((r) => setImmediate(r));
      endpoints.delete(id);
      d.executor.drop(id);
      audit('endpoint.deleted', id, before, meta);
      ctx.bus.emit('endpoint', { id, name: before.name, enabled: false, disabledReason: null });
      return { deleted: true as const };
    },

    'endpoints.test': async (input, meta): Promise<EndpointTestResult> => {
      const id = idOf(input);
      endpoints.get(id);
      const ep = endpoints.config(id)!;
      const now = ctx.clock.now();
      const ev = testEvent(id, meta, now);
      const deliveryId = deliveries.insert({ endpointId: id, kind: 'test', payload: JSON.stringify([ev]), eventCount: 1, webhookId: generateWebhookId() }, now);
      const started = Date.now();
      const r = await d.runner.attemptNow(deliveries.dueById(deliveryId), ep);
      const ms = Date.now() - started;
      const ok = r.delivery.status === 'delivered';
      return {
        ok,
        status: r.status,
        deliveryId,
        message: ok ? `Test event delivered: HTTP ${r.status} in ${ms} ms` : `Test event not delivered: ${r.error ?? 'unknown error'}`,
      };
    },

    'deliveries.list': (input) => {
      const i = asInput(input ?? {}, 'query');
      const endpointId = typeof i['endpointId'] === 'string' && i['endpointId'] !== '' ? i['endpointId'] : undefined;
      const status = queryChoice('status', i['status'], DELIVERY_STATUSES);
      const limit = listLimit(i['limit']);
      return { items: deliveries.list({ ...(endpointId ? { endpointId } : {}), ...(status ? { status } : {}), limit }) };
    },

    'deliveries.redeliver': (input) => {
      const delivery = deliveries.redeliver(idOf(input), ctx.clock.now());
      ctx.bus.emit('delivery', delivery);
      d.runner.kick();
      return delivery;
    },
  };
}

/** Scheme, host and path only: query strings can carry keys (Datadog accepts ?dd-api-key=). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(invalid url)';
  }
}

/** The input fields an update changed; the auth value is compared, never serialised, and named last. */
function changedFields(a: EndpointSettings, b: EndpointSettings): string[] {
  const out: string[] = ENDPOINT_FIELDS.filter((k) => k !== 'authValue' && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  if (b.authValue !== a.authValue) out.push('authValue');
  return out;
}

/** Seed 003's "Send Test Event" payload: type siem.test, category infrastructure. */
function testEvent(endpointId: string, meta: CallMeta, now: number): SecurityEvent {
  return {
    id: `evt_test_${randomBytes(9).toString('base64url')}`,
    timestamp: iso(now),
    type: 'siem.test',
    category: SECURITY_EVENTS['siem.test'].category,
    severity: SECURITY_EVENTS['siem.test'].severity,
    actor: { userId: meta.actor ?? 'watchpost', ...actorOf(meta), userAgent: meta.userAgent ?? 'Watchpost' },
    resource: { type: 'siem_endpoint', id: endpointId },
    details: { message: 'SIEM integration test event' },
    organization: { id: 'watchpost', name: 'Watchpost' },
    tenant: 'watchpost',
  };
}
