/**
 * SIEM forwarding: endpoints with their health, the delivery log (filtered by endpoint and status,
 * updated live from the 'delivery' stream), "Send Test Event" results, and the signing secret,
 * which lives here only while its one-time popout is open (`dismissSecret()` drops it).
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { DeliveryStatus } from '../../../shared/enums.ts';
import type { Delivery, Endpoint, EndpointInput, EndpointTestResult } from '../../../shared/types.ts';
import type { StreamEvents } from '../../../shared/api.ts';
import type { WatchpostClient } from '../client.ts';
import { getClient } from '../app-client.ts';
import { appStore } from './app-store.ts';
import { errorMessage } from './load-state.ts';
import type { LoadStatus } from './load-state.ts';

export interface DeliveryFilter {
  endpointId: string;
  status: DeliveryStatus | '';
}
export interface RevealedSecret {
  endpointId: string;
  name: string;
  signingSecret: string;
}
export type TestState = { state: 'sending' } | ({ state: 'done'; at: string } & EndpointTestResult) | { state: 'error'; message: string };

export interface ForwardingState {
  endpoints: Endpoint[];
  status: LoadStatus;
  error: string | null;
  deliveries: Delivery[];
  deliveriesStatus: LoadStatus;
  deliveriesError: string | null;
  filter: DeliveryFilter;
  revealedSecret: RevealedSecret | null;
  tests: Record<string, TestState>;
  load(): Promise<void>;
  loadDeliveries(): Promise<void>;
  setFilter(filter: Partial<DeliveryFilter>): Promise<void>;
  create(input: EndpointInput): Promise<Endpoint>;
  update(id: string, patch: Partial<EndpointInput>): Promise<Endpoint>;
  remove(id: string): Promise<void>;
  sendTest(id: string): Promise<void>;
  redeliver(id: string): Promise<void>;
  dismissSecret(): void;
  /** Stream handlers (also called by tests). */
  applyDelivery(d: Delivery): void;
  applyEndpoint(e: StreamEvents['endpoint']): void;
  /** Subscribe to the 'delivery' and 'endpoint' streams; returns the unsubscribe. */
  connect(): () => void;
}

/** Rows kept in the delivery log view (newest first). */
export const DELIVERY_PAGE = 200;

function upsert<T extends { id: string }>(items: T[], item: T, prepend = false): T[] {
  const i = items.findIndex((x) => x.id === item.id);
  if (i === -1) return prepend ? [item, ...items] : [...items, item];
  const next = items.slice();
  next[i] = item;
  return next;
}

/** The shell's banner for a disabled endpoint, with a link to this screen. Same id as the shell's stream handler. */
export function syncEndpointBanner(e: { id: string; name: string; enabled: boolean; disabledReason: string | null }): void {
  const id = `endpoint:${e.id}`;
  const app = appStore.getState();
  if (e.enabled || !e.disabledReason) {
    app.clearBanner(id);
    return;
  }
  app.setBanner({
    id,
    kind: 'error',
    dismissible: true,
    href: '#/settings/forwarding',
    linkLabel: 'Open SIEM forwarding',
    message: `Forwarding endpoint "${e.name}" was disabled: ${e.disabledReason}`,
  });
}

