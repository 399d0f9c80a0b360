/**
 * Checking a dashboard document (create, update, import): every refusal names the path of the bad
 * value from the top of what was sent (`panels[2].kind must be one of …`, or `dashboard.panels[2]…`
 * inside an import file). Nothing is stored unless the whole document passes.
 */
import { randomUUID } from 'node:crypto';
import { DASHBOARD_LIMITS, DEFAULT_TABLE_COLUMNS, PANEL_KINDS } from '../../../shared/dashboards.ts';
import type { PanelKind } from '../../../shared/dashboards.ts';
import { CONFIG_LIMITS } from '../../../shared/limits.ts';
import type { DashboardFilters, Panel, PanelInput, PanelLayout } from '../../../shared/types.ts';
import { asInput, choice, fail, rejectUnknown, text, whole } from '../validate.ts';
import type { Input } from '../validate.ts';
import { columnList, panelField, queryText, rangeBounds } from './checks.ts';

/** What a dashboard document must refer to that lives elsewhere (platforms, sources, saved searches). */
export interface Lookups {
  platformExists(id: string): boolean;
  sourceExists(id: string): boolean;
  savedSearchExists(id: string): boolean;
  nowMs: number;
}

export interface DashboardDoc {
  name: string;
  description: string;
  filters: DashboardFilters;
  panels: Panel[];
}

const PANEL_FIELDS = ['id', 'title', 'kind', 'query', 'savedSearchId', 'field', 'columns', 'limit', 'layout'] as const;
const EVENT_KINDS: readonly PanelKind[] = ['timeseries', 'top', 'number', 'table'];

/** `limit` per kind: [default, most]; `number` has none. */
const LIMIT_BOUNDS: Record<PanelKind, readonly [number, number] | null> = {
  timeseries: [DASHBOARD_LIMITS.defaultSeries, DASHBOARD_LIMITS.maxSeries],
  top: [DASHBOARD_LIMITS.defaultTopN, DASHBOARD_LIMITS.maxTopN],
  number: null,
  table: [DASHBOARD_LIMITS.defaultTableRows, DASHBOARD_LIMITS.maxTableRows],
  alerts: [DASHBOARD_LIMITS.defaultTopN, DASHBOARD_LIMITS.maxTopN],
  sourceHealth: [DASHBOARD_LIMITS.defaultTopN, DASHBOARD_LIMITS.maxTableRows],
};

const absent = (v: unknown) => v === undefined || v === null;

/** Refuse a value the panel's kind has no use for, rather than store it and ignore it. */
function notFor(path: string, v: unknown, kind: PanelKind): void {
  const empty = absent(v) || v === '' || (Array.isArray(v) && v.length === 0);
  if (!empty) fail(path, `does not apply to a ${kind} panel`);
}

function layoutOf(path: string, v: unknown): PanelLayout {
  const o = asInput(v, path);
  rejectUnknown(o, ['x', 'y', 'w', 'h'], path);
  const cols = DASHBOARD_LIMITS.gridColumns;
  const x = whole(`${path}.x`, o['x'], { min: 0, max: cols - 1 });
  const w = whole(`${path}.w`, o['w'], { min: 1, max: cols });
  if (x + w > cols) fail(`${path}.w`, `must fit the ${cols}-column grid (x ${x} + w ${w} > ${cols})`);
  return {
    x,
    y: whole(`${path}.y`, o['y'], { min: 0, max: DASHBOARD_LIMITS.maxGridY }),
    w,
    h: whole(`${path}.h`, o['h'], { min: 1, max: DASHBOARD_LIMITS.maxPanelHeight }),
  };
}

/** One panel checked; without a layout it goes full width at `nextY`. */
export function panelOf(path: string, v: unknown, look: Lookups, nextY: number): Panel {
  const p = asInput(v, path);
  rejectUnknown(p, PANEL_FIELDS, path);
  const kind = choice(`${path}.kind`, p['kind'], PANEL_KINDS);
  const isEvent = EVENT_KINDS.includes(kind);
  const id = absent(p['id']) ? `p_${randomUUID().slice(0, 8)}` : text(`${path}.id`, p['id'], { min: 1, max: 64 });
  if (!/^[A-Za-z0-9_-]+$/.test(id)) fail(`${path}.id`, 'may hold only letters, digits, _ and -');
  let savedSearchId: string | null = null;
  if (!isEvent) {
    for (const f of ['query', 'savedSearchId', 'field', 'columns'] as const) notFor(`${path}.${f}`, p[f], kind);
  } else if (!absent(p['savedSearchId']) && p['savedSearchId'] !== '') {
    savedSearchId = text(`${path}.savedSearchId`, p['savedSearchId'], { min: 1, max: CONFIG_LIMITS.idChars });
    if (!look.savedSearchExists(savedSearchId)) fail(`${path}.savedSearchId`, `names no saved search (${savedSearchId})`);
  }
  let field: string | null = null;
  if (kind === 'top') field = panelField(`${path}.field`, p['field']);
  else if (kind === 'timeseries') field = absent(p['field']) || p['field'] === '' ? 'severity' : panelField(`${path}.field`, p['field']);
  else notFor(`${path}.field`, p['field'], kind);
  let columns: string[] = [];
  if (kind === 'table') columns = absent(p['columns']) ? [...DEFAULT_TABLE_COLUMNS] : columnList(`${path}.columns`, p['columns'], { standard: true });
  else notFor(`${path}.columns`, p['columns'], kind);
  const bounds = LIMIT_BOUNDS[kind];
  let limit = 1;
  if (bounds === null) notFor(`${path}.limit`, p['limit'], kind);
  else limit = absent(p['limit']) ? bounds[0] : whole(`${path}.limit`, p['limit'], { min: 1, max: bounds[1] });
  return {
    id,
    title: text(`${path}.title`, p['title'], { min: 1, max: DASHBOARD_LIMITS.titleChars }),
    kind,
    query: isEvent ? queryText(`${path}.query`, p['query']) : '',
    savedSearchId,
    field,
    columns,
    limit,
    layout: absent(p['layout']) ? { x: 0, y: nextY, w: DASHBOARD_LIMITS.gridColumns, h: 4 } : layoutOf(`${path}.layout`, p['layout']),
  };
}

