import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { SECURITY_CATEGORY_MAP, SECURITY_SEVERITY_MAP } from '../../../shared/enums.ts';
import { SECURITY_EVENTS } from '../../../shared/security-events.ts';
import type { SecurityEvent } from '../../../shared/types.ts';
import type { Clock } from '../clock.ts';
import type { EngineBus } from '../bus.ts';
import type { SecurityEventInput, SecurityRecorder, SourceDirectory } from '../context.ts';
import { normalizeEvent } from '../ingest/envelope.ts';
import type { EventWriter } from '../ingest/writer.ts';

/** Keys whose values must never be recorded, however a caller built `details`. */
const SECRET_KEY = /key$|secret|token|password|authvalue|credential/i;

function scrub(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, SECRET_KEY.test(k) && k !== 'keyIdentifier' ? '[redacted]' : v]));
}

/**
 * Stores Watchpost's own security events (seed 003 payload) as events of the built-in "Watchpost"
 * source, so they are searchable like any event, then announces them on the bus for forwarding.
 * Category, severity and outcome come from the catalogue (shared/security-events.ts), never the caller.
 */
export function createSecurityRecorder(deps: {
  clock: Clock;
  bus: EngineBus;
  writer: EventWriter;
  sources: SourceDirectory;
  operator: string;
}): SecurityRecorder {
  const host = hostname();
  return {
    record(input: SecurityEventInput): SecurityEvent {
      const now = deps.clock.now();
      const spec = SECURITY_EVENTS[input.type];
      const ev: SecurityEvent = {
        id: `evt_${randomBytes(12).toString('base64url')}`,
        timestamp: new Date(now).toISOString(),
        category: spec.category,
        type: input.type,
        severity: spec.severity,
        actor: { userId: deps.operator, ...input.actor },
        resource: input.resource,
        details: scrub(input.details ?? {}),
        organization: { id: host, name: 'Watchpost' },
        tenant: host,
      };
      const source = deps.sources.all().find((x) => x.builtIn);
      if (source) {
        const envelope = {
          timestamp: ev.timestamp,
          severity: SECURITY_SEVERITY_MAP[ev.severity],
          category: SECURITY_CATEGORY_MAP[ev.category],
          host,
          user: ev.actor.userId,
          action: ev.type,
          outcome: spec.outcome,
          message: describe(ev),
          tags: ['watchpost', ev.category],
          raw: ev as unknown as Record<string, unknown>,
        };
        deps.writer.writeNow({ source, receivedAt: now, rejected: 0, events: [normalizeEvent(envelope, null, now)] });
      }
      deps.bus.emit('security', ev);
      return ev;
    },
  };
}

function describe(ev: SecurityEvent): string {
  const name = typeof ev.details.sourceName === 'string' ? ` (${ev.details.sourceName})` : typeof ev.details.name === 'string' ? ` (${ev.details.name})` : '';
  return `${ev.type} on ${ev.resource.type} ${ev.resource.id}${name}`;
}
