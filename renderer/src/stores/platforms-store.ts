/** Platforms: groups of log sources used for rule scope and Source Health filtering. */
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { WatchpostClient } from '../client.ts';
import type { Platform, PlatformInput } from '../../../shared/types.ts';
import { getClient } from '../app-client.ts';
import { createNamedListStore } from './named-list-store.ts';
import type { NamedListState } from './named-list-store.ts';

export type PlatformsState = NamedListState<Platform, PlatformInput>;

export function createPlatformsStore(client: () => WatchpostClient): StoreApi<PlatformsState> {
  return createNamedListStore<Platform, PlatformInput>(client, {
    list: (c) => c.call('platforms.list', {}),
    create: (c, input, idempotencyKey) => c.call('platforms.create', input, { idempotencyKey }),
    update: (c, id, patch) => c.call('platforms.update', { id, ...patch }),
    remove: (c, id) => c.call('platforms.delete', { id }),
  });
}

export const platformsStore = createPlatformsStore(getClient);

export function usePlatforms<T>(selector: (s: PlatformsState) => T): T {
  return useStore(platformsStore, selector);
}

/** Name of a platform id for display; null/unknown ids read as "—". */
export function platformName(items: Platform[], id: string | null): string {
  if (!id) return '—';
  return items.find((p) => p.id === id)?.name ?? '—';
}
