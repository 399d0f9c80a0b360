/**
 * The one API contract. Every engine method the UI can call is listed once in `ApiMethods`, and
 * mapped once to its console REST route in `API_ROUTES`. The console server, the IPC handler and the
 * renderer's HTTP transport are all driven by this table: no route or channel is written twice.
 *
 * Input convention: one object. Path parameters (`{id}`) are fields of it; for GET/DELETE the other
 * fields travel as the query string, for POST/PATCH as the JSON body.
 */
import type { ApiResponse } from './errors.ts';
import type {
  Alert,
  AlertUpdate,
  AppInfo,
  Dashboard,
  DashboardData,
  DashboardDataInput,
  DashboardExport,
  DashboardInput,
  Delivery,
  Endpoint,
  EndpointCreated,
  EndpointInput,
  EndpointTestResult,
  EventPage,
  FieldCount,
  GeneratedKey,
  HealthRow,
  Histogram,
  ListOf,
  LogSource,
  LogSourceInput,
  Platform,
  PanelInput,
  PanelResult,
  PlatformInput,
  PullDraftInput,
  Rule,
  RuleInput,
  RulePreview,
  SavedSearch,
  SavedSearchInput,
  SourceTestResult,
  TopValues,
  WatchpostEvent,
} from './types.ts';
import type { AlertStatus, DeliveryStatus, RuleSeverity } from './enums.ts';

export interface SearchInput {
  q?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}
type Id = { id: string };

export interface ApiMethods {
  'app.info': { in: Record<string, never>; out: AppInfo };

  'platforms.list': { in: Record<string, never>; out: ListOf<Platform> };
  'platforms.create': { in: PlatformInput; out: Platform };
  'platforms.update': { in: Id & Partial<PlatformInput>; out: Platform };
  'platforms.delete': { in: Id; out: { deleted: true } };

  'sources.list': { in: Record<string, never>; out: ListOf<LogSource> };
  'sources.create': { in: LogSourceInput; out: LogSource };
  'sources.get': { in: Id; out: LogSource };
  'sources.update': { in: Id & Partial<LogSourceInput>; out: LogSource };
  'sources.delete': { in: Id; out: { deleted: true } };
  'sources.generateKey': { in: Id; out: GeneratedKey };
  'sources.rotateKey': { in: Id; out: GeneratedKey };
  'sources.revokeKey': { in: Id; out: LogSource };
  'sources.test': { in: Id; out: SourceTestResult };
  'sources.testDraft': { in: PullDraftInput; out: SourceTestResult };
  'sources.discover': { in: PullDraftInput; out: ListOf<string> };

  'events.search': { in: SearchInput; out: EventPage };
  'events.get': { in: Id; out: WatchpostEvent };
  'events.histogram': { in: SearchInput & { buckets?: number }; out: Histogram };
  'events.fields': { in: SearchInput; out: { fields: FieldCount[] } };
  'events.top': { in: SearchInput & { field: string }; out: TopValues };

  'health.sources': { in: Record<string, never>; out: ListOf<HealthRow> };

  'rules.list': { in: Record<string, never>; out: ListOf<Rule> };
  'rules.create': { in: RuleInput; out: Rule };
  'rules.get': { in: Id; out: Rule };
  'rules.update': { in: Id & Partial<RuleInput>; out: Rule };
  'rules.delete': { in: Id; out: { deleted: true } };
  'rules.preview': { in: RuleInput; out: RulePreview };

  'alerts.list': { in: { status?: AlertStatus; severity?: RuleSeverity; ruleId?: string; limit?: number }; out: ListOf<Alert> };
  'alerts.get': { in: Id; out: Alert };
  'alerts.update': { in: Id & AlertUpdate; out: Alert };

  'endpoints.list': { in: Record<string, never>; out: ListOf<Endpoint> };
  'endpoints.create': { in: EndpointInput; out: EndpointCreated };
  'endpoints.get': { in: Id; out: Endpoint };
  'endpoints.update': { in: Id & Partial<EndpointInput>; out: Endpoint };
  'endpoints.delete': { in: Id; out: { deleted: true } };
  'endpoints.test': { in: Id; out: EndpointTestResult };

  'deliveries.list': { in: { endpointId?: string; status?: DeliveryStatus; limit?: number }; out: ListOf<Delivery> };
  'deliveries.redeliver': { in: Id; out: Delivery };

