/**
 * Log sources and their ingest keys. The plaintext key from generate/rotate lives here only while
 * the one-time popout is open: `dismissKey()` drops it and nothing else ever holds it.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { WatchpostClient } from '../client.ts';
import type { GeneratedKey, LogSource, LogSourceInput } from '../../../shared/types.ts';
import { getClient } from '../app-client.ts';
import { errorMessage } from './load-state.ts';
import type { LoadStatus } from './load-state.ts';

export interface RevealedKey extends GeneratedKey {
  sourceId: string;
  action: 'generated' | 'rotated';
}

export interface SourcesState {
  items: LogSource[];
  status: LoadStatus;
  error: string | null;
  revealedKey: RevealedKey | null;
  load(): Promise<void>;
  /** Fetch one source (detail view, or after a key change) and merge it into the list. */
  refreshOne(id: string): Promise<LogSource>;
  create(input: LogSourceInput): Promise<LogSource>;
  update(id: string, patch: Partial<LogSourceInput>): Promise<LogSource>;
  remove(id: string): Promise<void>;
  generateKey(id: string): Promise<void>;
  rotateKey(id: string): Promise<void>;
  revokeKey(id: string): Promise<LogSource>;
  dismissKey(): void;
}

function upsert(items: LogSource[], source: LogSource): LogSource[] {
  const i = items.findIndex((s) => s.id === source.id);
  if (i === -1) return [...items, source];
  const next = items.slice();
  next[i] = source;
  return next;
}

export function createSourcesStore(client: () => WatchpostClient): StoreApi<SourcesState> {
  return createStore<SourcesState>()((set, get) => {
    async function reveal(id: string, action: RevealedKey['action']): Promise<void> {
      const method = action === 'generated' ? 'sources.generateKey' : 'sources.rotateKey';
      const key = await client().call(method, { id });
      set({ revealedKey: { ...key, sourceId: id, action } });
      // Key Identifier / Key Generated fields changed; a failed refresh must not hide the key.
      await get()
        .refreshOne(id)
        .catch(() => undefined);
    }
    return {
      items: [],
      status: 'idle',
      error: null,
      revealedKey: null,
      async load() {
        set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
        try {
          const { items } = await client().call('sources.list', {});
          set({ items, status: 'ready' });
        } catch (err) {
          set({ status: 'error', error: errorMessage(err) });
        }
      },
      async refreshOne(id) {
        const source = await client().call('sources.get', { id });
        set({ items: upsert(get().items, source) });
        return source;
      },
      async create(input) {
        const source = await client().call('sources.create', input, { idempotencyKey: crypto.randomUUID() });
        set({ items: upsert(get().items, source) });
        return source;
      },
      async update(id, patch) {
        const source = await client().call('sources.update', { id, ...patch });
        set({ items: upsert(get().items, source) });
        return source;
      },
      async remove(id) {
        await client().call('sources.delete', { id });
        set({ items: get().items.filter((s) => s.id !== id) });
      },
      generateKey: (id) => reveal(id, 'generated'),
      rotateKey: (id) => reveal(id, 'rotated'),
      async revokeKey(id) {
        const source = await client().call('sources.revokeKey', { id });
        set({ items: upsert(get().items, source) });
        return source;
      },
      dismissKey() {
        set({ revealedKey: null });
      },
    };
  });
}

export const sourcesStore = createSourcesStore(getClient);

export function useSources<T>(selector: (s: SourcesState) => T): T {
  return useStore(sourcesStore, selector);
}
