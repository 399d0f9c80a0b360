/**
 * Evaluating panels for a dashboard's filters. The platform and source filters become query
 * clauses (`platform:=<id> source:=<id>`) ANDed with the panel's query, the way an analyst would
 * type them in the Log Viewer, so every drill-down is an ordinary Log Viewer search. Panels are
 * evaluated concurrently (search runs on worker threads); one failing panel reports its error and
 * leaves the others intact.
 */
import { DASHBOARD_LIMITS } from '../../../shared/dashboards.ts';
import { notFound } from '../../../shared/errors.ts';
import { andQueries, filterClause } from '../../../shared/query/clause.ts';
import type { Dashboard, DashboardData, DashboardDataInput, HealthRow, Panel, PanelResult, PanelValue, SavedSearch } from '../../../shared/types.ts';
import { toErrorResponse } from '../api/dispatcher.ts';
import type { SourceInfo } from '../context.ts';
import type { SearchService } from '../search/pool.ts';
import type { Db } from '../store/db.ts';
import { fail, text } from '../validate.ts';
import { alignWindow } from './align.ts';
import { rangeBounds } from './checks.ts';
import { numberPanel, tablePanel, timeseriesPanel, topPanel } from './panel-events.ts';
import type { EventScope } from './panel-events.ts';
import { alertsPanel, sourceHealthPanel } from './panel-state.ts';
import type { SourceScope } from './panel-state.ts';

export interface PanelDeps {
  db: Db;
  search: SearchService;
  sources(): SourceInfo[];
  platformExists(id: string): boolean;
  healthRows(nowMs: number): HealthRow[];
  savedSearch(id: string): SavedSearch | null;
}

/** Filters resolved for one evaluation (the window snapped by alignWindow). */
export interface Scope {
  platformId: string | null;
  sourceId: string | null;
  fromMs: number;
  toMs: number;
  buckets: number;
  nowMs: number;
  /** The range as asked (`24h|now`): with the filters, what identifies a live result. */
  rangeText: string;
}

/** The request's filters over the dashboard's defaults; '' or null clears a default. */
export function resolveScope(input: DashboardDataInput, defaults: Dashboard['filters'], deps: PanelDeps, nowMs: number): Scope {
  const ref = (f: 'platformId' | 'sourceId', exists: (id: string) => boolean, what: string): string | null => {
    const v = input[f];
    if (v === undefined) return defaults[f];
    if (v === null || v === '') return null;
    const id = text(f, v, { min: 1, max: 100 });
    if (!exists(id)) fail(f, `names no ${what} (${id})`);
    return id;
  };
  const platformId = ref('platformId', deps.platformExists, 'platform');
  const sourceId = ref('sourceId', (id) => deps.sources().some((s) => s.id === id), 'log source');
  const from = input.from === undefined || input.from === '' ? defaults.from : text('from', input.from, { min: 1, max: 64 });
  const to = input.to === undefined || input.to === '' ? defaults.to : text('to', input.to, { min: 1, max: 64 });
  // `now` as the Log Viewer sends it (no `to`): up to and including the current millisecond.
  const range = rangeBounds('from', 'to', from, to.trim().toLowerCase() === 'now' ? '' : to, nowMs);
  const w = alignWindow(range.fromMs, range.toMs, DASHBOARD_LIMITS.defaultBuckets);
  return { platformId, sourceId, fromMs: w.fromMs, toMs: w.toMs, buckets: w.buckets, nowMs, rangeText: `${from}|${to}` };
}

/** The filters as query text (what the Log Viewer needs to show the same events). */
export function filterQuery(scope: Scope): string {
  return andQueries(scope.platformId ? filterClause('platform', scope.platformId) : '', scope.sourceId ? filterClause('source', scope.sourceId) : '');
}

function sourceScope(scope: Scope, deps: PanelDeps): SourceScope {
  if (!scope.platformId && !scope.sourceId) return null;
  const kept = deps.sources().filter((s) => (!scope.platformId || s.platformId === scope.platformId) && (!scope.sourceId || s.id === scope.sourceId));
  return new Set(kept.map((s) => s.id));
}

/** The panel's query with its saved search's (if any) and the filters, ANDed. */
function effectiveQuery(panel: Panel, scope: Scope, deps: PanelDeps): string {
  let saved = '';
  if (panel.savedSearchId) {
    const s = deps.savedSearch(panel.savedSearchId);
    if (!s) throw notFound('saved search', panel.savedSearchId);
    saved = s.query;
  }
  return andQueries(saved, panel.query, filterQuery(scope));
}

async function valueOf(panel: Panel, scope: Scope, deps: PanelDeps): Promise<PanelValue> {
  switch (panel.kind) {
    case 'alerts':
      return alertsPanel(deps.db, sourceScope(scope, deps), panel.limit);
    case 'sourceHealth':
      return sourceHealthPanel(deps.healthRows(scope.nowMs), sourceScope(scope, deps), panel.limit);
    default: {
      const q = effectiveQuery(panel, scope, deps);
      const s: EventScope = {
        q,
        fromMs: scope.fromMs,
        toMs: scope.toMs,
        buckets: scope.buckets,
        nowMs: scope.nowMs,
        sourceNames: deps.sources().map((x) => x.name),
      };
      if (panel.kind === 'timeseries') return timeseriesPanel(deps.search, panel, s);
      if (panel.kind === 'top') return topPanel(deps.search, panel, s);
      if (panel.kind === 'number') return numberPanel(deps.search, s);
      return tablePanel(deps.search, panel, s);
    }
  }
}

/** One panel's result or its error (as the API would report it). */
export async function evaluatePanel(panel: Panel, scope: Scope, deps: PanelDeps): Promise<PanelResult> {
  try {
    const data = await valueOf(panel, scope, deps);
    return { panelId: panel.id, kind: panel.kind, data, error: null, computedAt: new Date(scope.nowMs).toISOString() };
  } catch (err) {
    const r = toErrorResponse(err);
    return { panelId: panel.id, kind: panel.kind, data: null, error: r.success ? null : r.error, computedAt: new Date(scope.nowMs).toISOString() };
  }
}

/** Runs one panel's evaluation (the live-results cache, or straight through). */
export type PanelRunner = (panel: Panel, compute: () => Promise<PanelResult>) => Promise<PanelResult>;

/** Every panel of a dashboard (or just `panelId`) for the scope. */
export async function evaluateDashboard(d: Dashboard, scope: Scope, deps: PanelDeps, panelId: string | undefined, run: PanelRunner): Promise<DashboardData> {
  const panels = panelId === undefined || panelId === '' ? d.panels : d.panels.filter((p) => p.id === panelId);
  if (panels.length === 0 && panelId) throw notFound(`panel of dashboard ${d.id}:`, panelId);
  const results = await Promise.all(panels.map((p) => run(p, () => evaluatePanel(p, scope, deps))));
  return { dashboardId: d.id, from: new Date(scope.fromMs).toISOString(), to: new Date(scope.toMs).toISOString(), panels: results };
}
