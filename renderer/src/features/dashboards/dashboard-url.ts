/**
 * A dashboard view as a link: `#/dashboards/<id>?platform=…&source=…&from=…&to=…`. The filters bar
 * writes every change here, so a pasted link, a reload or Back restores exactly what was shown.
 * A filter absent from the link takes the dashboard's saved default; `all` means "no filter" even
 * when the dashboard's default names a platform or source.
 */
import { OVERVIEW_DASHBOARD_ID } from '../../../../shared/dashboards.ts';
import type { DashboardFilters } from '../../../../shared/types.ts';
import { boundMs, canonicalBound } from '../log-viewer/log-viewer-time.ts';

const DASHBOARDS_ROUTE = 'dashboards';

/** What the link says; undefined = not in the link (use the dashboard's default). */
export interface DashboardView {
  id: string;
  platformId?: string | null;
  sourceId?: string | null;
  from?: string;
  to?: string;
}

const ID = /^[A-Za-z0-9_-]{1,80}$/;

function idParam(p: URLSearchParams, key: string): string | null | undefined {
  const v = p.get(key);
  if (v === null || v === '') return undefined;
  if (v === 'all') return null;
  return ID.test(v) ? v : undefined;
}

/** The view a route `rest` (`<id>`) and hash carry; unreadable parts fall back to the defaults. */
export function parseDashboardView(rest: string, hash: string): DashboardView {
  const id = ID.test(rest) ? rest : OVERVIEW_DASHBOARD_ID;
  const q = hash.indexOf('?');
  const p = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  const view: DashboardView = { id };
  const platformId = idParam(p, 'platform');
  const sourceId = idParam(p, 'source');
  if (platformId !== undefined) view.platformId = platformId;
  if (sourceId !== undefined) view.sourceId = sourceId;
  const from = canonicalBound(p.get('from') ?? '', 'utc');
  const to = canonicalBound(p.get('to') ?? 'now', 'utc');
  const now = Date.now();
  if (from && to && boundMs(from, now) < boundMs(to, now)) {
    view.from = from;
    view.to = to;
  }
  return view;
}

/** The filters in effect: the link's, else the dashboard's defaults. */
export function effectiveFilters(view: DashboardView, defaults: DashboardFilters): DashboardFilters {
  return {
    platformId: view.platformId !== undefined ? view.platformId : defaults.platformId,
    sourceId: view.sourceId !== undefined ? view.sourceId : defaults.sourceId,
    from: view.from ?? defaults.from,
    to: view.to ?? defaults.to,
  };
}

/** `dashboards/<id>?…` (a navigate() path) for a dashboard shown with `filters`. */
export function dashboardPath(id: string, filters?: DashboardFilters): string {
  if (!filters) return `${DASHBOARDS_ROUTE}/${id}`;
  const p = new URLSearchParams();
  p.set('platform', filters.platformId ?? 'all');
  p.set('source', filters.sourceId ?? 'all');
  p.set('from', filters.from);
  if (filters.to !== 'now') p.set('to', filters.to);
  return `${DASHBOARDS_ROUTE}/${id}?${p.toString()}`;
}