/** A panel as input again, with only the fields its kind uses (what export writes and import reads back). */
export function panelInputOf(p: Panel, query: string): PanelInput {
  const out: PanelInput = { id: p.id, title: p.title, kind: p.kind };
  if (EVENT_KINDS.includes(p.kind)) out.query = query;
  if (p.field !== null) out.field = p.field;
  if (p.kind === 'table') out.columns = p.columns;
  if (LIMIT_BOUNDS[p.kind] !== null) out.limit = p.limit;
  out.layout = p.layout;
  return out;
}

function overlaps(a: PanelLayout, b: PanelLayout): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Panels in order, each checked; ids unique; no two cells overlap. Stored ordered by (y, x). */
export function panelsOf(path: string, v: unknown, look: Lookups): Panel[] {
  if (absent(v)) return [];
  if (!Array.isArray(v)) fail(path, 'must be a list of panels');
  if (v.length > DASHBOARD_LIMITS.maxPanels) fail(path, `may hold at most ${DASHBOARD_LIMITS.maxPanels} panels`);
  const out: Panel[] = [];
  for (const [i, item] of v.entries()) {
    const nextY = out.reduce((m, p) => Math.max(m, p.layout.y + p.layout.h), 0);
    const panel = panelOf(`${path}[${i}]`, item, look, nextY);
    const same = out.findIndex((p) => p.id === panel.id);
    if (same >= 0) fail(`${path}[${i}].id`, `repeats the id of ${path}[${same}] (${panel.id})`);
    const hit = out.findIndex((p) => overlaps(p.layout, panel.layout));
    if (hit >= 0) fail(`${path}[${i}].layout`, `overlaps ${path}[${hit}] ("${out[hit]!.title}")`);
    out.push(panel);
  }
  return out.sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
}

/** Filters over the current ones (or the defaults): every reference must exist, the range must parse. */
export function filtersOf(path: string, v: unknown, cur: DashboardFilters, look: Lookups): DashboardFilters {
  if (absent(v)) return cur;
  const o = asInput(v, path);
  rejectUnknown(o, ['platformId', 'sourceId', 'from', 'to'], path);
  const ref = (f: 'platformId' | 'sourceId', exists: (id: string) => boolean, what: string): string | null => {
    if (o[f] === undefined) return cur[f];
    if (o[f] === null || o[f] === '') return null;
    const id = text(`${path}.${f}`, o[f], { min: 1, max: CONFIG_LIMITS.idChars });
    if (!exists(id)) fail(`${path}.${f}`, `names no ${what} (${id})`);
    return id;
  };
  const from = o['from'] === undefined ? cur.from : text(`${path}.from`, o['from'], { min: 1, max: 64 });
  const to = o['to'] === undefined ? cur.to : text(`${path}.to`, o['to'], { min: 1, max: 64 });
  rangeBounds(`${path}.from`, `${path}.to`, from, to, look.nowMs);
  return { platformId: ref('platformId', look.platformExists, 'platform'), sourceId: ref('sourceId', look.sourceExists, 'log source'), from, to };
}

export const DEFAULT_FILTERS: DashboardFilters = { platformId: null, sourceId: null, from: '24h', to: 'now' };

/** A whole dashboard document (create/import) or the fields an update changes over `cur`. */
export function dashboardOf(prefix: string, input: Input, cur: DashboardDoc | null, look: Lookups): DashboardDoc {
  rejectUnknown(
    input,
    cur ? ['id', 'name', 'description', 'filters', 'panels'] : ['name', 'description', 'filters', 'panels'],
    prefix ? prefix.slice(0, -1) : 'dashboard',
  );
  const has = (f: string) => input[f] !== undefined;
  return {
    name: has('name') || !cur ? text(`${prefix}name`, input['name'], { min: 1, max: CONFIG_LIMITS.nameChars }) : cur.name,
    description: has('description') ? text(`${prefix}description`, input['description'], { max: CONFIG_LIMITS.descriptionChars }) : (cur?.description ?? ''),
    filters: filtersOf(`${prefix}filters`, input['filters'], cur?.filters ?? DEFAULT_FILTERS, look),
    panels: has('panels') || !cur ? panelsOf(`${prefix}panels`, input['panels'], look) : cur.panels,
  };
}
