/**
 * Source Health rows. Kept live two ways: the engine's 'health' stream pushes changed rows, and
 * every 'events' push triggers a throttled refetch so counts and sparklines follow ingest.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { WatchpostClient } from '../client.ts';
import type { HealthRow } from '../../../shared/types.ts';
import type { HealthStatus } from '../../../shared/enums.ts';
import { getClient } from '../app-client.ts';
import { errorMessage } from './load-state.ts';
import type { LoadStatus } from './load-state.ts';

/** How the screen is filtered and grouped; kept here so it survives leaving the screen. */
interface HealthView {
  /** 'all' (ALL_PLATFORMS), NO_PLATFORM or a platform id (features/source-health/health-view.ts). */
  platform: string;
  status: HealthStatus | null;
  grouped: boolean;
}

export interface HealthState {
  rows: HealthRow[];
  view: HealthView;
  setView(patch: Partial<HealthView>): void;
  status: LoadStatus;
  error: string | null;
  /** ISO time of the last successful fetch or push. */
  updatedAt: string | null;
  load(): Promise<void>;
  /** Merge rows pushed by the 'health' stream (replace by sourceId, add new ones). */
  applyPush(rows: HealthRow[]): void;
  /** Subscribe to 'health' and 'events'; returns the unsubscribe. */
  startLive(): () => void;
}

/** Minimum gap between refetches triggered by 'events' pushes. */
export const HEALTH_REFETCH_MS = 1500;

export function mergeHealthRows(current: HealthRow[], pushed: HealthRow[]): HealthRow[] {
  const byId = new Map(current.map((r) => [r.sourceId, r] as const));
  for (const row of pushed) byId.set(row.sourceId, row);
  return [...byId.values()];
}

export function createHealthStore(client: () => WatchpostClient, now: () => Date = () => new Date()): StoreApi<HealthState> {
  return createStore<HealthState>()((set, get) => ({
    rows: [],
    view: { platform: 'all', status: null, grouped: false },
    setView(patch) {
      set({ view: { ...get().view, ...patch } });
    },
    status: 'idle',
    error: null,
    updatedAt: null,
    async load() {
      set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
      try {
        const { items } = await client().call('health.sources', {});
        set({ rows: items, status: 'ready', updatedAt: now().toISOString() });
      } catch (err) {
        set({ status: 'error', error: errorMessage(err) });
      }
    },
    applyPush(rows) {
      set({ rows: mergeHealthRows(get().rows, rows), updatedAt: now().toISOString() });
    },
    startLive() {
      let timer: ReturnType<typeof setTimeout> | null = null;
      let lastFetch = 0;
      const refetch = (): void => {
        if (timer) return;
        const wait = Math.max(0, lastFetch + HEALTH_REFETCH_MS - Date.now());
        timer = setTimeout(() => {
          timer = null;
          lastFetch = Date.now();
          void get().load();
        }, wait);
      };
      const offHealth = client().subscribe('health', (rows) => get().applyPush(Array.isArray(rows) ? rows : [rows]));
      const offEvents = client().subscribe('events', refetch);
      return () => {
        offHealth();
        offEvents();
        if (timer) clearTimeout(timer);
      };
    },
  }));
}

export const healthStore = createHealthStore(getClient);

export function useHealth<T>(selector: (s: HealthState) => T): T {
  return useStore(healthStore, selector);
}
