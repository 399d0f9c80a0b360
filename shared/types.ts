/** Domain records as they cross the API (SPEC §2, §4, §6, §7). Times are ISO 8601 UTC strings. */
import type {
  AlertResolution,
  AlertStatus,
  AuthType,
  Category,
  DeliveryStatus,
  EndpointFormat,
  GroupBy,
  HealthStatus,
  Outcome,
  RuleSeverity,
  RuleType,
  SecurityCategory,
  Severity,
  SourceType,
} from './enums.ts';
import type { PanelKind, SearchSort } from './dashboards.ts';
import type { ApiErrorBody } from './errors.ts';

export interface Platform {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}
export interface PlatformInput {
  name: string;
  description?: string;
}

/** Pull sources (SPEC §2): how the last polls went. Absent on push sources. */
export interface PullStatus {
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  /** The provider's words, never a secret. */
  lastError: string | null;
  pulledTotal: number;
  /** now − the oldest target checkpoint, ms; null before the first successful window. */
  lagMs: number | null;
}

/** How a push source's latest request or message arrived (the source page says whether keys travel encrypted). */
export type SourceTransport = 'http' | 'https' | 'udp' | 'tcp' | 'tls';

export interface LogSource extends Partial<PullStatus> {
  id: string;
  name: string;
  type: SourceType;
  active: boolean;
  rateLimit: number;
  description: string;
  platformId: string | null;
  heartbeatMinutes: number;
  createdAt: string;
  lastUsedAt: string | null;
  keyIdentifier: string | null;
  keyGeneratedAt: string | null;
  keyGeneratedBy: string | null;
  /** Pull types: what to query (log groups, indexes, selectors). */
  sources: string[];
  /** Pull types: which credential keys are set (values are never returned). */
  credentialKeys: string[];
  /** syslog/cef: the listener port bound to this source (null = none). */
  listenPort: number | null;
  /** Push types: transport of the latest accepted request or message since Watchpost started (null = none yet). */
  lastTransport?: SourceTransport | null;
  /** True for the built-in "Watchpost" source that holds Watchpost's own security events. */
  builtIn: boolean;
  /** Pull types: credentials are stored (values never returned). */
  credentialsSet?: boolean;
  /** Pull types: seconds between polls (10–3600). */
  pollIntervalSeconds?: number;
  /** Pull types: how far behind now each window ends, seconds (per-type default). */
  lagSeconds?: number;
  /** Pull types: how far back the first poll reads, minutes. */
  initialLookbackMinutes?: number;
}
export interface LogSourceInput {
  name: string;
  type?: SourceType;
  active?: boolean;
  rateLimit?: number;
  description?: string;
  platformId?: string | null;
  heartbeatMinutes?: number;
  credentials?: Record<string, string>;
  sources?: string[];
  listenPort?: number | null;
  pollIntervalSeconds?: number;
  /** null on update: back to the type's default. */
  lagSeconds?: number | null;
  initialLookbackMinutes?: number;
}

export interface GeneratedKey {
  key: string;
  keyIdentifier: string;
  keyGeneratedAt: string;
  ingestUrl: string;
  curlExample: string;
}

/** A pulled entry as it would be stored: envelope plus raw (with raw.pull provenance), before it has an id, a source or an arrival time. */
export type PullPreviewEvent = Omit<WatchpostEvent, 'id' | 'sourceId' | 'sourceName' | 'receivedAt'>;
export interface PullTargetResult {
  target: string;
  ok: boolean;
  /** The provider's words (bad key, forbidden, unknown group, TLS failure, throttled). */
  error?: string;
  preview: PullPreviewEvent[];
}
/** `POST …/log-sources/{id}/test`: 200 also when the provider refuses; the refusal is per target. */
export interface SourceTestResult {
  ok: boolean;
  message: string;
  targets: PullTargetResult[];
}
/** Test or discover before saving: the form's values. */
export interface PullDraftInput {
  type: string;
  credentials: Record<string, string>;
  sources?: string[];
  /** Editing a saved source with blank credentials: use its stored ones. */
  id?: string;
}

export interface WatchpostEvent {
  id: string;
  sourceId: string;
  sourceName: string;
  receivedAt: string;
  timestamp: string;
  severity: Severity;
  category: Category;
  host: string | null;
  user: string | null;
  action: string | null;
  outcome: Outcome;
  message: string | null;
  tags: string[];
  raw: Record<string, unknown>;
}

