/**
 * Dashboards screen state: the list, the dashboard shown, its filters (from the link, see
 * dashboard-url.ts), the latest result of every panel, live refresh and the editor's undo stack.
 * Results are replaced only when new ones arrive, so a refresh never blanks a panel (no flicker);
 * a response for filters that have since changed is dropped. Edits save at once (the dashboard is
 * the shared record; nothing half-edited lingers) and "Undo" saves the panel list from before the
 * last change. Only talks to the engine through the client.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { WatchpostClient } from '../../client.ts';
import type { Dashboard, DashboardExport, DashboardFilters, DashboardInput, PanelResult } from '../../../../shared/types.ts';
import { getClient } from '../../app-client.ts';
import { errorMessage } from '../../stores/load-state.ts';
import type { LoadStatus } from '../../stores/load-state.ts';
import { panelInputOf, pushUndo } from './dashboard-edit.ts';
import type { EditablePanel } from './dashboard-edit.ts';

interface DashboardsState {
  list: Dashboard[];
  listStatus: LoadStatus;
  listError: string | null;
  current: Dashboard | null;
  status: LoadStatus;
  error: string | null;
  filters: DashboardFilters | null;
  /** The absolute range the shown results are for. */
  resolved: { from: string; to: string } | null;
  results: Readonly<Record<string, PanelResult>>;
  /** A refresh is in flight (old results stay on screen). */
  refreshing: boolean;
  /** A whole-dashboard data request failed (panels keep their last results). */
  dataError: string | null;
  /** Live refresh paused by the analyst. */
  paused: boolean;
  /** Panel lists before each edit, newest last. */
  undo: EditablePanel[][];
  saving: boolean;

  loadList(): Promise<void>;
  /** Show a dashboard with the given filters (fetches it when it is not the one shown). */
  open(id: string, filters: (d: Dashboard) => DashboardFilters): Promise<void>;
  /** Fetch every panel's data (or one panel's) for the current filters; `live` marks an automatic refresh. */
  refresh(opts?: { panelId?: string; live?: boolean }): Promise<void>;
  setPaused(paused: boolean): void;
  /** Save a new panel list (an edit); the previous one goes on the undo stack. */
  savePanels(panels: EditablePanel[]): Promise<void>;
  undoLast(): Promise<void>;
  rename(name: string, description: string): Promise<void>;
  create(input: DashboardInput): Promise<Dashboard>;
  duplicate(id: string): Promise<Dashboard>;
  remove(id: string): Promise<void>;
  exportFile(id: string): Promise<DashboardExport>;
  importFile(file: DashboardExport & { name?: string }): Promise<Dashboard>;
}

/** The editor's view of a stored dashboard's panels. */
export function editablePanels(d: Dashboard): EditablePanel[] {
  return d.panels.map((p) => ({ ...p }));
}

function byName(a: Dashboard, b: Dashboard): number {
  if (a.builtIn !== b.builtIn) return a.builtIn ? -1 : 1;
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}

