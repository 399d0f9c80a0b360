import { describe, expect, it, vi } from 'vitest';
import { createHealthStore, mergeHealthRows } from '../../../renderer/src/stores/health-store.ts';
import type { HealthRow } from '../../../shared/types.ts';
import { useEngineClientEach } from '../engine-client.ts';
import type { EngineClient } from '../engine-client.ts';

function row(sourceId: string, status: HealthRow['status'], events1h = 0): HealthRow {
  return {
    sourceId,
    name: sourceId,
    platformId: null,
    status,
    lastEventAt: null,
    events1h,
    events24h: events1h,
    rejected24h: 0,
    rateLimited24h: 0,
    sparkline: new Array(24).fill(0),
  };
}

describe('mergeHealthRows', () => {
  it('replaces rows by sourceId and adds new ones, keeping order', () => {
    const merged = mergeHealthRows([row('a', 'healthy'), row('b', 'awaiting')], [row('b', 'healthy', 3), row('c', 'inactive')]);
    expect(merged.map((r) => [r.sourceId, r.status, r.events1h])).toEqual([
      ['a', 'healthy', 0],
      ['b', 'healthy', 3],
      ['c', 'inactive', 0],
    ]);
  });
});

describe('health store (real engine)', () => {
  let ec: EngineClient;
  useEngineClientEach((c) => (ec = c));

  it('loads statuses and counts, and follows ingest live through the events stream', async () => {
    const src = await ec.client.call('sources.create', { name: 'Edge Firewall' });
    const idle = await ec.client.call('sources.create', { name: 'Batch Job', active: false });
    const { key } = await ec.client.call('sources.generateKey', { id: src.id });
    const s = createHealthStore(() => ec.client);
    await s.getState().load();
    const find = (id: string) => s.getState().rows.find((r) => r.sourceId === id)!;
    expect(find(src.id)).toMatchObject({ status: 'awaiting', events1h: 0, lastEventAt: null });
    expect(find(idle.id).status).toBe('inactive');
    expect(s.getState().updatedAt).not.toBeNull();

    const stop = s.getState().startLive();
    try {
      expect(await ec.ingest(key, [{ message: 'one' }, { message: 'two' }])).toBe(200);
      await vi.waitFor(() => expect(find(src.id)).toMatchObject({ status: 'healthy', events1h: 2 }), { timeout: 5000 });
      expect(find(src.id).sparkline).toHaveLength(24);
      expect(find(src.id).sparkline[23]).toBe(2);
    } finally {
      stop();
    }
  });

  it('applies rows pushed on the health stream', async () => {
    const s = createHealthStore(
      () => ec.client,
      () => new Date('2026-04-17T10:00:00Z'),
    );
    s.getState().applyPush([row('ls_x', 'silent')]);
    expect(s.getState().rows).toEqual([row('ls_x', 'silent')]);
    expect(s.getState().updatedAt).toBe('2026-04-17T10:00:00.000Z');
  });
});
