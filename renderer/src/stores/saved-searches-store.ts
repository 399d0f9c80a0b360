/** Saved searches (issue 14): named Log Viewer searches, opened from the Log Viewer and used by dashboard panels. */
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { WatchpostClient } from '../client.ts';
import type { SavedSearch, SavedSearchInput } from '../../../shared/types.ts';
import { getClient } from '../app-client.ts';
import { createNamedListStore } from './named-list-store.ts';
import type { NamedListState } from './named-list-store.ts';

export type SavedSearchesState = NamedListState<SavedSearch, SavedSearchInput>;

export function createSavedSearchesStore(client: () => WatchpostClient): StoreApi<SavedSearchesState> {
  return createNamedListStore<SavedSearch, SavedSearchInput>(client, {
    list: (c) => c.call('savedSearches.list', {}),
    create: (c, input, idempotencyKey) => c.call('savedSearches.create', input, { idempotencyKey }),
    update: (c, id, patch) => c.call('savedSearches.update', { id, ...patch }),
    remove: (c, id) => c.call('savedSearches.delete', { id }),
  });
}

export const savedSearchesStore = createSavedSearchesStore(getClient);

export function useSavedSearches<T>(selector: (s: SavedSearchesState) => T): T {
  return useStore(savedSearchesStore, selector);
}
