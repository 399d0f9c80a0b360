import { describe, expect, it } from 'vitest';
import { createLogViewerStore } from '../../../renderer/src/features/log-viewer/log-viewer-store.ts';
import type { LogViewerOptions } from '../../../renderer/src/features/log-viewer/log-viewer-store.ts';
import { WIDTHS_STORAGE_KEY } from '../../../renderer/src/features/log-viewer/log-viewer-columns.ts';
import { OLDEST_FIRST_MAX } from '../../../renderer/src/features/log-viewer/log-viewer-fetch.ts';
import { MemoryEngine, makeEvent, memoryStorage } from './memory-engine.ts';

const NOW = Date.parse('2026-04-17T12:00:00.000Z');

function setup(count: number, options: Partial<LogViewerOptions> = {}, storage = memoryStorage()) {
  const engine = new MemoryEngine();
  engine.add(Array.from({ length: count }, (_, i) => makeEvent(i, NOW - (count - i) * 1000)));
  const downloads: { blob: Blob; fileName: string }[] = [];
  const store = createLogViewerStore({
    client: () => engine.client(),
    storage,
    now: () => NOW,
    download: (blob, fileName) => downloads.push({ blob, fileName }),
    options: { pageSize: 10, maxPagesInMemory: 3, prefetchRows: 5, ...options },
  });
  return { engine, store, storage, downloads };
}