  'savedSearches.list': { in: Record<string, never>; out: ListOf<SavedSearch> };
  'savedSearches.create': { in: SavedSearchInput; out: SavedSearch };
  'savedSearches.get': { in: Id; out: SavedSearch };
  'savedSearches.update': { in: Id & Partial<SavedSearchInput>; out: SavedSearch };
  'savedSearches.delete': { in: Id; out: { deleted: true } };

  'dashboards.list': { in: Record<string, never>; out: ListOf<Dashboard> };
  'dashboards.create': { in: DashboardInput; out: Dashboard };
  'dashboards.get': { in: Id; out: Dashboard };
  'dashboards.update': { in: Id & Partial<DashboardInput>; out: Dashboard };
  'dashboards.delete': { in: Id; out: { deleted: true } };
  'dashboards.duplicate': { in: Id & { name?: string }; out: Dashboard };
  'dashboards.export': { in: Id; out: DashboardExport };
  'dashboards.import': { in: DashboardExport & { name?: string }; out: Dashboard };
  /** Every panel (or only `panelId`) evaluated for the filters; absent filters take the dashboard's defaults. */
  'dashboards.data': { in: Id & DashboardDataInput & { panelId?: string }; out: DashboardData };
  /** One draft panel evaluated without saving (the editor's live preview). */
  'dashboards.previewPanel': { in: DashboardDataInput & { panel: PanelInput }; out: PanelResult };
}

export type ApiMethod = keyof ApiMethods;
export type ApiInput<M extends ApiMethod> = ApiMethods[M]['in'];
export type ApiOutput<M extends ApiMethod> = ApiMethods[M]['out'];
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ApiRoute {
  method: HttpMethod;
  path: string;
}

/** SPEC §4 routes. Order matters only for readability; paths are matched exactly by the server. */
export const API_ROUTES: { readonly [M in ApiMethod]: ApiRoute } = {
  'app.info': { method: 'GET', path: '/v1/app/info' },

  'platforms.list': { method: 'GET', path: '/v1/config/platforms' },
  'platforms.create': { method: 'POST', path: '/v1/config/platforms' },
  'platforms.update': { method: 'PATCH', path: '/v1/config/platforms/{id}' },
  'platforms.delete': { method: 'DELETE', path: '/v1/config/platforms/{id}' },

  'sources.list': { method: 'GET', path: '/v1/config/log-sources' },
  'sources.create': { method: 'POST', path: '/v1/config/log-sources' },
  'sources.get': { method: 'GET', path: '/v1/config/log-sources/{id}' },
  'sources.update': { method: 'PATCH', path: '/v1/config/log-sources/{id}' },
  'sources.delete': { method: 'DELETE', path: '/v1/config/log-sources/{id}' },
  'sources.generateKey': { method: 'POST', path: '/v1/config/log-sources/{id}/key' },
  'sources.rotateKey': { method: 'POST', path: '/v1/config/log-sources/{id}/key/rotate' },
  'sources.revokeKey': { method: 'DELETE', path: '/v1/config/log-sources/{id}/key' },
  'sources.test': { method: 'POST', path: '/v1/config/log-sources/{id}/test' },
  'sources.testDraft': { method: 'POST', path: '/v1/config/log-sources/test' },
  'sources.discover': { method: 'POST', path: '/v1/config/log-sources/discover' },

  'events.search': { method: 'GET', path: '/v1/events' },
  'events.histogram': { method: 'GET', path: '/v1/events/histogram' },
  'events.fields': { method: 'GET', path: '/v1/events/fields' },
  'events.top': { method: 'GET', path: '/v1/events/top' },
  'events.get': { method: 'GET', path: '/v1/events/{id}' },

  'health.sources': { method: 'GET', path: '/v1/health/sources' },

  'rules.list': { method: 'GET', path: '/v1/config/rules' },
  'rules.create': { method: 'POST', path: '/v1/config/rules' },
  'rules.preview': { method: 'POST', path: '/v1/config/rules/preview' },
  'rules.get': { method: 'GET', path: '/v1/config/rules/{id}' },
  'rules.update': { method: 'PATCH', path: '/v1/config/rules/{id}' },
  'rules.delete': { method: 'DELETE', path: '/v1/config/rules/{id}' },

  'alerts.list': { method: 'GET', path: '/v1/alerts' },
  'alerts.get': { method: 'GET', path: '/v1/alerts/{id}' },
  'alerts.update': { method: 'PATCH', path: '/v1/alerts/{id}' },

  'endpoints.list': { method: 'GET', path: '/v1/config/endpoints' },
  'endpoints.create': { method: 'POST', path: '/v1/config/endpoints' },
  'endpoints.get': { method: 'GET', path: '/v1/config/endpoints/{id}' },
  'endpoints.update': { method: 'PATCH', path: '/v1/config/endpoints/{id}' },
  'endpoints.delete': { method: 'DELETE', path: '/v1/config/endpoints/{id}' },
  'endpoints.test': { method: 'POST', path: '/v1/config/endpoints/{id}/test' },

  'deliveries.list': { method: 'GET', path: '/v1/deliveries' },
  'deliveries.redeliver': { method: 'POST', path: '/v1/deliveries/{id}/redeliver' },

  'savedSearches.list': { method: 'GET', path: '/v1/config/saved-searches' },
  'savedSearches.create': { method: 'POST', path: '/v1/config/saved-searches' },
  'savedSearches.get': { method: 'GET', path: '/v1/config/saved-searches/{id}' },
  'savedSearches.update': { method: 'PATCH', path: '/v1/config/saved-searches/{id}' },
  'savedSearches.delete': { method: 'DELETE', path: '/v1/config/saved-searches/{id}' },

  'dashboards.list': { method: 'GET', path: '/v1/config/dashboards' },
  'dashboards.create': { method: 'POST', path: '/v1/config/dashboards' },
  'dashboards.import': { method: 'POST', path: '/v1/config/dashboards/import' },
  'dashboards.previewPanel': { method: 'POST', path: '/v1/config/dashboards/preview-panel' },
  'dashboards.get': { method: 'GET', path: '/v1/config/dashboards/{id}' },
  'dashboards.update': { method: 'PATCH', path: '/v1/config/dashboards/{id}' },
  'dashboards.delete': { method: 'DELETE', path: '/v1/config/dashboards/{id}' },
  'dashboards.duplicate': { method: 'POST', path: '/v1/config/dashboards/{id}/duplicate' },
  'dashboards.export': { method: 'GET', path: '/v1/config/dashboards/{id}/export' },
  'dashboards.data': { method: 'GET', path: '/v1/dashboards/{id}/data' },
};

