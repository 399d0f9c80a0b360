import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/engine/clock.ts';
import { createRulesStore } from '../../../renderer/src/stores/rules-store.ts';
import { engineClient } from '../engine-client.ts';
import type { EngineClient } from '../engine-client.ts';

let ec: EngineClient;
beforeEach(() => {
  ec = engineClient({ clock: new ManualClock() });
});
afterEach(async () => ec.close());

async function source(name: string) {
  const s = await ec.client.call('sources.create', { name, rateLimit: 10_000 });
  const { key } = await ec.client.call('sources.generateKey', { id: s.id });
  return { id: s.id, key };
}

describe('rules store', () => {
  it('creates, lists sorted, updates and deletes rules over the real engine', async () => {
    const store = createRulesStore(() => ec.client);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', items: [] });
    const b = await store.getState().create({ name: 'b rule', severity: 'warn', ruleType: 'pattern', patternField: 'message', patternValue: 'x' });
    await store.getState().create({ name: 'A rule', severity: 'error', ruleType: 'absence', absenceWindowMinutes: 5 });
    expect(store.getState().items.map((r) => r.name)).toEqual(['A rule', 'b rule']);
    const updated = await store.getState().update(b.id, { active: false });
    expect(updated.active).toBe(false);
    expect(store.getState().items.find((r) => r.id === b.id)!.active).toBe(false);
    await store.getState().remove(b.id);
    expect(store.getState().items.map((r) => r.name)).toEqual(['A rule']);
  });

  it('surfaces a VALIDATION_ERROR from create with the field it names', async () => {
    const store = createRulesStore(() => ec.client);
    await expect(store.getState().create({ name: 'r', severity: 'warn', ruleType: 'pattern', patternField: 'nope', patternValue: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { field: 'patternField' },
    });
  });

  it('previews a draft over stored events and keeps recent alerts live from the stream', async () => {
    const store = createRulesStore(() => ec.client);
    const disconnect = store.getState().connect();
    const src = await source('web');
    expect(await ec.ingest(src.key, [{ message: 'disk full' }, { message: 'ok' }, { message: 'DISK FULL again' }])).toBe(200);
    await store.getState().runPreview({ name: 'd', severity: 'warn', ruleType: 'pattern', patternField: 'message', patternValue: 'disk full' });
    const p = store.getState().preview;
    expect(p.state === 'done' && p.result).toMatchObject({ wouldFire: 1, matchedEvents: 2 });
    await store.getState().runPreview({ name: 'd', severity: 'warn', ruleType: 'pattern', patternField: 'message', patternValue: '/(/' });
    expect(store.getState().preview).toMatchObject({ state: 'error', error: { code: 'VALIDATION_ERROR' } });
    store.getState().clearPreview();

    const rule = await store.getState().create({ name: 'disk', severity: 'error', ruleType: 'pattern', patternField: 'message', patternValue: 'disk full' });
    await store.getState().loadRecent(rule.id);
    expect(store.getState().recent[rule.id]).toMatchObject({ status: 'ready', items: [] });
    await ec.ingest(src.key, [{ message: 'disk full' }]);
    expect(store.getState().recent[rule.id]!.items).toHaveLength(1);
    expect(store.getState().recent[rule.id]!.items[0]).toMatchObject({ ruleId: rule.id, status: 'open', eventCount: 1 });
    disconnect();
  });
});