describe('log viewer store: query state', () => {
  it('pins a relative range at search time and sends q/from/to/limit', async () => {
    const { engine, store } = setup(25);
    store.getState().setDraft('  host:web-01  ');
    await store.getState().submit();
    const s = store.getState();
    expect(s.query).toBe('host:web-01');
    expect(s.pinned).toEqual({ from: '2026-04-16T12:00:00.000Z', to: '2026-04-17T12:00:00.000Z' });
    expect(engine.callsOf('events.search')[0]!.input).toEqual({ q: 'host:web-01', from: s.pinned!.from, to: s.pinned!.to, limit: 10 });
    expect(engine.callsOf('events.histogram')[0]!.input).toMatchObject({ q: 'host:web-01', buckets: 60 });
    expect(engine.callsOf('events.fields')).toHaveLength(1);
    expect(s.status).toBe('ready');
  });

  it('asks for histogram and field counts only after the first page has arrived', async () => {
    const { engine, store } = setup(25);
    let release!: () => void;
    engine.gate = new Promise((r) => (release = r));
    const running = store.getState().search();
    await new Promise((r) => setTimeout(r, 0));
    expect(engine.calls.map((c) => c.method)).toEqual(['events.search']);
    engine.gate = null;
    release();
    await running;
    expect(engine.calls.map((c) => c.method)).toEqual(['events.search', 'events.histogram', 'events.fields']);
  });

  it('keeps the draft separate from the applied query until submit', async () => {
    const { store } = setup(5);
    await store.getState().search();
    store.getState().setDraft('login');
    expect(store.getState().query).toBe('');
    expect(store.getState().draft).toBe('login');
  });

  it('totals the histogram by severity and reports an empty result as ready with zero rows', async () => {
    const { store } = setup(0);
    await store.getState().search();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().rowCount()).toBe(0);
    expect(store.getState().total).toBe(0);
    expect(store.getState().rows.done).toBe(true);
  });

  it('setRange with an absolute range searches exactly that range', async () => {
    const { engine, store } = setup(30);
    await store.getState().setRange({ from: '2026-04-17T11:59:40.000Z', to: '2026-04-17T11:59:50.000Z' });
    expect(engine.callsOf('events.search').at(-1)!.input).toMatchObject({ from: '2026-04-17T11:59:40.000Z', to: '2026-04-17T11:59:50.000Z' });
    expect(store.getState().rowCount()).toBe(10);
    expect(store.getState().total).toBe(11);
  });

  it('applySearch (a link) sets query, range, columns and sort, searches, and shows the linked event', async () => {
    const { engine, store } = setup(30);
    await store.getState().applySearch({ q: 'web', range: { from: '2026-04-17T11:59:40.000Z', to: 'now' }, columns: ['raw.seq'], event: '12', sort: 'newest' });
    const s = store.getState();
    expect(s.draft).toBe('web');
    expect(s.query).toBe('web');
    expect(s.columns).toEqual(['raw.seq']);
    expect(engine.callsOf('events.search').at(-1)!.input).toMatchObject({ q: 'web', from: '2026-04-17T11:59:40.000Z', to: '2026-04-17T12:00:00.000Z' });
    expect(s.detail).toMatchObject({ id: '12', status: 'ready' });
    expect(store.getState().searchState()).toEqual({
      q: 'web',
      range: { from: '2026-04-17T11:59:40.000Z', to: 'now' },
      columns: ['raw.seq'],
      event: '12',
      sort: 'newest',
    });
  });

  it('columns belong to the search: a new search starts without them', async () => {
    const { store } = setup(5);
    await store.getState().search();
    store.getState().toggleColumn('raw.seq');
    store.getState().setDraft('event');
    await store.getState().submit();
    expect(store.getState().columns).toEqual(['raw.seq']);
    await store.getState().newSearch();
    expect(store.getState().columns).toEqual([]);
    expect(store.getState().query).toBe('');
    expect(store.getState().range).toEqual({ from: '24h', to: 'now' });
  });

  it('counts matches newer than the results for a range ending now, and a re-run clears the count', async () => {
    let now = NOW;
    const engine = new MemoryEngine();
    engine.add([makeEvent(1, NOW - 5000)]);
    const store = createLogViewerStore({ client: () => engine.client(), storage: null, now: () => now });
    await store.getState().search();
    engine.add([makeEvent(2, NOW + 1000), makeEvent(3, NOW + 2000)]);
    now = NOW + 3000;
    await store.getState().countNew();
    expect(store.getState().newCount).toBe(2);
    expect(engine.callsOf('events.histogram').at(-1)!.input).toMatchObject({ from: '2026-04-17T12:00:00.000Z', buckets: 1 });
    await store.getState().refreshIfRelative();
    expect(store.getState().newCount).toBe(0);
    expect(store.getState().rowCount()).toBe(3);
    // An absolute range does not grow: no count, and refreshIfRelative leaves it alone.
    await store.getState().setRange({ from: '2026-04-17T11:00:00.000Z', to: '2026-04-17T11:59:59.000Z' });
    const searches = engine.callsOf('events.search').length;
    await store.getState().countNew();
    await store.getState().refreshIfRelative();
    expect(store.getState().newCount).toBe(0);
    expect(engine.callsOf('events.search')).toHaveLength(searches);
  });

  it('a finished export message is cleared by the next search; a running one is kept', async () => {
    const { store } = setup(3);
    await store.getState().search();
    await store.getState().startExport('csv');
    expect(store.getState().export?.status).toBe('done');
    await store.getState().search();
    expect(store.getState().export).toBeNull();
  });

  it("shows a field's top values for the current results and hides them on a second click", async () => {
    const { engine, store } = setup(6);
    await store.getState().search();
    await store.getState().toggleTop('raw.request.status');
    expect(engine.callsOf('events.top')[0]!.input).toMatchObject({ field: 'raw.request.status', q: '' });
    expect(store.getState().top).toMatchObject({ field: 'raw.request.status', status: 'ready' });
    expect(store.getState().top!.values!.values[0]).toEqual({ value: '200', count: 2 });
    await store.getState().toggleTop('raw.request.status');
    expect(store.getState().top).toBeNull();
  });

  it('filterOn appends an exact clause and re-runs the search', async () => {
    const { engine, store } = setup(5);
    store.getState().setDraft('login');
    await store.getState().submit();
    await store.getState().filterOn('host', 'web 01');
    expect(store.getState().query).toBe('login host:="web 01"');
    expect(store.getState().draft).toBe('login host:="web 01"');
    expect(engine.callsOf('events.search').at(-1)!.input.q).toBe('login host:="web 01"');
  });
});

