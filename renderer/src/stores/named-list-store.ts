/**
 * A list of named config records kept sorted by name (platforms, saved searches): load, create,
 * update, remove through the client. One implementation so every such list loads, sorts and
 * reports errors the same way.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { WatchpostClient } from '../client.ts';
import { errorMessage } from './load-state.ts';
import type { LoadStatus } from './load-state.ts';

export interface NamedListState<T, I> {
  items: T[];
  status: LoadStatus;
  error: string | null;
  load(): Promise<void>;
  create(input: I): Promise<T>;
  update(id: string, patch: Partial<I>): Promise<T>;
  remove(id: string): Promise<void>;
}

/** How one kind of record travels: its four client calls. */
interface NamedListApi<T, I> {
  list(c: WatchpostClient): Promise<{ items: T[] }>;
  create(c: WatchpostClient, input: I, idempotencyKey: string): Promise<T>;
  update(c: WatchpostClient, id: string, patch: Partial<I>): Promise<T>;
  remove(c: WatchpostClient, id: string): Promise<unknown>;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}

export function createNamedListStore<T extends { id: string; name: string }, I>(
  client: () => WatchpostClient,
  api: NamedListApi<T, I>,
): StoreApi<NamedListState<T, I>> {
  return createStore<NamedListState<T, I>>()((set, get) => ({
    items: [],
    status: 'idle',
    error: null,
    async load() {
      set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
      try {
        const { items } = await api.list(client());
        set({ items: items.slice().sort(byName), status: 'ready' });
      } catch (err) {
        set({ status: 'error', error: errorMessage(err) });
      }
    },
    async create(input) {
      const item = await api.create(client(), input, crypto.randomUUID());
      set({ items: [...get().items.filter((x) => x.id !== item.id), item].sort(byName) });
      return item;
    },
    async update(id, patch) {
      const item = await api.update(client(), id, patch);
      set({
        items: get()
          .items.map((x) => (x.id === id ? item : x))
          .sort(byName),
      });
      return item;
    },
    async remove(id) {
      await api.remove(client(), id);
      set({ items: get().items.filter((x) => x.id !== id) });
    },
  }));
}