export function createDashboardsStore(client: () => WatchpostClient): StoreApi<DashboardsState> {
  let requestSeq = 0;
  const upsert = (d: Dashboard, list: Dashboard[]): Dashboard[] => [...list.filter((x) => x.id !== d.id), d].sort(byName);

  return createStore<DashboardsState>()((set, get) => {
    /** `undo`: the undo stack that goes with the saved panels, set together with them (not after their data loads). */
    const saveDashboard = async (patch: Partial<DashboardInput>, undo?: () => EditablePanel[][]): Promise<void> => {
      const cur = get().current;
      if (!cur) return;
      set({ saving: true });
      try {
        const saved = await client().call('dashboards.update', { id: cur.id, ...patch });
        set({ current: saved, list: upsert(saved, get().list), ...(undo ? { undo: undo() } : {}) });
      } finally {
        set({ saving: false });
      }
      await get().refresh();
    };

    return {
      list: [],
      listStatus: 'idle',
      listError: null,
      current: null,
      status: 'idle',
      error: null,
      filters: null,
      resolved: null,
      results: {},
      refreshing: false,
      dataError: null,
      paused: false,
      undo: [],
      saving: false,

      async loadList() {
        set({ listStatus: get().listStatus === 'ready' ? 'ready' : 'loading', listError: null });
        try {
          const { items } = await client().call('dashboards.list', {});
          set({ list: items.slice().sort(byName), listStatus: 'ready' });
        } catch (err) {
          set({ listStatus: 'error', listError: errorMessage(err) });
        }
      },

      async open(id, filtersFor) {
        let d = get().current;
        if (!d || d.id !== id) {
          requestSeq++;
          set({ current: null, status: 'loading', error: null, results: {}, resolved: null, undo: [], dataError: null });
          try {
            d = await client().call('dashboards.get', { id });
          } catch (err) {
            set({ status: 'error', error: errorMessage(err) });
            return;
          }
        }
        const filters = filtersFor(d);
        const prev = get().filters;
        const same = prev && get().current?.id === id && JSON.stringify(prev) === JSON.stringify(filters);
        set({ current: d, status: 'ready', filters });
        if (!same) await get().refresh();
      },

      async refresh({ panelId, live } = {}) {
        const { current, filters } = get();
        if (!current || !filters) return;
        const seq = panelId ? requestSeq : ++requestSeq;
        set({ refreshing: true });
        try {
          const data = await client().call('dashboards.data', {
            id: current.id,
            platformId: filters.platformId ?? '',
            sourceId: filters.sourceId ?? '',
            from: filters.from,
            to: filters.to,
            ...(panelId ? { panelId } : {}),
            ...(live ? { live: true } : {}),
          });
          if (seq !== requestSeq || get().current?.id !== current.id) return;
          const results: Record<string, PanelResult> = panelId ? { ...get().results } : {};
          for (const r of data.panels) results[r.panelId] = r;
          set({ results, resolved: { from: data.from, to: data.to }, dataError: null });
        } catch (err) {
          if (seq === requestSeq) set({ dataError: errorMessage(err) });
        } finally {
          if (seq === requestSeq) set({ refreshing: false });
        }
      },

      setPaused(paused) {
        set({ paused });
      },

      async savePanels(panels) {
        const cur = get().current;
        if (!cur) return;
        const before = editablePanels(cur);
        // An Undo clicked while the new panels' data still loads undoes this edit, not the one before.
        await saveDashboard({ panels: panels.map(panelInputOf) }, () => pushUndo(get().undo, before));
      },

      async undoLast() {
        const stack = get().undo;
        const before = stack[stack.length - 1];
        if (!before) return;
        await saveDashboard({ panels: before.map(panelInputOf) }, () => stack.slice(0, -1));
      },

      async rename(name, description) {
        await saveDashboard({ name, description });
      },

      async create(input) {
        const d = await client().call('dashboards.create', input, { idempotencyKey: crypto.randomUUID() });
        set({ list: upsert(d, get().list) });
        return d;
      },

      async duplicate(id) {
        const d = await client().call('dashboards.duplicate', { id }, { idempotencyKey: crypto.randomUUID() });
        set({ list: upsert(d, get().list) });
        return d;
      },

      async remove(id) {
        await client().call('dashboards.delete', { id });
        set({ list: get().list.filter((d) => d.id !== id) });
      },

      exportFile(id) {
        return client().call('dashboards.export', { id });
      },

      async importFile(file) {
        const d = await client().call('dashboards.import', file, { idempotencyKey: crypto.randomUUID() });
        set({ list: upsert(d, get().list) });
        return d;
      },
    };
  });
}

export const dashboardsStore = createDashboardsStore(getClient);

export function useDashboards<T>(selector: (s: DashboardsState) => T): T {
  return useStore(dashboardsStore, selector);
}