describe('log viewer store: paging by cursor', () => {
  it('loads only the first page, then the next page by cursor when the grid nears the end', async () => {
    const { engine, store } = setup(35);
    await store.getState().search();
    expect(store.getState().rowCount()).toBe(10);
    store.getState().ensureRows(0, 3);
    expect(engine.callsOf('events.search')).toHaveLength(1);
    store.getState().ensureRows(0, 6);
    await store.getState().loadNextPage();
    await new Promise((r) => setTimeout(r, 0));
    const searches = engine.callsOf('events.search');
    expect(searches).toHaveLength(2);
    expect(searches[1]!.input.cursor).toBe('c:10');
    expect(store.getState().rowCount()).toBe(20);
    expect(store.getState().rowAt(15)!.id).toBe(engine.events[15]!.id);
  });

  it('stops when the server returns no next cursor', async () => {
    const { engine, store } = setup(12);
    await store.getState().search();
    await store.getState().loadNextPage();
    await store.getState().loadNextPage();
    expect(store.getState().rows.done).toBe(true);
    expect(store.getState().rowCount()).toBe(12);
    expect(engine.callsOf('events.search')).toHaveLength(2);
  });

  it('holds at most maxPagesInMemory pages and refetches a dropped page by its cursor', async () => {
    const { engine, store } = setup(60);
    await store.getState().search();
    for (let i = 0; i < 4; i++) await store.getState().loadNextPage();
    const s = store.getState();
    expect(s.rowCount()).toBe(50);
    expect(s.rows.pages.size).toBe(3);
    expect(s.rowAt(0)).toBeUndefined();
    expect(s.rowAt(45)!.id).toBe(engine.events[45]!.id);
    const before = engine.callsOf('events.search').length;
    store.getState().ensureRows(0, 9);
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    const refetch = engine.callsOf('events.search').slice(before);
    expect(refetch).toHaveLength(1);
    expect(refetch[0]!.input.cursor).toBeUndefined();
    expect(store.getState().rowAt(0)!.id).toBe(engine.events[0]!.id);
    expect(store.getState().rows.pages.size).toBe(3);
  });

  it('caps scroll depth at maxRows and flags it', async () => {
    const { store } = setup(100, { maxRows: 30 });
    await store.getState().search();
    for (let i = 0; i < 5; i++) await store.getState().loadNextPage();
    expect(store.getState().rowCount()).toBe(30);
    expect(store.getState().capped).toBe(true);
  });

  it('ignores responses of a search that a newer search replaced', async () => {
    const { engine, store } = setup(20);
    let release!: () => void;
    engine.gate = new Promise((r) => (release = r));
    store.getState().setDraft('logout');
    const first = store.getState().submit();
    engine.gate = null;
    store.getState().setDraft('');
    const second = store.getState().submit();
    release();
    await Promise.all([first, second]);
    expect(store.getState().query).toBe('');
    expect(store.getState().rowCount()).toBe(10);
    expect(store.getState().total).toBe(20);
  });
});

describe('log viewer store: errors', () => {
  it('points at a syntax error with the shared grammar before any request', async () => {
    const { engine, store } = setup(5);
    store.getState().setDraft('host:web (login');
    await store.getState().submit();
    const s = store.getState();
    expect(s.status).toBe('error');
    expect(s.queryError).toEqual({ message: "missing ')' for the '(' at position 9", position: 9 });
    expect(s.error).toBeNull();
    expect(engine.calls).toHaveLength(0);
    store.getState().setDraft('nosuchfield:x');
    await store.getState().submit();
    expect(store.getState().queryError!.position).toBe(0);
    expect(store.getState().queryError!.message).toMatch(/unknown field 'nosuchfield'/);
  });

  it("turns the engine's VALIDATION_ERROR into an inline error at the position it names", async () => {
    const { engine, store } = setup(5);
    engine.failNext = { code: 'VALIDATION_ERROR', message: 'regex too complex', details: { position: 6 } };
    store.getState().setDraft('login host:web');
    await store.getState().submit();
    const s = store.getState();
    expect(s.status).toBe('error');
    expect(s.queryError).toEqual({ message: 'regex too complex', position: 6 });
    expect(engine.callsOf('events.fields')).toHaveLength(0);
  });

  it('clamps a position past the end and tolerates a missing one', async () => {
    const { engine, store } = setup(5);
    engine.failNext = { code: 'VALIDATION_ERROR', message: 'bad', details: { position: 99 } };
    store.getState().setDraft('abc');
    await store.getState().submit();
    expect(store.getState().queryError).toEqual({ message: 'bad', position: 3 });
    engine.failNext = { code: 'VALIDATION_ERROR', message: 'bad range' };
    await store.getState().submit();
    expect(store.getState().queryError).toEqual({ message: 'bad range', position: null });
  });

  it('a later good query clears the error', async () => {
    const { store } = setup(5);
    store.getState().setDraft('(');
    await store.getState().submit();
    expect(store.getState().queryError).not.toBeNull();
    store.getState().setDraft('login');
    await store.getState().submit();
    expect(store.getState().queryError).toBeNull();
    expect(store.getState().status).toBe('ready');
  });

  it('a failed next page keeps the rows, reports the error, and a retry continues by cursor', async () => {
    const { engine, store } = setup(25);
    await store.getState().search();
    engine.failNext = { code: 'INTERNAL', message: 'database is locked' };
    await store.getState().loadNextPage();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().error).toBe('database is locked');
    expect(store.getState().rowCount()).toBe(10);
    await store.getState().loadNextPage();
    expect(store.getState().error).toBeNull();
    expect(store.getState().rowCount()).toBe(20);
    expect(
      engine
        .callsOf('events.search')
        .slice(1)
        .map((c) => c.input.cursor),
    ).toEqual(['c:10', 'c:10']);
  });

  it('other failures become the error state with the message', async () => {
    const { engine, store } = setup(5);
    engine.failNext = { code: 'INTERNAL', message: 'database is locked' };
    await store.getState().search();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toBe('database is locked');
    expect(store.getState().queryError).toBeNull();
  });
});

