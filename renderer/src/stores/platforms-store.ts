/** Platforms: groups of log sources used for rule scope and Source Health filtering. */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { WatchpostClient } from '../client.ts';
import type { Platform, PlatformInput } from '../../../shared/types.ts';
import { getClient } from '../app-client.ts';
import { errorMessage } from './load-state.ts';
import type { LoadStatus } from './load-state.ts';

export interface PlatformsState {
  items: Platform[];
  status: LoadStatus;
  error: string | null;
  load(): Promise<void>;
  create(input: PlatformInput): Promise<Platform>;
  update(id: string, patch: Partial<PlatformInput>): Promise<Platform>;
  remove(id: string): Promise<void>;
}

function byName(a: Platform, b: Platform): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}

export function createPlatformsStore(client: () => WatchpostClient): StoreApi<PlatformsState> {
  return createStore<PlatformsState>()((set, get) => ({
    items: [],
    status: 'idle',
    error: null,
    async load() {
      set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
      try {
        const { items } = await client().call('platforms.list', {});
        set({ items: items.slice().sort(byName), status: 'ready' });
      } catch (err) {
        set({ status: 'error', error: errorMessage(err) });
      }
    },
    async create(input) {
      const platform = await client().call('platforms.create', input, { idempotencyKey: crypto.randomUUID() });
      set({ items: [...get().items.filter((p) => p.id !== platform.id), platform].sort(byName) });
      return platform;
    },
    async update(id, patch) {
      const platform = await client().call('platforms.update', { id, ...patch });
      set({
        items: get()
          .items.map((p) => (p.id === id ? platform : p))
          .sort(byName),
      });
      return platform;
    },
    async remove(id) {
      await client().call('platforms.delete', { id });
      set({ items: get().items.filter((p) => p.id !== id) });
    },
  }));
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
