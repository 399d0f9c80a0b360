/**
 * Saved searches and dashboards (issue 14): the constants the engine checks and the UI's editor
 * offers, in one place. Types are in types.ts; methods and routes in api.ts.
 */

/**
 * Panel kinds. Event panels (`timeseries`, `top`, `number`, `table`) evaluate a SPEC §5 query;
 * `alerts` (open alerts by rule and severity) and `sourceHealth` (Source Health summary) read the
 * alert and health data, so the built-in Overview is a dashboard definition like any other.
 */
export const PANEL_KINDS = ['timeseries', 'top', 'number', 'table', 'alerts', 'sourceHealth'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

export const SEARCH_SORTS = ['newest', 'oldest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** The built-in, read-only Overview dashboard: always present under this id. */
export const OVERVIEW_DASHBOARD_ID = 'overview';

/** `format` and `version` of an exported dashboard file; import refuses any other. */
export const DASHBOARD_EXPORT_FORMAT = 'watchpost-dashboard';
export const DASHBOARD_EXPORT_VERSION = 1;

/** Bounds for dashboards and panels (the grid is 12 columns wide, like most dashboard tools). */
export const DASHBOARD_LIMITS = {
  gridColumns: 12,
  maxPanelHeight: 24,
  maxGridY: 1000,
  maxPanels: 50,
  maxColumns: 20,
  maxTopN: 50,
  defaultTopN: 10,
  maxTableRows: 100,
  defaultTableRows: 20,
  /** Time panels: buckets over the range (histogram). */
  defaultBuckets: 48,
  /** Stacked series drawn separately; the rest of the values fold into "other". */
  maxSeries: 10,
  defaultSeries: 5,
  queryChars: 2000,
  titleChars: 200,
} as const;

/** Columns a table panel can show besides `raw.` paths (the Log Viewer's standard columns). */
export const TABLE_COLUMNS = ['timestamp', 'severity', 'source', 'host', 'user', 'category', 'action', 'outcome', 'message', 'tags'] as const;
export const DEFAULT_TABLE_COLUMNS: readonly string[] = ['timestamp', 'severity', 'source', 'host', 'message'];
