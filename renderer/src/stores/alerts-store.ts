/**
 * The alert inbox: alerts filtered by status / severity / rule, checkbox selection for bulk
 * acknowledge / resolve / reopen, the detail pane with its sample events, and the live side — the
 * 'alert' stream keeps the list current, and an alert not seen before raises an in-app toast and the
 * unread count on the nav badge (cleared while the inbox is open).
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { AlertStatus, RuleSeverity } from '../../../shared/enums.ts';
import type { Alert, AlertUpdate, WatchpostEvent } from '../../../shared/types.ts';
import { addAlertToast } from '../features/alerts/alert-toasts-model.ts';
import type { AlertToast } from '../features/alerts/alert-toasts-model.ts';
import type { WatchpostClient } from '../client.ts';
import { getClient } from '../app-client.ts';
import { appStore } from './app-store.ts';
import { errorMessage } from './load-state.ts';
import type { LoadStatus } from './load-state.ts';

/** Inbox filters; '' = any. */
export interface AlertFilter {
  status: AlertStatus | '';
  severity: RuleSeverity | '';
  ruleId: string;
}
/** The detail pane's sample events, fetched one by one (≤ 20). */
export interface AlertSamples {
  alertId: string;
  status: LoadStatus;
  events: WatchpostEvent[];
  /** Sample ids whose events are gone (retention) or could not be read. */
  missing: string[];
}

/** The last bulk status change, so it can be undone (each alert back to its own previous status). */
export interface BulkUndo {
  status: AlertStatus;
  previous: { id: string; status: AlertStatus }[];
}

/** Inbox slice: list, filters, selection, detail, unread count. */
export interface AlertsState {
  items: Alert[];
  status: LoadStatus;
  error: string | null;
  filter: AlertFilter;
  selected: string[];
  detailId: string | null;
  /** The alert shown in the detail pane (fetched if the current filter hides it). */
  detail: Alert | null;
  samples: AlertSamples | null;
  unread: number;
  /** True while the inbox is on screen: new alerts are not counted as unread. */
  viewing: boolean;
  /** New-alert toasts, one per rule, newest first (see alert-toasts-model.ts). */
  alertToasts: AlertToast[];
  /** The last status change of several alerts, until undone or replaced. */
  lastBulk: BulkUndo | null;
  dismissAlertToast(ruleId: string): void;
  dismissAllAlertToasts(): void;
  /** Put every alert of the last bulk change back to its previous status; returns how many changed. */
  undoBulk(): Promise<number>;
  /** Assignee, note, resolution reason (and status) of one alert. */
  updateAlert(id: string, change: AlertUpdate): Promise<Alert>;
  load(): Promise<void>;
  setFilter(filter: Partial<AlertFilter>): Promise<void>;
  toggleSelected(id: string): void;
  selectAll(on: boolean): void;
  /** Acknowledge / resolve / reopen one or many; returns how many changed. A change of several can be undone (`remember`). */
  setStatus(ids: string[], status: AlertStatus, remember?: boolean): Promise<number>;
  openDetail(id: string | null): Promise<void>;
  setViewing(viewing: boolean): void;
  /** Remember the alerts that exist now, so only later ones count as new. */
  prime(): Promise<void>;
  applyAlert(a: Alert): void;
  connect(): () => void;
}

/** Rows kept in the inbox (newest first). */
export const INBOX_PAGE = 200;
/** Alert status labels. */
export const STATUS_LABELS: Record<AlertStatus, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };

