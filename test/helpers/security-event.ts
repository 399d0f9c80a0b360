/**
 * A seed-003 security event of any category put on the engine's bus, as forwarding receives it.
 * Forwarding tests route by category (data_access, authentication …) that Watchpost's own catalogue
 * does not all produce; this is how a test offers such an event without a production shortcut.
 */
import type { Engine } from '../../main/engine/engine.ts';
import type { SecurityEvent } from '../../shared/types.ts';

let n = 0;

export function emitSecurityEvent(engine: Engine, e: Pick<SecurityEvent, 'category' | 'type' | 'severity' | 'resource'>): SecurityEvent {
  const ev: SecurityEvent = {
    id: `evt_test_${++n}`,
    timestamp: new Date(engine.clock.now()).toISOString(),
    ...e,
    actor: { userId: 'tester' },
    details: {},
    organization: { id: 'test', name: 'Watchpost' },
    tenant: 'test',
  };
  engine.bus.emit('security', ev);
  return ev;
}
