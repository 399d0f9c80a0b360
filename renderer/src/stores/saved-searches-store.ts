/** Saved searches (issue 14): named Log Viewer searches, opened from the Log Viewer and used by dashboard panels. */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { WatchpostClient } from '../client.ts';
import type { SavedSearch, SavedSearchInput } from '../../../shared/types.ts';
import { getClient } from '../app-client.ts';
import { errorMessage } from './load-state.ts';
import type { LoadStatus } from './load-state.ts';

export interface SavedSearchesState {
  items: SavedSearch[];
  status: LoadStatus;
  error: string | null;
  load(): Promise<void>;
  create(input: SavedSearchInput): Promise<SavedSearch>;
  update(id: string, patch: Partial<SavedSearchInput>): Promise<SavedSearch>;
  remove(id: string): Promise<void>;
}

function byName(a: SavedSearch, b: SavedSearch): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}

export function createSavedSearchesStore(client: () => WatchpostClient): StoreApi<SavedSearchesState> {
  return createStore<SavedSearchesState>()((set, get) => ({
    items: [],
    status: 'idle',
    error: null,
    async load() {
      set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
      try {
        const { items } = await client().call('savedSearches.list', {});
        set({ items: items.slice().sort(byName), status: 'ready' });
      } catch (err) {
        set({ status: 'error', error: errorMessage(err) });
      }
    },
    async create(input) {
      const saved = await client().call('savedSearches.create', input, { idempotencyKey: crypto.randomUUID() });
      set({ items: [...get().items.filter((s) => s.id !== saved.id), saved].sort(byName) });
      return saved;
    },
    async update(id, patch) {
      const saved = await client().call('savedSearches.update', { id, ...patch });
      set({
        items: get()
          .items.map((s) => (s.id === id ? saved : s))
          .sort(byName),
      });
      return saved;
    },
    async remove(id) {
      await client().call('savedSearches.delete', { id });
      set({ items: get().items.filter((s) => s.id !== id) });
    },
  }));
}

export const savedSearchesStore = createSavedSearchesStore(getClient);

export function useSavedSearches<T>(selector: (s: SavedSearchesState) => T): T {
  return useStore(savedSearchesStore, selector);
}