export interface EventPage {
  events: WatchpostEvent[];
  nextCursor: string | null;
}
export interface HistogramBucket {
  start: string;
  end: string;
  counts: Record<Severity, number>;
}
export interface Histogram {
  buckets: HistogramBucket[];
  /** Present when counts are estimated from every Nth event (N = sampleRate) of a very large scan. */
  sampleRate?: number;
}
export interface FieldCount {
  path: string;
  count: number;
}
/** `events.top`: exact value counts of one field over the events matching a query (SPEC §4). */
export interface TopValues {
  field: string;
  /** Events matching the query that have the field. */
  total: number;
  values: { value: string; count: number }[];
}

export interface HealthRow extends Partial<PullStatus> {
  sourceId: string;
  name: string;
  platformId: string | null;
  status: HealthStatus;
  lastEventAt: string | null;
  events1h: number;
  events24h: number;
  rejected24h: number;
  rateLimited24h: number;
  /** 24 hourly buckets, oldest hour first. */
  sparkline: number[];
}

export interface RuleInput {
  name: string;
  description?: string;
  active?: boolean;
  severity: RuleSeverity;
  ruleType: RuleType;
  platformId?: string | null;
  sourceIds?: string[];
  severityFilter?: Severity[];
  cooldownMinutes?: number;
  autoClose?: boolean;
  autoCloseGraceMinutes?: number;
  thresholdField?: string | null;
  thresholdValue?: string | null;
  thresholdCount?: number;
  thresholdWindowMinutes?: number;
  /** 'none', an envelope field or a raw.<path> (SPEC §6 revised). */
  thresholdGroupBy?: GroupBy | (string & {});
  /** Search-language condition (SPEC §5) used instead of the field/value test. */
  condition?: string | null;
  /** Threshold/pattern: minutes an event may arrive behind its timestamp before it counts as late (default 10). */
  allowedLatenessMinutes?: number;
  patternField?: string | null;
  patternValue?: string | null;
  absenceUseSourceHeartbeat?: boolean;
  absenceWindowMinutes?: number | null;
  notifyDesktop?: boolean;
  notifyEndpointIds?: string[];
}
export interface Rule
  extends Required<
    Omit<RuleInput, 'platformId' | 'thresholdField' | 'thresholdValue' | 'patternField' | 'patternValue' | 'absenceWindowMinutes' | 'condition'>
  > {
  id: string;
  condition: string | null;
  platformId: string | null;
  thresholdField: string | null;
  thresholdValue: string | null;
  patternField: string | null;
  patternValue: string | null;
  absenceWindowMinutes: number | null;
  createdAt: string;
  updatedAt: string;
  lastEvaluated: string | null;
  lastTriggered: string | null;
  triggerCount: number;
}
export interface RulePreview {
  /** How many alerts the draft rule would have raised over the window. */
  wouldFire: number;
  /** Matching events considered. */
  matchedEvents: number;
  from: string;
  to: string;
  /** `late`: raised only by events that arrived later than the allowed lateness (silent in live). */
  /** `at`: when it would have been raised; `eventAt`: the timestamp of its first event (differs for late data). */
  firings: { at: string; eventAt: string; groupKey: string; eventCount: number; late: boolean }[];
  /** How many of `wouldFire` came from late data only. */
  lateFirings: number;
}

export interface AlertNote {
  at: string;
  author: string;
  text: string;
}
/** PATCH /v1/alerts/{id}: any of these; `note` appends one note. */
export interface AlertUpdate {
  status?: AlertStatus;
  assignee?: string | null;
  resolutionReason?: AlertResolution | null;
  note?: string;
}

export interface Alert {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: RuleSeverity;
  status: AlertStatus;
  groupKey: string;
  title: string;
  firstSeenAt: string;
  lastSeenAt: string;
  eventCount: number;
  sampleEventIds: string[];
  sourceIds: string[];
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  resolvedBy: 'user' | 'auto' | null;
  /** Raised only by events later than the rule's allowed lateness: shown, forwarded, never toasted. */
  late: boolean;
  assignee: string | null;
  /** Why it was resolved (e.g. false positive); null while not resolved or not given. */
  resolutionReason: AlertResolution | null;
  notes: AlertNote[];
  /** Log Viewer query and window that show exactly this alert's events. */
  query: string;
  queryFrom: string;
  queryTo: string;
}

