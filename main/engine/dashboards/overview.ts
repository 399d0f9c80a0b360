/**
 * The built-in Overview: a dashboard definition like any user dashboard (data, not UI code), so it
 * is evaluated, filtered, drilled into and duplicated by the same paths. It is not stored: every
 * build shows its own current Overview, and it cannot be edited or deleted (duplicate it instead).
 */
import { OVERVIEW_DASHBOARD_ID } from '../../../shared/dashboards.ts';
import type { Dashboard, PanelInput } from '../../../shared/types.ts';
import { DEFAULT_FILTERS, panelsOf } from './dashboard-input.ts';

/** Eight panels: what an analyst checks first in the morning and first in an incident. */
const OVERVIEW_PANELS: PanelInput[] = [
  { id: 'events-total', title: 'Events', kind: 'number', layout: { x: 0, y: 0, w: 4, h: 2 } },
  { id: 'failed-auth-total', title: 'Failed authentications', kind: 'number', query: 'category:auth outcome:failure', layout: { x: 4, y: 0, w: 5, h: 2 } },
  { id: 'source-health', title: 'Source health', kind: 'sourceHealth', layout: { x: 9, y: 0, w: 3, h: 6 } },
  { id: 'events-by-severity', title: 'Events over time by severity', kind: 'timeseries', field: 'severity', layout: { x: 0, y: 2, w: 9, h: 4 } },
  { id: 'top-sources', title: 'Top sources', kind: 'top', field: 'source', layout: { x: 0, y: 6, w: 3, h: 4 } },
  { id: 'top-hosts', title: 'Top hosts', kind: 'top', field: 'host', layout: { x: 3, y: 6, w: 3, h: 4 } },
  {
    id: 'failed-auth-by-user',
    title: 'Failed authentications by user',
    kind: 'top',
    field: 'user',
    query: 'category:auth outcome:failure',
    layout: { x: 6, y: 6, w: 3, h: 4 },
  },
  { id: 'open-alerts', title: 'Open alerts by rule and severity', kind: 'alerts', layout: { x: 9, y: 6, w: 3, h: 4 } },
];

const NO_LOOKUPS = { platformExists: () => false, sourceExists: () => false, savedSearchExists: () => false, nowMs: 0 };

/** The Overview as the API shows it (checked by the same rules as any dashboard). */
export function overviewDashboard(): Dashboard {
  return {
    id: OVERVIEW_DASHBOARD_ID,
    name: 'Overview',
    description: 'Built in: events, failed sign-ins, source health and open alerts at a glance.',
    builtIn: true,
    filters: { ...DEFAULT_FILTERS },
    panels: panelsOf('overview.panels', OVERVIEW_PANELS, NO_LOOKUPS),
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
  };
}
