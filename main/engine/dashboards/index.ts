/**
 * Saved searches and dashboards as an engine domain (issue 14): CRUD for both, the built-in
 * Overview, export/import, and panel data answered by the search service's worker threads.
 * Decisions: docs/dashboards.md (engine part).
 */
import type { SearchService } from '../search/pool.ts';
import type { Domain, DomainContext } from '../context.ts';
import { healthRows } from '../sources/health.ts';
import type { Panel } from '../../../shared/types.ts';
import { asInput, fail, idOf, rejectUnknown } from '../validate.ts';
import { DashboardStore } from './dashboard-store.ts';
import { DEFAULT_FILTERS, panelOf } from './dashboard-input.ts';
import type { Lookups } from './dashboard-input.ts';
import { evaluateDashboard, evaluatePanel, resolveScope } from './panel-data.ts';
import type { PanelDeps } from './panel-data.ts';
import { LiveResults } from './live-results.ts';
import { SavedSearchStore } from './saved-searches.ts';

export interface DashboardsDomain extends Domain {
  readonly savedSearches: SavedSearchStore;
  readonly dashboards: DashboardStore;
}

const FILTER_FIELDS = ['platformId', 'sourceId', 'from', 'to'] as const;

/** A yes/no parameter that may arrive as query-string text (`live=true`). */
function queryFlag(field: string, v: unknown): boolean {
  if (v === undefined || v === false || v === 'false' || v === '') return false;
  if (v === true || v === 'true') return true;
  return fail(field, 'must be true or false');
}

export function createDashboardsDomain(ctx: DomainContext, search: SearchService): DashboardsDomain {
  const { db, clock, sources } = ctx;
  const saved = new SavedSearchStore(db, clock);
  const platformExists = (id: string) => db.prepare('SELECT 1 FROM platforms WHERE id = ?').get(id) !== undefined;
  const lookups = (): Lookups => ({
    platformExists,
    sourceExists: (id) => sources.byId(id) !== undefined,
    savedSearchExists: (id) => saved.find(id) !== null,
    nowMs: clock.now(),
  });
  const dashboards = new DashboardStore(db, clock, lookups);
  const liveResults = new LiveResults();
  const deps: PanelDeps = {
    db,
    search,
    sources: () => sources.all(),
    platformExists,
    healthRows: (now) => healthRows(db, sources.all(), now),
    savedSearch: (id) => saved.find(id),
  };

  return {
    savedSearches: saved,
    dashboards,
    handlers: {
      'savedSearches.list': () => ({ items: saved.list() }),
      'savedSearches.create': (input) => saved.create(input),
      'savedSearches.get': (input) => saved.get(idOf(input)),
      'savedSearches.update': (input) => saved.update(idOf(input), input),
      'savedSearches.delete': (input) => {
        const id = idOf(input);
        return saved.delete(id, dashboards.usingSavedSearch(id));
      },

      'dashboards.list': () => ({ items: dashboards.list() }),
      'dashboards.create': (input) => dashboards.create(input),
      'dashboards.get': (input) => dashboards.get(idOf(input)),
      'dashboards.update': (input) => dashboards.update(idOf(input), input),
      'dashboards.delete': (input) => dashboards.delete(idOf(input)),
      'dashboards.duplicate': (input) => dashboards.duplicate(idOf(input), input),
      'dashboards.export': (input) => dashboards.export(idOf(input), (id) => saved.find(id)),
      'dashboards.import': (input) => dashboards.import(input),
      'dashboards.data': (input) => {
        const o = asInput(input, 'input');
        rejectUnknown(o, ['id', 'panelId', 'live', ...FILTER_FIELDS], 'dashboard data');
        const d = dashboards.get(idOf(input));
        const scope = resolveScope(input, d.filters, deps, clock.now());
        const live = queryFlag('live', o['live']);
        const key = (p: Panel) => JSON.stringify([d.id, p, scope.platformId, scope.sourceId, scope.rangeText]);
        const panelId = typeof o['panelId'] === 'string' ? o['panelId'] : undefined;
        return evaluateDashboard(d, scope, deps, panelId, (p, compute) => liveResults.get(key(p), live, compute));
      },
      'dashboards.previewPanel': (input) => {
        const o = asInput(input, 'input');
        rejectUnknown(o, ['panel', ...FILTER_FIELDS], 'panel preview');
        const panel = panelOf('panel', o['panel'], lookups(), 0);
        return evaluatePanel(panel, resolveScope(input, DEFAULT_FILTERS, deps, clock.now()), deps);
      },
    },
  };
}
