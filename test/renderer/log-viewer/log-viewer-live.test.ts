import { describe, expect, it } from 'vitest';
import { createLogViewerStore } from '../../../renderer/src/features/log-viewer/log-viewer-store.ts';
import { MemoryEngine, makeEvent } from './memory-engine.ts';

let now = Date.parse('2026-04-17T12:00:00.000Z');

function setup(count: number) {
  const engine = new MemoryEngine();
  engine.add(Array.from({ length: count }, (_, i) => makeEvent(i, now - (count - i) * 1000)));
  const store = createLogViewerStore({
    client: () => engine.client(),
    storage: null,
    now: () => now,
    options: { pageSize: 10, tailIntervalMs: 0, maxHeadRows: 15 },
  });
  return { engine, store };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('live tail', () => {
  it('puts newer events above page 0 on each events push, keeping selection on the same row', async () => {
    const { engine, store } = setup(12);
    await store.getState().search();
    store.getState().select(2);
    const selectedId = store.getState().rowAt(2)!.id;
    store.getState().setLiveTail(true);
    await settle();
    expect(store.getState().liveTail).toBe(true);
    expect(store.getState().rows.head).toHaveLength(0);

    now += 5000;
    engine.add([makeEvent(100, now - 2000), makeEvent(101, now - 1000)]);
    engine.push('events', { count: 2, sourceIds: ['ls_web'], newestAt: new Date(now).toISOString() });
    await settle();
    const s = store.getState();
    expect(s.rows.head.map((e) => e.id)).toEqual(['101', '100']);
    expect(s.rowAt(0)!.id).toBe('101');
    expect(s.tailAdded).toBe(2);
    expect(s.total).toBe(14);
    expect(s.rowAt(s.selected!)!.id).toBe(selectedId);
    const tailCall = engine.callsOf('events.search').at(-1)!;
    expect(tailCall.input).toMatchObject({ from: s.pinned!.from, to: new Date(now).toISOString() });
  });

  it('re-runs the search when more arrived than one page can bridge', async () => {
    const { engine, store } = setup(5);
    await store.getState().search();
    store.getState().setLiveTail(true);
    await settle();
    now += 60_000;
    engine.add(Array.from({ length: 12 }, (_, i) => makeEvent(200 + i, now - 30_000 + i * 1000)));
    engine.push('events', { count: 12, sourceIds: ['ls_web'], newestAt: new Date(now).toISOString() });
    await settle();
    const s = store.getState();
    expect(s.rows.head).toHaveLength(0);
    expect(s.rowAt(0)!.id).toBe('211');
    expect(s.pinned!.to).toBe(new Date(now).toISOString());
  });

  it('stops listening when turned off and refuses absolute ranges', async () => {
    const { engine, store } = setup(3);
    await store.getState().search();
    store.getState().setLiveTail(true);
    store.getState().setLiveTail(false);
    expect(engine.listeners.get('events')!.size).toBe(0);
    await store.getState().setRange({ from: '2026-04-17T00:00:00.000Z', to: '2026-04-17T01:00:00.000Z' });
    store.getState().setLiveTail(true);
    expect(store.getState().liveTail).toBe(false);
  });
});