/** Fill a route path from an input object; returns the path and the input minus path params. */
export function fillPath(route: ApiRoute, input: Record<string, unknown>): { path: string; rest: Record<string, unknown> } {
  const rest: Record<string, unknown> = { ...input };
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = rest[name];
    delete rest[name];
    return encodeURIComponent(String(v ?? ''));
  });
  return { path, rest };
}

/** Events pushed from engine to UI (SSE in headless mode, IPC in desktop mode). */
export interface StreamEvents {
  alert: Alert;
  health: HealthRow[];
  delivery: Delivery;
  events: { count: number; sourceIds: string[]; newestAt: string };
  endpoint: { id: string; name: string; enabled: boolean; disabledReason: string | null };
}
export type StreamName = keyof StreamEvents;
export const STREAM_NAMES: readonly StreamName[] = ['alert', 'health', 'delivery', 'events', 'endpoint'];

/**
 * Commands the desktop shell (not the engine) pushes to the renderer on the stream channel: a
 * clicked OS toast opens a view, Edit > Find focuses the Log Viewer query.
 */
export interface ShellCommands {
  'ui.navigate': { view: 'alerts'; alertId?: string } | { view: 'endpoints' };
  'ui.focusSearch': Record<string, never>;
}
export const SHELL_COMMANDS = { navigate: 'ui.navigate', focusSearch: 'ui.focusSearch' } as const satisfies Record<string, keyof ShellCommands>;

/** The engine side of the contract: one async call and one subscription. */
export interface ApiDispatcher {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>, meta?: CallMeta): Promise<ApiResponse<ApiOutput<M>>>;
  subscribe<S extends StreamName>(stream: S, listener: (payload: StreamEvents[S]) => void): () => void;
}

/** Who is calling: used for keyGeneratedBy and the actor of security events. */
export interface CallMeta {
  actor?: string;
  ipAddress?: string;
  userAgent?: string;
}

/** The preload bridge (desktop) exposes exactly this on `window.watchpost`. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  subscribe(stream: string, listener: (payload: unknown) => void): () => void;
}
export const IPC_INVOKE_CHANNEL = 'watchpost:invoke';
export const IPC_STREAM_CHANNEL = 'watchpost:stream';
