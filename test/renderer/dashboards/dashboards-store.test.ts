import { describe, expect, it, vi } from 'vitest';
import { ClientError } from '../../../renderer/src/client.ts';
import type { WatchpostClient } from '../../../renderer/src/client.ts';
import { createDashboardsStore } from '../../../renderer/src/features/dashboards/dashboards-store.ts';
import { addPanel } from '../../../renderer/src/features/dashboards/dashboard-edit.ts';
import { createSavedSearchesStore } from '../../../renderer/src/stores/saved-searches-store.ts';
import type { NumberData } from '../../../shared/types.ts';
import { useEngineClientEach } from '../engine-client.ts';
import type { EngineClient } from '../engine-client.ts';

describe('dashboards store (real engine)', () => {
  let ec: EngineClient;
  useEngineClientEach((c) => (ec = c));

  /** Nine events a minute apart before now (six on web-01 first); returns that now. */
  async function seed(): Promise<number> {
    const src = await ec.client.call('sources.create', { name: 'Web', rateLimit: 100_000 });
    const { key } = await ec.client.call('sources.generateKey', { id: src.id });
    const now = Date.now();
    const lines = Array.from({ length: 9 }, (_, i) => ({
      timestamp: new Date(now - (i + 1) * 60_000).toISOString(),
      host: i < 6 ? 'web-01' : 'web-02',
      message: 'GET /',
    }));
    expect(await ec.ingest(key, lines)).toBe(200);
    return now;
  }

  const count = (s: ReturnType<typeof createDashboardsStore>, panelId: string): number | undefined =>
    (s.getState().results[panelId]?.data as NumberData | undefined)?.count;

  it('shows a dashboard for its filters, and only the newest of two overlapping refreshes lands', async () => {
    const now = await seed();
    const s = createDashboardsStore(() => ec.client);
    const d = await ec.client.call('dashboards.create', { name: 'Web', panels: [{ id: 'n', title: 'web-01', kind: 'number', query: 'host:web-01' }] });
    // The first refresh also starts the engine's search workers: on a loaded machine that alone can
    // take longer than vi.waitFor's default second.
    await vi.waitFor(
      async () => {
        await s.getState().open(d.id, (x) => x.filters);
        await s.getState().refresh();
        expect(count(s, 'n')).toBe(6);
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(s.getState().resolved).not.toBeNull();

    // A refresh keeps the old numbers on screen while it runs.
    const pending = s.getState().refresh();
    expect(s.getState().refreshing).toBe(true);
    expect(count(s, 'n')).toBe(6);
    await pending;

    // Filters change while an older request is in flight: the older answer is dropped.
    const older = s.getState().refresh();
    const last3Min = { from: new Date(now - 210_000).toISOString(), to: new Date(now + 60_000).toISOString() };
    await s.getState().open(d.id, (x) => ({ ...x.filters, ...last3Min }));
    await older;
    expect(count(s, 'n')).toBe(3);
    expect(s.getState().refreshing).toBe(false);
  });

  it('saves each edit at once and undoes the last one', async () => {
    const s = createDashboardsStore(() => ec.client);
    const d = await s.getState().create({ name: 'Scratch', panels: [] });
    await s.getState().open(d.id, (x) => x.filters);
    await s.getState().savePanels(addPanel([], { title: 'Hosts', kind: 'top', field: 'host' }));
    await s.getState().savePanels(addPanel(s.getState().current!.panels, { title: 'All', kind: 'number' }));
    expect((await ec.client.call('dashboards.get', { id: d.id })).panels.map((p) => p.title)).toEqual(['Hosts', 'All']);
    expect(s.getState().undo).toHaveLength(2);
    await s.getState().undoLast();
    expect((await ec.client.call('dashboards.get', { id: d.id })).panels.map((p) => p.title)).toEqual(['Hosts']);
    expect(s.getState().current!.panels.map((p) => p.title)).toEqual(['Hosts']);
    await s.getState().undoLast();
    expect(s.getState().current!.panels).toEqual([]);
    expect(s.getState().undo).toEqual([]);
    expect(s.getState().list.map((x) => x.name)).toContain('Scratch');
  });

  it('an Undo clicked while the edited panels still load undoes that edit, not the one before', async () => {
    // Panel data is held back until released: the window in which a user sees the new layout but its numbers still load.
    let release: () => void = () => undefined;
    let held = false;
    const slow: WatchpostClient = {
      ...ec.client,
      call: (method, input, opts) => {
        if (method !== 'dashboards.data' || !held) return ec.client.call(method, input, opts);
        return new Promise<void>((r) => (release = r)).then(() => ec.client.call(method, input, opts));
      },
    };
    const s = createDashboardsStore(() => slow);
    const d = await s.getState().create({ name: 'Scratch', panels: [] });
    await s.getState().open(d.id, (x) => x.filters);
    await s.getState().savePanels(addPanel([], { title: 'Hosts', kind: 'top', field: 'host' }));
    held = true;
    const saving = s.getState().savePanels(addPanel(s.getState().current!.panels, { title: 'All', kind: 'number' }));
    await vi.waitFor(() => expect(s.getState().current!.panels.map((p) => p.title)).toEqual(['Hosts', 'All']));
    const undoing = s.getState().undoLast();
    release();
    await saving;
    await vi.waitFor(() => expect(s.getState().current!.panels.map((p) => p.title)).toEqual(['Hosts']));
    release();
    await undoing;
    expect((await ec.client.call('dashboards.get', { id: d.id })).panels.map((p) => p.title)).toEqual(['Hosts']);
    expect(s.getState().undo).toHaveLength(1);
  });

  it("refuses an import that is not a dashboard with the engine's clear error, and keeps the list as it was", async () => {
    const s = createDashboardsStore(() => ec.client);
    await s.getState().loadList();
    const before = s.getState().list.map((x) => x.id);
    const err = await s
      .getState()
      .importFile({ format: 'watchpost-dashboard', version: 1, dashboard: { name: 'Bad', panels: [{ title: 'Pie', kind: 'pie' as never }] } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect((err as ClientError).code).toBe('VALIDATION_ERROR');
    expect((err as ClientError).message).toMatch(/kind/);
    expect(s.getState().list.map((x) => x.id)).toEqual(before);
  });
});

describe('saved searches store (real engine)', () => {
  let ec: EngineClient;
  useEngineClientEach((c) => (ec = c));

  it('creates, lists by name, renames and deletes; a duplicate name is refused', async () => {
    const s = createSavedSearchesStore(() => ec.client);
    await s.getState().load();
    expect(s.getState().items).toEqual([]);
    await s.getState().create({ name: 'Web errors', query: 'severity:error', from: '1h', to: 'now', columns: ['raw.status'], sort: 'newest' });
    const a = await s.getState().create({ name: 'auth failures', query: 'category:auth outcome:failure' });
    expect(s.getState().items.map((x) => x.name)).toEqual(['auth failures', 'Web errors']);
    expect(s.getState().items[1]).toMatchObject({ from: '1h', to: 'now', columns: ['raw.status'] });
    await expect(s.getState().create({ name: 'WEB ERRORS' })).rejects.toBeInstanceOf(ClientError);
    await s.getState().update(a.id, { name: 'Zed' });
    expect(s.getState().items.map((x) => x.name)).toEqual(['Web errors', 'Zed']);
    await s.getState().remove(a.id);
    await s.getState().load();
    expect(s.getState().items.map((x) => x.name)).toEqual(['Web errors']);
  });
});
