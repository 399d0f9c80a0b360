/**
 * User dashboards in SQLite (one row each, filters and panels as JSON) plus the built-in Overview,
 * which every read sees first and every write refuses. Export writes a portable file; import
 * checks the whole file before anything is stored.
 */
import { randomUUID } from 'node:crypto';
import { DASHBOARD_EXPORT_FORMAT, DASHBOARD_EXPORT_VERSION, OVERVIEW_DASHBOARD_ID } from '../../../shared/dashboards.ts';
import { conflict, notFound } from '../../../shared/errors.ts';
import { andQueries } from '../../../shared/query/clause.ts';
import { CONFIG_LIMITS } from '../../../shared/limits.ts';
import type { Dashboard, DashboardExport, DashboardFilters, Panel, SavedSearch } from '../../../shared/types.ts';
import type { Clock } from '../clock.ts';
import { iso } from '../clock.ts';
import type { Db } from '../store/db.ts';
import { asInput, fail, rejectUnknown, text, whole } from '../validate.ts';
import { nameKey } from './checks.ts';
import { dashboardOf, panelInputOf } from './dashboard-input.ts';
import type { DashboardDoc, Lookups } from './dashboard-input.ts';
import { overviewDashboard } from './overview.ts';

interface Row {
  id: string;
  name: string;
  description: string;
  filters: string;
  panels: string;
  created_at: number;
  updated_at: number;
}

function toDashboard(r: Row): Dashboard {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    builtIn: false,
    filters: JSON.parse(r.filters) as DashboardFilters,
    panels: JSON.parse(r.panels) as Panel[],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export class DashboardStore {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly lookups: () => Lookups;
  constructor(db: Db, clock: Clock, lookups: () => Lookups) {
    this.db = db;
    this.clock = clock;
    this.lookups = lookups;
  }

  /** The Overview first, then user dashboards by name. */
  list(): Dashboard[] {
    const rows = this.db.prepare('SELECT * FROM dashboards ORDER BY name_key').all() as Row[];
    return [overviewDashboard(), ...rows.map(toDashboard)];
  }

  get(id: string): Dashboard {
    if (id === OVERVIEW_DASHBOARD_ID) return overviewDashboard();
    const r = this.db.prepare('SELECT * FROM dashboards WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw notFound('dashboard', id);
    return toDashboard(r);
  }

  create(raw: unknown): Dashboard {
    return this.insert(dashboardOf('', asInput(raw, 'dashboard'), null, this.lookups()));
  }

  update(id: string, raw: unknown): Dashboard {
    const cur = this.writable(id);
    const doc = dashboardOf('', asInput(raw, 'dashboard'), cur, this.lookups());
    this.assertNameFree(doc.name, id);
    this.db
      .prepare('UPDATE dashboards SET name=?, name_key=?, description=?, filters=?, panels=?, updated_at=? WHERE id=?')
      .run(doc.name, nameKey(doc.name), doc.description, JSON.stringify(doc.filters), JSON.stringify(doc.panels), this.clock.now(), id);
    return this.get(id);
  }

  delete(id: string): { deleted: true } {
    this.writable(id);
    this.db.prepare('DELETE FROM dashboards WHERE id = ?').run(id);
    return { deleted: true };
  }

  /** A copy under `name`, or "<name> (copy)", "(copy 2)" … whichever is free. The Overview can be copied. */
  duplicate(id: string, raw: unknown): Dashboard {
    const input = asInput(raw, 'input');
    rejectUnknown(input, ['id', 'name'], 'duplicate');
    const src = this.get(id);
    let name = input['name'] === undefined ? '' : text('name', input['name'], { min: 1, max: CONFIG_LIMITS.nameChars });
    for (let n = 1; name === ''; n++) {
      const candidate = `${src.name} (copy${n > 1 ? ` ${n}` : ''})`.slice(0, CONFIG_LIMITS.nameChars);
      if (!this.nameTaken(candidate, null)) name = candidate;
    }
    return this.insert({ name, description: src.description, filters: src.filters, panels: src.panels });
  }

  /** Names of the dashboards with a panel using this saved search. */
  usingSavedSearch(savedSearchId: string): string[] {
    return this.list()
      .filter((d) => d.panels.some((p) => p.savedSearchId === savedSearchId))
      .map((d) => d.name);
  }

  /**
   * A portable file: each panel carries its effective query (a saved search's query inlined, since
   * ids mean nothing on another machine), and the filters keep only the time range for the same reason.
   */
  export(id: string, savedSearch: (id: string) => SavedSearch | null): DashboardExport {
    const d = this.get(id);
    const panels = d.panels.map((p) => {
      const saved = p.savedSearchId ? savedSearch(p.savedSearchId) : null;
      return panelInputOf(p, saved ? andQueries(saved.query, p.query) : p.query);
    });
    return {
      format: DASHBOARD_EXPORT_FORMAT,
      version: DASHBOARD_EXPORT_VERSION,
      exportedAt: iso(this.clock.now()),
      dashboard: { name: d.name, description: d.description, filters: { from: d.filters.from, to: d.filters.to }, panels },
    };
  }

  /** An exported file, checked whole (paths named from the file's top); `name` overrides the file's name. */
  import(raw: unknown): Dashboard {
    const input = asInput(raw, 'dashboard file');
    rejectUnknown(input, ['format', 'version', 'exportedAt', 'dashboard', 'name'], 'dashboard file');
    if (input['format'] !== DASHBOARD_EXPORT_FORMAT)
      fail('format', `must be "${DASHBOARD_EXPORT_FORMAT}" (got ${JSON.stringify(input['format'])}): not a Watchpost dashboard file`);
    const version = whole('version', input['version'], { min: 1, max: Number.MAX_SAFE_INTEGER });
    if (version > DASHBOARD_EXPORT_VERSION)
      fail('version', `${version} is newer than this Watchpost reads (up to ${DASHBOARD_EXPORT_VERSION}); upgrade Watchpost`);
    const body = asInput(input['dashboard'], 'dashboard');
    const doc = dashboardOf('dashboard.', input['name'] === undefined ? body : { ...body, name: input['name'] }, null, this.lookups());
    return this.insert(doc);
  }

  private insert(doc: DashboardDoc): Dashboard {
    this.assertNameFree(doc.name, null);
    const id = `db_${randomUUID()}`;
    const now = this.clock.now();
    this.db
      .prepare('INSERT INTO dashboards (id, name, name_key, description, filters, panels, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)')
      .run(id, doc.name, nameKey(doc.name), doc.description, JSON.stringify(doc.filters), JSON.stringify(doc.panels), now, now);
    return this.get(id);
  }

  /** The stored dashboard, refusing the built-in Overview. */
  private writable(id: string): Dashboard {
    if (id === OVERVIEW_DASHBOARD_ID) throw conflict('the Overview is built in and read-only; duplicate it to make an editable copy', { id });
    return this.get(id);
  }

  private nameTaken(name: string, exceptId: string | null): Dashboard | undefined {
    return this.list().find((d) => d.id !== exceptId && nameKey(d.name) === nameKey(name));
  }

  private assertNameFree(name: string, exceptId: string | null): void {
    const taken = this.nameTaken(name, exceptId);
    if (taken)
      throw conflict(`name "${name}" is already used by dashboard "${taken.name}" (names are unique, ignoring case)`, { field: 'name', dashboardId: taken.id });
  }
}
