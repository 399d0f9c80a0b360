/**
 * Settings → Rules: the rule list, create/update/delete, each rule's recent alerts (the editor's
 * "Recent alerts" panel) and the editor's Preview (rules.preview over the last 24 h of events).
 * Rule status fields (last triggered, trigger count) follow the 'alert' stream while loaded.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Alert, Rule, RuleInput, RulePreview } from '../../../shared/types.ts';
import type { WatchpostClient } from '../client.ts';
import { getClient } from '../app-client.ts';
import { errorMessage } from './load-state.ts';
import type { LoadStatus } from './load-state.ts';

/** One rule's Recent alerts panel. */
export interface RecentAlerts {
  status: LoadStatus;
  items: Alert[];
  error: string | null;
}
/** The editor's Preview: errors are kept as thrown so the editor can map them to fields. */
export type PreviewState = { state: 'idle' } | { state: 'running' } | { state: 'done'; result: RulePreview } | { state: 'error'; error: unknown };

/** Rules slice: list, CRUD, recent alerts per rule, preview. */
export interface RulesState {
  items: Rule[];
  status: LoadStatus;
  error: string | null;
  recent: Record<string, RecentAlerts>;
  preview: PreviewState;
  load(): Promise<void>;
  create(input: RuleInput): Promise<Rule>;
  update(id: string, patch: Partial<RuleInput>): Promise<Rule>;
  remove(id: string): Promise<void>;
  loadRecent(ruleId: string): Promise<void>;
  runPreview(input: RuleInput): Promise<void>;
  clearPreview(): void;
  /** 'alert' stream: refresh the rule's status and its recent alerts if shown. */
  applyAlert(a: Alert): void;
  connect(): () => void;
}

/** Alerts shown in a rule's "Recent alerts" panel. */
export const RECENT_ALERTS = 10;

function byName(a: Rule, b: Rule): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.createdAt.localeCompare(b.createdAt);
}

/** Build the slice over any client (tests pass one over a real engine). */
export function createRulesStore(client: () => WatchpostClient): StoreApi<RulesState> {
  return createStore<RulesState>()((set, get) => {
    let refresh: ReturnType<typeof setTimeout> | null = null;
    /** Status columns move with every alert; re-read the list at most once a second. */
    function scheduleRefresh(): void {
      if (refresh || get().status === 'idle') return;
      refresh = setTimeout(() => {
        refresh = null;
        void get().load();
      }, 1000);
    }
    return {
      items: [],
      status: 'idle',
      error: null,
      recent: {},
      preview: { state: 'idle' },
      async load() {
        set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
        try {
          const { items } = await client().call('rules.list', {});
          set({ items: items.slice().sort(byName), status: 'ready' });
        } catch (err) {
          set({ status: 'error', error: errorMessage(err) });
        }
      },
      async create(input) {
        const rule = await client().call('rules.create', input, { idempotencyKey: crypto.randomUUID() });
        set({ items: [...get().items.filter((r) => r.id !== rule.id), rule].sort(byName) });
        return rule;
      },
      async update(id, patch) {
        const rule = await client().call('rules.update', { id, ...patch });
        set({
          items: get()
            .items.map((r) => (r.id === id ? rule : r))
            .sort(byName),
        });
        return rule;
      },
      async remove(id) {
        await client().call('rules.delete', { id });
        const { [id]: _gone, ...recent } = get().recent;
        set({ items: get().items.filter((r) => r.id !== id), recent });
      },
      async loadRecent(ruleId) {
        const prev = get().recent[ruleId];
        set({ recent: { ...get().recent, [ruleId]: { status: prev?.status === 'ready' ? 'ready' : 'loading', items: prev?.items ?? [], error: null } } });
        try {
          const { items } = await client().call('alerts.list', { ruleId, limit: RECENT_ALERTS });
          set({ recent: { ...get().recent, [ruleId]: { status: 'ready', items, error: null } } });
        } catch (err) {
          set({ recent: { ...get().recent, [ruleId]: { status: 'error', items: prev?.items ?? [], error: errorMessage(err) } } });
        }
      },
      async runPreview(input) {
        set({ preview: { state: 'running' } });
        try {
          set({ preview: { state: 'done', result: await client().call('rules.preview', input) } });
        } catch (err) {
          set({ preview: { state: 'error', error: err } });
        }
      },
      clearPreview() {
        set({ preview: { state: 'idle' } });
      },
      applyAlert(a) {
        const shown = get().recent[a.ruleId];
        if (shown) {
          const others = shown.items.filter((x) => x.id !== a.id);
          const items = [a, ...others].sort((x, y) => y.firstSeenAt.localeCompare(x.firstSeenAt)).slice(0, RECENT_ALERTS);
          set({ recent: { ...get().recent, [a.ruleId]: { ...shown, items } } });
        }
        scheduleRefresh();
      },
      connect() {
        const off = client().subscribe('alert', (a) => get().applyAlert(a));
        return () => {
          off();
          if (refresh) clearTimeout(refresh);
          refresh = null;
        };
      },
    };
  });
}

/** The app's rules store. */
export const rulesStore = createRulesStore(getClient);

/** React hook over the rules store. */
export function useRules<T>(selector: (s: RulesState) => T): T {
  return useStore(rulesStore, selector);
}
