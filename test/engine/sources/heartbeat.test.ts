import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/engine/clock.ts';
import type { HealthRow } from '../../../shared/types.ts';
import { createTestEngine } from '../../helpers/test-engine.ts';

describe('heartbeat monitoring', () => {
  it('a source past its heartbeat turns silent, is reported once as source.silent, and health is pushed live', async () => {
    const clock = new ManualClock();
    const t = createTestEngine({ clock, searchWorkers: 0 });
    const pushed: HealthRow[][] = [];
    t.engine.api.subscribe('health', (rows) => pushed.push(rows));
    const src = await t.call('sources.create', { name: 'Heartbeat Probe', heartbeatMinutes: 1 });
    const always = await t.call('sources.create', { name: 'On demand', heartbeatMinutes: 0 });
    await t.engine.ingest.submit(src.id, [{ message: 'beat' }]);
    await t.engine.ingest.submit(always.id, [{ message: 'beat' }]);
    const status = (id: string) => pushed.at(-1)!.find((r) => r.sourceId === id)!.status;

    t.engine.domains.health.tick();
    expect(status(src.id)).toBe('healthy');
    clock.advance(60_000);
    t.engine.domains.health.tick();
    expect(status(src.id)).toBe('healthy'); // exactly at the heartbeat is still on time

    clock.advance(1);
    t.engine.domains.health.tick();
    expect(status(src.id)).toBe('silent');
    expect(status(always.id)).toBe('healthy'); // heartbeat 0: monitoring off

    clock.advance(120_000);
    t.engine.domains.health.tick();
    const silentEvents = await t.call('events.search', { q: 'action:=source.silent source:Watchpost', from: '1d' });
    expect(silentEvents.events).toHaveLength(1);
    expect(silentEvents.events[0]!.raw).toMatchObject({ category: 'infrastructure', type: 'source.silent', resource: { type: 'log_source', id: src.id } });
    // Watchpost noticed the silence itself: the actor is the system, not the console operator.
    expect(silentEvents.events[0]!.raw).toMatchObject({ actor: { userId: 'system' } });
    expect(silentEvents.events[0]!.user).toBe('system');

    // An event brings it back; a later silence is reported again.
    await t.engine.ingest.submit(src.id, [{ message: 'back' }]);
    t.engine.domains.health.tick();
    expect(status(src.id)).toBe('healthy');
    clock.advance(61_000);
    t.engine.domains.health.tick();
    expect(status(src.id)).toBe('silent');
    expect((await t.call('events.search', { q: 'action:=source.silent', from: '1d' })).events).toHaveLength(2);
    await t.close();
  });
});
