import { describe, expect, it } from 'vitest';
import { createPlatformsStore, platformName } from '../../../renderer/src/stores/platforms-store.ts';
import { engineClient, unreachableClient, useEngineClientEach } from '../engine-client.ts';
import type { EngineClient } from '../engine-client.ts';

describe('platforms store (real engine)', () => {
  let ec: EngineClient;
  useEngineClientEach((c) => (ec = c));

  it('creates, keeps the list sorted by name, renames and loads', async () => {
    const s = createPlatformsStore(() => ec.client);
    await s.getState().create({ name: 'staging' });
    const prod = await s.getState().create({ name: 'Production', description: 'Customer-facing' });
    expect(s.getState().items.map((p) => p.name)).toEqual(['Production', 'staging']);
    await s.getState().update(prod.id, { name: 'Zeta prod' });
    expect(s.getState().items.map((p) => p.name)).toEqual(['staging', 'Zeta prod']);

    const fresh = createPlatformsStore(() => ec.client);
    await fresh.getState().load();
    expect(fresh.getState().items.map((p) => p.name)).toEqual(['staging', 'Zeta prod']);
    expect(platformName(fresh.getState().items, prod.id)).toBe('Zeta prod');
    expect(platformName(fresh.getState().items, null)).toBe('—');
    expect(platformName(fresh.getState().items, 'pf_missing')).toBe('—');
  });

  it('deleting a platform unlinks its sources', async () => {
    const s = createPlatformsStore(() => ec.client);
    const prod = await s.getState().create({ name: 'Production' });
    const src = await ec.client.call('sources.create', { name: 'Edge Firewall', platformId: prod.id });
    expect(src.platformId).toBe(prod.id);
    await s.getState().remove(prod.id);
    expect(s.getState().items).toEqual([]);
    expect((await ec.client.call('sources.get', { id: src.id })).platformId).toBeNull();
  });

  it('refuses an empty name with VALIDATION_ERROR naming the field', async () => {
    const s = createPlatformsStore(() => ec.client);
    await expect(s.getState().create({ name: '' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'name' } });
  });
});

describe('platforms store when the engine goes away', () => {
  it('goes to the error state and keeps the items it already loaded', async () => {
    const ec = engineClient();
    try {
      let client = ec.client;
      const s = createPlatformsStore(() => client);
      await s.getState().create({ name: 'Production' });
      await s.getState().load();
      client = unreachableClient();
      await s.getState().load();
      expect(s.getState().status).toBe('error');
      expect(s.getState().error).toContain('Cannot reach Watchpost');
      expect(s.getState().items.map((p) => p.name)).toEqual(['Production']);
    } finally {
      await ec.close();
    }
  });
});