export function createForwardingStore(client: () => WatchpostClient): StoreApi<ForwardingState> {
  return createStore<ForwardingState>()((set, get) => {
    let endpointReload: ReturnType<typeof setTimeout> | null = null;
    /** Stream updates seen per delivery id (lets a slower API answer know it is stale). */
    const streamed = new Map<string, number>();
    /** Health columns move with deliveries; refresh the list at most once a second. */
    function scheduleEndpointReload(): void {
      if (endpointReload || get().status === 'idle') return;
      endpointReload = setTimeout(() => {
        endpointReload = null;
        void get().load();
      }, 1000);
    }
    function matches(d: Delivery): boolean {
      const f = get().filter;
      return (!f.endpointId || d.endpointId === f.endpointId) && (!f.status || d.status === f.status);
    }
    return {
      endpoints: [],
      status: 'idle',
      error: null,
      deliveries: [],
      deliveriesStatus: 'idle',
      deliveriesError: null,
      filter: { endpointId: '', status: '' },
      revealedSecret: null,
      tests: {},
      async load() {
        set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
        try {
          const { items } = await client().call('endpoints.list', {});
          set({ endpoints: items, status: 'ready' });
          for (const e of items) syncEndpointBanner(e);
        } catch (err) {
          set({ status: 'error', error: errorMessage(err) });
        }
      },
      async loadDeliveries() {
        set({ deliveriesStatus: get().deliveriesStatus === 'ready' ? 'ready' : 'loading', deliveriesError: null });
        const f = get().filter;
        try {
          const input: { endpointId?: string; status?: DeliveryStatus; limit: number } = { limit: DELIVERY_PAGE };
          if (f.endpointId) input.endpointId = f.endpointId;
          if (f.status) input.status = f.status;
          const before = new Map(streamed);
          const { items } = await client().call('deliveries.list', input);
          // A row the stream updated while the list was on its way is newer than the list's copy
          // (a redelivery can turn "delivered" before a slow list answer arrives): keep it.
          const current = new Map(get().deliveries.map((d) => [d.id, d]));
          let list = items;
          for (const [id, n] of streamed) {
            const d = current.get(id);
            if (d && n !== (before.get(id) ?? 0)) list = upsert(list, d, true);
          }
          set({ deliveries: list.slice(0, DELIVERY_PAGE), deliveriesStatus: 'ready' });
        } catch (err) {
          set({ deliveriesStatus: 'error', deliveriesError: errorMessage(err) });
        }
      },
      async setFilter(filter) {
        set({ filter: { ...get().filter, ...filter } });
        await get().loadDeliveries();
      },
      async create(input) {
        const created = await client().call('endpoints.create', input, { idempotencyKey: crypto.randomUUID() });
        const { signingSecret, ...endpoint } = created;
        set({ endpoints: upsert(get().endpoints, endpoint), revealedSecret: { endpointId: endpoint.id, name: endpoint.name, signingSecret } });
        return endpoint;
      },
      async update(id, patch) {
        const ep = await client().call('endpoints.update', { id, ...patch });
        set({ endpoints: upsert(get().endpoints, ep) });
        syncEndpointBanner(ep);
        return ep;
      },
      async remove(id) {
        await client().call('endpoints.delete', { id });
        const { [id]: _gone, ...tests } = get().tests;
        set({ endpoints: get().endpoints.filter((e) => e.id !== id), deliveries: get().deliveries.filter((d) => d.endpointId !== id), tests });
        appStore.getState().clearBanner(`endpoint:${id}`);
      },
      async sendTest(id) {
        set({ tests: { ...get().tests, [id]: { state: 'sending' } } });
        try {
          const r = await client().call('endpoints.test', { id });
          set({ tests: { ...get().tests, [id]: { state: 'done', at: new Date().toISOString(), ...r } } });
        } catch (err) {
          set({ tests: { ...get().tests, [id]: { state: 'error', message: errorMessage(err) } } });
        }
        void get().loadDeliveries();
        scheduleEndpointReload();
      },
      async redeliver(id) {
        const before = streamed.get(id) ?? 0;
        const d = await client().call('deliveries.redeliver', { id });
        // The stream can overtake the response ("pending", then "delivered" a moment later): a row
        // the stream already updated during the call is newer than this answer, so keep it.
        if ((streamed.get(id) ?? 0) === before) get().applyDelivery(d);
      },
      dismissSecret() {
        set({ revealedSecret: null });
      },
      applyDelivery(d) {
        const list = get().deliveries;
        const known = list.some((x) => x.id === d.id);
        if (matches(d)) set({ deliveries: upsert(list, d, true).slice(0, DELIVERY_PAGE) });
        else if (known) set({ deliveries: list.filter((x) => x.id !== d.id) });
        scheduleEndpointReload();
      },
      applyEndpoint(e) {
        syncEndpointBanner(e);
        if (get().status !== 'idle') void get().load();
      },
      connect() {
        const offs = [
          client().subscribe('delivery', (d) => {
            streamed.set(d.id, (streamed.get(d.id) ?? 0) + 1);
            get().applyDelivery(d);
          }),
          client().subscribe('endpoint', (e) => get().applyEndpoint(e)),
        ];
        return () => {
          for (const off of offs) off();
          if (endpointReload) clearTimeout(endpointReload);
          endpointReload = null;
        };
      },
    };
  });
}

export const forwardingStore = createForwardingStore(getClient);

export function useForwarding<T>(selector: (s: ForwardingState) => T): T {
  return useStore(forwardingStore, selector);
}
