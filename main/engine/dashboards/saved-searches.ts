/**
 * Saved searches: a Log Viewer search (query, time range, Custom Fields columns, sort) under a
 * name unique ignoring case. The range is kept as typed (`24h` stays relative), so opening a saved
 * search shows the last 24 h of the day it is opened, as analysts expect.
 */
import { randomUUID } from 'node:crypto';
import { SEARCH_SORTS } from '../../../shared/dashboards.ts';
import type { SearchSort } from '../../../shared/dashboards.ts';
import { conflict, notFound } from '../../../shared/errors.ts';
import { CONFIG_LIMITS } from '../../../shared/limits.ts';
import type { SavedSearch } from '../../../shared/types.ts';
import type { Clock } from '../clock.ts';
import { iso } from '../clock.ts';
import type { Db } from '../store/db.ts';
import { asInput, choice, rejectUnknown, text } from '../validate.ts';
import type { Input } from '../validate.ts';
import { columnList, nameKey, queryText, rangeBounds } from './checks.ts';

interface Row {
  id: string;
  name: string;
  query: string;
  range_from: string;
  range_to: string;
  columns: string;
  sort: string;
  created_at: number;
  updated_at: number;
}

const FIELDS = ['name', 'query', 'from', 'to', 'columns', 'sort'] as const;

function toSavedSearch(r: Row): SavedSearch {
  return {
    id: r.id,
    name: r.name,
    query: r.query,
    from: r.range_from,
    to: r.range_to,
    columns: JSON.parse(r.columns) as string[],
    sort: r.sort as SearchSort,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Checked values of a create (all fields, defaults filled) or an update (over the current values). */
function checked(input: Input, cur: SavedSearch | null, nowMs: number): Omit<SavedSearch, 'id' | 'createdAt' | 'updatedAt'> {
  const has = (f: string) => input[f] !== undefined;
  const name = has('name') || !cur ? text('name', input['name'], { min: 1, max: CONFIG_LIMITS.nameChars }) : cur.name;
  const from = has('from') ? text('from', input['from'], { min: 1, max: 64 }) : (cur?.from ?? '24h');
  const to = has('to') ? text('to', input['to'], { min: 1, max: 64 }) : (cur?.to ?? 'now');
  rangeBounds('from', 'to', from, to, nowMs);
  return {
    name,
    query: has('query') || !cur ? queryText('query', input['query']) : cur.query,
    from,
    to,
    columns: has('columns') || !cur ? columnList('columns', input['columns'], { standard: false }) : cur.columns,
    sort: has('sort') ? choice('sort', input['sort'], SEARCH_SORTS) : (cur?.sort ?? 'newest'),
  };
}

export class SavedSearchStore {
  private readonly db: Db;
  private readonly clock: Clock;
  constructor(db: Db, clock: Clock) {
    this.db = db;
    this.clock = clock;
  }

  list(): SavedSearch[] {
    return (this.db.prepare('SELECT * FROM saved_searches ORDER BY name_key').all() as Row[]).map(toSavedSearch);
  }

  /** The saved search, or null when there is none with this id. */
  find(id: string): SavedSearch | null {
    const r = this.db.prepare('SELECT * FROM saved_searches WHERE id = ?').get(id) as Row | undefined;
    return r ? toSavedSearch(r) : null;
  }

  get(id: string): SavedSearch {
    const s = this.find(id);
    if (!s) throw notFound('saved search', id);
    return s;
  }

  create(raw: unknown): SavedSearch {
    const input = asInput(raw, 'saved search');
    rejectUnknown(input, FIELDS, 'saved search');
    const now = this.clock.now();
    const v = checked(input, null, now);
    this.assertNameFree(v.name, null);
    const id = `ss_${randomUUID()}`;
    this.db
      .prepare(
        'INSERT INTO saved_searches (id, name, name_key, query, range_from, range_to, columns, sort, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)',
      )
      .run(id, v.name, nameKey(v.name), v.query, v.from, v.to, JSON.stringify(v.columns), v.sort, now, now);
    return this.get(id);
  }

  update(id: string, raw: unknown): SavedSearch {
    const input = asInput(raw, 'saved search');
    rejectUnknown(input, ['id', ...FIELDS], 'saved search');
    const cur = this.get(id);
    const v = checked(input, cur, this.clock.now());
    this.assertNameFree(v.name, id);
    this.db
      .prepare('UPDATE saved_searches SET name=?, name_key=?, query=?, range_from=?, range_to=?, columns=?, sort=?, updated_at=? WHERE id=?')
      .run(v.name, nameKey(v.name), v.query, v.from, v.to, JSON.stringify(v.columns), v.sort, this.clock.now(), id);
    return this.get(id);
  }

  /** Refused while a dashboard panel uses it (the panel would silently lose its query). */
  delete(id: string, usedBy: readonly string[]): { deleted: true } {
    const s = this.get(id);
    if (usedBy.length > 0)
      throw conflict(`saved search "${s.name}" is used by dashboard(s) ${usedBy.map((n) => `"${n}"`).join(', ')}; remove it from their panels first`, {
        dashboards: usedBy,
      });
    this.db.prepare('DELETE FROM saved_searches WHERE id = ?').run(id);
    return { deleted: true };
  }

  private assertNameFree(name: string, exceptId: string | null): void {
    const taken = this.db.prepare('SELECT id, name FROM saved_searches WHERE name_key = ? AND id IS NOT ?').get(nameKey(name), exceptId) as
      | { id: string; name: string }
      | undefined;
    if (taken)
      throw conflict(`name "${name}" is already used by saved search "${taken.name}" (names are unique, ignoring case)`, {
        field: 'name',
        savedSearchId: taken.id,
      });
  }
}