export interface EndpointInput {
  name: string;
  url: string;
  caCertPem?: string | null;
  authType?: AuthType;
  authHeaderName?: string | null;
  authValue?: string | null;
  format?: EndpointFormat;
  categories?: SecurityCategory[];
  alerts?: boolean;
  logs?: boolean;
  logSourceIds?: string[];
  minSeverity?: Severity;
  enabled?: boolean;
}
export interface Endpoint {
  id: string;
  name: string;
  url: string;
  caCertPem: string | null;
  authType: AuthType;
  authHeaderName: string | null;
  authValueSet: boolean;
  format: EndpointFormat;
  categories: SecurityCategory[];
  alerts: boolean;
  logs: boolean;
  logSourceIds: string[];
  minSeverity: Severity;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  lastDeliveryAt: string | null;
  createdAt: string;
  updatedAt: string;
}
/** Returned once when an endpoint is created (Standard Webhooks signing secret). */
export interface EndpointCreated extends Endpoint {
  signingSecret: string;
}
export interface Delivery {
  id: string;
  endpointId: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  webhookId: string;
  eventCount: number;
  kind: 'security' | 'alert' | 'logs' | 'test';
}
export interface EndpointTestResult {
  ok: boolean;
  status: number | null;
  message: string;
  deliveryId: string;
}

export interface ListOf<T> {
  items: T[];
}

/** Watchpost's own security event, in seed 003's payload shape. */
export interface SecurityEvent {
  id: string;
  timestamp: string;
  category: SecurityCategory;
  type: string;
  severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
  actor: { userId: string; email?: string; ipAddress?: string; userAgent?: string };
  resource: { type: string; id: string };
  details: Record<string, unknown>;
  organization: { id: string; name: string };
  tenant: string;
}

/** HTTPS on the ingest port (docs/ingest-hardening.md): what "How to send events" shows. */
export interface IngestTlsInfo {
  /** `auto`: HTTP and HTTPS on the ingest port; `required`: HTTPS only (plain HTTP gets 426). */
  mode: 'auto' | 'required';
  httpsUrl: string;
  lanHttpsUrls: string[];
  /** SHA-256 of the certificate, colon-separated hex (what `openssl x509 -fingerprint -sha256` prints). */
  fingerprint256: string;
  /** curl `--pinnedpubkey` value: `sha256//` + base64 SHA-256 of the public key. */
  pinnedPubKey: string;
  certPem: string;
  origin: 'generated' | 'user';
  validTo: string;
}

export interface AppInfo {
  mode: 'desktop' | 'headless';
  version: string;
  ingestUrl: string;
  /** Ingest URLs on this machine's LAN addresses, for "How to send events". */
  lanIngestUrls: string[];
  /** HTTPS on the ingest port; null (or absent) when TLS is off. */
  ingestTls?: IngestTlsInfo | null;
  dataDir: string;
  /** Set when secrets fall back to weak storage (safeStorage basic_text). */
  secretStorageWarning: string | null;
}

