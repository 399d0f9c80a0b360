/**
 * Source health as an engine domain: `health.sources` rows, and a 2-second pass that flags a source
 * the moment it goes silent (one security event per silence) and pushes fresh rows to the UI when
 * something changed and someone listens.
 */
import type { Domain, DomainContext } from '../context.ts';
import { healthRows, healthStatus } from './health.ts';

const EVERY_MS = 2_000;

export interface HealthDomain extends Domain {
  /** One health pass now (the timer does this every 2 s once started). */
  tick(): void;
}

export function createHealthDomain(ctx: DomainContext): HealthDomain {
  const { bus, clock, db, sources, security } = ctx;
  const silentNow = new Set<number>();
  let dirty = true;
  let timer: NodeJS.Timeout | null = null;
  const offEvents = bus.on('events', () => (dirty = true));
  const offSources = sources.onChange(() => (dirty = true));
  const offPolled = bus.on('pullPolled', () => (dirty = true));

  function tick(): void {
    const now = clock.now();
    for (const s of sources.all()) {
      const silent = healthStatus(s, now) === 'silent';
      if (silent && !silentNow.has(s.seq)) {
        silentNow.add(s.seq);
        security.record({
          type: 'source.silent',
          actor: { userId: 'system' },
          resource: { type: 'log_source', id: s.id },
          details: { sourceName: s.name, heartbeatMinutes: s.heartbeatMinutes, lastEventAt: s.lastEventAt ? new Date(s.lastEventAt).toISOString() : null },
        });
        dirty = true;
      } else if (!silent) silentNow.delete(s.seq);
    }
    if (dirty && bus.hasListeners('health')) {
      dirty = false;
      bus.emit('health', healthRows(db, sources.all(), now));
    }
  }

  return {
    handlers: {
      'health.sources': () => ({ items: healthRows(db, sources.all(), clock.now()) }),
    },
    tick,
    start() {
      timer = setInterval(tick, EVERY_MS);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      offEvents();
      offPolled();
      offSources();
    },
  };
}