describe('log viewer store: columns, selection, detail', () => {
  it('keeps column widths (clamped) in storage across store instances and ignores junk', () => {
    const storage = memoryStorage();
    const { store } = setup(1, {}, storage);
    store.getState().setWidth('host', 300.4);
    store.getState().setWidth('raw.seq', 5);
    expect(JSON.parse(storage.map.get(WIDTHS_STORAGE_KEY)!)).toEqual({ host: 300, 'raw.seq': 48 });
    expect(setup(1, {}, storage).store.getState().widths).toEqual({ host: 300, 'raw.seq': 48 });
    storage.map.set(WIDTHS_STORAGE_KEY, '{not json');
    expect(setup(1, {}, storage).store.getState().widths).toEqual({});
  });

  it('moves the selection within bounds and opens the detail from the full record', async () => {
    const { engine, store } = setup(3);
    await store.getState().search();
    store.getState().moveSelection(1);
    expect(store.getState().selected).toBe(0);
    store.getState().moveSelection(1);
    store.getState().moveSelection(1);
    store.getState().moveSelection(1);
    expect(store.getState().selected).toBe(2);
    store.getState().moveSelection(-5);
    expect(store.getState().selected).toBe(0);
    await store.getState().openDetail();
    expect(store.getState().detail).toMatchObject({ id: engine.events[0]!.id, status: 'ready' });
    expect(engine.callsOf('events.get')[0]!.input).toEqual({ id: engine.events[0]!.id });
    store.getState().closeDetail();
    expect(store.getState().detail).toBeNull();
  });
});

describe('log viewer store: oldest first', () => {
  it('turns the whole result around, paged for the grid, and refuses a result over the cap', async () => {
    const { engine, store } = setup(25);
    await store.getState().setSort('oldest');
    const s = store.getState();
    expect(s.status).toBe('ready');
    expect(s.rowCount()).toBe(25);
    expect(s.rowAt(0)!.id).toBe(engine.events.at(-1)!.id);
    expect(s.rowAt(24)!.id).toBe(engine.events[0]!.id);
    expect(s.rows.done).toBe(true);
    expect(engine.callsOf('events.search').at(-1)!.input).toMatchObject({ limit: 1000 });
    expect(store.getState().searchState().sort).toBe('oldest');
    store.getState().setLiveTail(true);
    expect(store.getState().liveTail).toBe(false);

    const big = setup(0);
    big.engine.add(Array.from({ length: OLDEST_FIRST_MAX + 1 }, (_, i) => makeEvent(i, NOW - 1000 - i)));
    await big.store.getState().setSort('oldest');
    expect(big.store.getState().status).toBe('error');
    expect(big.store.getState().error).toContain('Oldest first works up to 10,000 events');
  });
});