/** Build the slice over any client (tests pass one over a real engine). */
export function createAlertsStore(client: () => WatchpostClient): StoreApi<AlertsState> {
  const seen = new Set<string>();
  /** Alerts seen while late (silent): they toast when on-time events join them. */
  const lateSeen = new Set<string>();
  return createStore<AlertsState>()((set, get) => {
    function matches(a: Alert): boolean {
      const f = get().filter;
      return (!f.status || a.status === f.status) && (!f.severity || a.severity === f.severity) && (!f.ruleId || a.ruleId === f.ruleId);
    }
    function put(a: Alert): void {
      if (get().detailId === a.id) set({ detail: a });
      const list = get().items;
      const rest = list.filter((x) => x.id !== a.id);
      if (!matches(a)) {
        if (rest.length !== list.length) set({ items: rest, selected: get().selected.filter((id) => id !== a.id) });
        return;
      }
      const i = list.findIndex((x) => x.id === a.id);
      if (i >= 0) {
        const next = list.slice();
        next[i] = a;
        set({ items: next });
      } else set({ items: [a, ...list].slice(0, INBOX_PAGE) });
    }
    return {
      items: [],
      status: 'idle',
      error: null,
      filter: { status: '', severity: '', ruleId: '' },
      selected: [],
      detailId: null,
      detail: null,
      samples: null,
      unread: 0,
      viewing: false,
      alertToasts: [],
      lastBulk: null,
      dismissAlertToast(ruleId) {
        set({ alertToasts: get().alertToasts.filter((t) => t.ruleId !== ruleId) });
      },
      dismissAllAlertToasts() {
        set({ alertToasts: [] });
      },
      async undoBulk() {
        const undo = get().lastBulk;
        if (!undo) return 0;
        set({ lastBulk: null });
        let n = 0;
        for (const status of ['open', 'acknowledged', 'resolved'] as const) {
          const ids = undo.previous.filter((p) => p.status === status).map((p) => p.id);
          if (ids.length > 0) n += await get().setStatus(ids, status, false);
        }
        return n;
      },
      async updateAlert(id, change) {
        const a = await client().call('alerts.update', { id, ...change });
        put(a);
        return a;
      },
      async load() {
        set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
        const f = get().filter;
        try {
          const input: { status?: AlertStatus; severity?: RuleSeverity; ruleId?: string; limit: number } = { limit: INBOX_PAGE };
          if (f.status) input.status = f.status;
          if (f.severity) input.severity = f.severity;
          if (f.ruleId) input.ruleId = f.ruleId;
          const { items } = await client().call('alerts.list', input);
          for (const a of items) seen.add(a.id);
          const ids = new Set(items.map((a) => a.id));
          set({ items, status: 'ready', selected: get().selected.filter((id) => ids.has(id)) });
        } catch (err) {
          set({ status: 'error', error: errorMessage(err) });
        }
      },
      async setFilter(filter) {
        set({ filter: { ...get().filter, ...filter }, selected: [] });
        await get().load();
      },
      toggleSelected(id) {
        const sel = get().selected;
        set({ selected: sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id] });
      },
      selectAll(on) {
        set({ selected: on ? get().items.map((a) => a.id) : [] });
      },
      async setStatus(ids, status, remember = true) {
        const targets = get().items.filter((a) => ids.includes(a.id) && a.status !== status);
        if (remember && ids.length > 1) set({ lastBulk: { status, previous: targets.map((a) => ({ id: a.id, status: a.status })) } });
        const results = await Promise.allSettled(targets.map((a) => client().call('alerts.update', { id: a.id, status })));
        let changed = 0;
        const failures: string[] = [];
        for (const r of results) {
          if (r.status === 'fulfilled') {
            changed++;
            put(r.value);
          } else failures.push(errorMessage(r.reason));
        }
        set({ selected: get().selected.filter((id) => !ids.includes(id) || failures.length > 0) });
        if (failures.length) throw new Error(`${failures.length} of ${targets.length} alerts could not be updated: ${failures[0]}`);
        return changed;
      },
      async openDetail(id) {
        if (id === get().detailId && get().detail) return;
        set({ detailId: id, detail: null, samples: null });
        if (!id) return;
        let alert = get().items.find((a) => a.id === id);
        if (!alert) {
          try {
            alert = await client().call('alerts.get', { id });
          } catch (err) {
            if (get().detailId === id) set({ samples: { alertId: id, status: 'error', events: [], missing: [] } });
            appStore.getState().toast('error', errorMessage(err));
            return;
          }
        }
        if (get().detailId !== id) return;
        set({ detail: alert });
        set({ samples: { alertId: alert.id, status: 'loading', events: [], missing: [] } });
        const results = await Promise.allSettled(alert.sampleEventIds.map((eid) => client().call('events.get', { id: eid })));
        if (get().detailId !== alert.id) return;
        const events = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const missing = alert.sampleEventIds.filter((_, i) => results[i]!.status === 'rejected');
        set({ samples: { alertId: alert.id, status: 'ready', events, missing } });
      },
      setViewing(viewing) {
        set(viewing ? { viewing, unread: 0 } : { viewing });
      },
      async prime() {
        try {
          const { items } = await client().call('alerts.list', { limit: 1000 });
          for (const a of items) seen.add(a.id);
        } catch {
          // Offline at start: the first stream events may then count as new, which is the safe side.
        }
      },
      applyAlert(a) {
        const isNew = !seen.has(a.id);
        seen.add(a.id);
        if (get().status !== 'idle') put(a);
        // A late alert that on-time events just joined: it gets the toast it skipped.
        const escalated = !isNew && !a.late && lateSeen.delete(a.id);
        if (a.late) lateSeen.add(a.id);
        if (a.status !== 'open' || !(isNew || escalated)) return;
        if (isNew && !get().viewing) set({ unread: get().unread + 1 });
        // Late alerts (raised only by late data: a backfill, a catch-up) are listed but silent.
        if (!a.late) set({ alertToasts: addAlertToast(get().alertToasts, a) });
      },
      connect() {
        return client().subscribe('alert', (a) => get().applyAlert(a));
      },
    };
  });
}

/** The app's alerts store (also fed by the app-wide alert listener). */
export const alertsStore = createAlertsStore(getClient);

/** React hook over the alerts store. */
export function useAlerts<T>(selector: (s: AlertsState) => T): T {
  return useStore(alertsStore, selector);
}