/** A saved Log Viewer search (issue 14): query, time range as the events API takes it, columns, sort. */
export interface SavedSearchInput {
  /** Unique case-insensitively. */
  name: string;
  /** SPEC §5 query; '' matches everything. */
  query?: string;
  /** As the events API and the Log Viewer link take it: relative (`24h`), `now`, or ISO 8601. Default `24h`. */
  from?: string;
  /** Default `now`. */
  to?: string;
  /** Custom Fields columns (`raw.a.b`), in order. */
  columns?: string[];
  sort?: SearchSort;
}
export interface SavedSearch extends Required<SavedSearchInput> {
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** A panel's cell in the dashboard grid (12 columns; y grows downwards). Panels are ordered by (y, x). */
export interface PanelLayout {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface PanelInput {
  /** Stable within its dashboard; generated when absent. */
  id?: string;
  title: string;
  kind: PanelKind;
  /** SPEC §5 query; '' matches everything. ANDed with the saved search's query when both are set. */
  query?: string;
  /** Use a saved search's query (its time range is not used: the dashboard's range applies). */
  savedSearchId?: string | null;
  /** timeseries: the field the counts are stacked by (default `severity`); top: the field ranked (required). */
  field?: string | null;
  /** table: columns to show (envelope names or `raw.` paths). */
  columns?: string[];
  /** top: N values; table: rows; timeseries: series drawn before the rest folds into "other". */
  limit?: number;
  /** Default: a full-width row under the last panel. */
  layout?: PanelLayout;
}
export interface Panel extends Required<Omit<PanelInput, 'savedSearchId' | 'field'>> {
  savedSearchId: string | null;
  field: string | null;
}
/** Dashboard-wide filters: combined with every event panel's query exactly as the Log Viewer would. */
export interface DashboardFilters {
  platformId: string | null;
  sourceId: string | null;
  /** Default `24h`. */
  from: string;
  /** Default `now`. */
  to: string;
}
export interface DashboardInput {
  name: string;
  description?: string;
  /** Defaults the dashboard opens with. */
  filters?: Partial<DashboardFilters>;
  panels?: PanelInput[];
}
export interface Dashboard {
  id: string;
  name: string;
  description: string;
  /** The Overview: read-only, cannot be deleted (duplicate it to change it). */
  builtIn: boolean;
  filters: DashboardFilters;
  panels: Panel[];
  createdAt: string;
  updatedAt: string;
}
/** What `dashboards.export` returns and `dashboards.import` takes. */
export interface DashboardExport {
  format: 'watchpost-dashboard';
  version: number;
  exportedAt?: string;
  /** Panels carry their effective query; saved-search references are inlined on export. */
  dashboard: DashboardInput;
}

/** The Log Viewer search that reproduces a number exactly: `q` with absolute ISO `from`/`to`. */
export interface Drilldown {
  q: string;
  from: string;
  to: string;
}
export interface TimeseriesSeries {
  /** The field's value, or null for "other" (every value not drawn, and events without the field). */
  value: string | null;
  total: number;
  /** For one bucket of this series, use this `q` with the bucket's start/end. */
  drilldown: Drilldown;
}
export interface TimeseriesData {
  kind: 'timeseries';
  field: string;
  series: TimeseriesSeries[];
  /** `counts[i]` belongs to `series[i]`. */
  buckets: { start: string; end: string; counts: number[] }[];
  total: number;
  drilldown: Drilldown;
}
export interface TopData {
  kind: 'top';
  field: string;
  /** Events matching the panel that have the field. */
  total: number;
  values: { value: string; count: number; drilldown: Drilldown }[];
  drilldown: Drilldown;
}
export interface NumberData {
  kind: 'number';
  count: number;
  /** The same count over the previous period of equal length. */
  previous: number;
  change: number;
  /** null when `previous` is 0. */
  changePercent: number | null;
  drilldown: Drilldown;
  previousDrilldown: Drilldown;
}
export interface TableData {
  kind: 'table';
  columns: string[];
  events: WatchpostEvent[];
  drilldown: Drilldown;
}
export interface AlertsData {
  kind: 'alerts';
  /** Unresolved (open or acknowledged) alerts now, whatever the time range. */
  total: number;
  rows: { ruleId: string; ruleName: string; severity: RuleSeverity; open: number; acknowledged: number }[];
}
export interface SourceHealthData {
  kind: 'sourceHealth';
  total: number;
  counts: Record<HealthStatus, number>;
  /** Sources past their heartbeat, longest silent first. */
  silent: { sourceId: string; name: string; platformId: string | null; lastEventAt: string | null }[];
}
export type PanelValue = TimeseriesData | TopData | NumberData | TableData | AlertsData | SourceHealthData;
/** One panel's result: `data`, or `error` (a bad panel never breaks the others). */
export interface PanelResult {
  panelId: string;
  kind: PanelKind;
  data: PanelValue | null;
  error: ApiErrorBody | null;
  /** When this result was computed (a `live` refresh may answer with an earlier one, see DashboardDataInput.live). */
  computedAt?: string;
}
/** Filters of one evaluation; '' or absent platform/source means all. */
export interface DashboardDataInput {
  platformId?: string | null;
  sourceId?: string | null;
  from?: string;
  to?: string;
  /**
   * An automatic (live) refresh: a panel whose last evaluation is recent compared with what it
   * costs may be answered from that evaluation (its `computedAt` says when), so refreshing
   * dashboards never takes more than about a tenth of the engine's time from ingest. Leave unset
   * for loads the analyst asked for (open, filter change, refresh button).
   */
  live?: boolean;
}
export interface DashboardData {
  dashboardId: string;
  /** The resolved absolute range every panel used. */
  from: string;
  to: string;
  panels: PanelResult[];
}
