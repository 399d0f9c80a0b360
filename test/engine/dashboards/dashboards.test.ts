import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../shared/errors.ts';
import type { DashboardExport, PanelInput } from '../../../shared/types.ts';
import { dashFixture } from './fixture.ts';
import type { DashFixture } from './fixture.ts';

let f: DashFixture;
beforeEach(async () => {
  f = await dashFixture({ events: 200 });
});
afterEach(async () => {
  await f.close();
});

async function importRefused(file: unknown): Promise<ApiErrorBody> {
  const r = await f.t.engine.api.call('dashboards.import', file as DashboardExport);
  if (r.success) throw new Error('expected a refusal');
  return r.error;
}

const PANELS: PanelInput[] = [
  { title: 'Errors', kind: 'number', query: 'severity:>=error', layout: { x: 0, y: 0, w: 4, h: 2 } },
  { title: 'By host', kind: 'top', field: 'host', layout: { x: 4, y: 0, w: 8, h: 4 } },
  { title: 'Newest', kind: 'table', columns: ['timestamp', 'host', 'raw.status'], limit: 5 },
];

describe('dashboards', () => {
  it('lists the built-in Overview first; it evaluates every panel and cannot be edited or deleted', async () => {
    const list = (await f.t.call('dashboards.list', {})).items;
    expect(list[0]).toMatchObject({ id: 'overview', name: 'Overview', builtIn: true });
    expect(list[0]!.panels.map((p) => p.kind).sort()).toEqual(['alerts', 'number', 'number', 'sourceHealth', 'timeseries', 'top', 'top', 'top']);
    const data = await f.t.call('dashboards.data', { id: 'overview' });
    expect(data.panels.map((p) => p.error)).toEqual(data.panels.map(() => null));
    const health = data.panels.find((p) => p.kind === 'sourceHealth')!.data;
    expect(health?.kind === 'sourceHealth' ? health.total : -1).toBe(4);

    for (const r of [
      await f.t.engine.api.call('dashboards.update', { id: 'overview', name: 'Mine' }),
      await f.t.engine.api.call('dashboards.delete', { id: 'overview' }),
    ]) {
      expect(r.success ? null : r.error.code).toBe('CONFLICT');
    }
    const copy = await f.t.call('dashboards.duplicate', { id: 'overview' });
    expect(copy).toMatchObject({ name: 'Overview (copy)', builtIn: false });
    expect(copy.panels).toEqual(list[0]!.panels);
    expect((await f.t.call('dashboards.duplicate', { id: 'overview' })).name).toBe('Overview (copy 2)');
  });

  it('creates with defaults filled in, orders panels by grid position, updates and deletes', async () => {
    const d = await f.t.call('dashboards.create', { name: 'Web', filters: { platformId: f.platformIds[0]!, from: '6h' }, panels: PANELS });
    expect(d.filters).toEqual({ platformId: f.platformIds[0], sourceId: null, from: '6h', to: 'now' });
    expect(d.panels.map((p) => [p.title, p.layout])).toEqual([
      ['Errors', { x: 0, y: 0, w: 4, h: 2 }],
      ['By host', { x: 4, y: 0, w: 8, h: 4 }],
      ['Newest', { x: 0, y: 4, w: 12, h: 4 }],
    ]);
    expect(d.panels[1]).toMatchObject({ limit: 10, query: '', savedSearchId: null });
    const moved = await f.t.call('dashboards.update', { id: d.id, panels: [{ ...d.panels[1]!, layout: { x: 0, y: 0, w: 12, h: 3 } }] });
    expect(moved.panels.map((p) => p.id)).toEqual([d.panels[1]!.id]);
    expect(moved.name).toBe('Web');
    const data = await f.t.call('dashboards.data', { id: d.id, panelId: d.panels[1]!.id, platformId: '' });
    expect(data.panels).toHaveLength(1);
    expect(await f.t.call('dashboards.delete', { id: d.id })).toEqual({ deleted: true });
    expect((await f.t.call('dashboards.list', {})).items.map((x) => x.id)).toEqual(['overview']);
  });

  it('refuses a bad panel naming its path, and stores nothing', async () => {
    const bad: [PanelInput[], string][] = [
      [[{ title: 'x', kind: 'pie' as 'top' }], 'panels[0].kind must be one of timeseries, top, number, table, alerts, sourceHealth'],
      [[PANELS[0]!, { title: 'x', kind: 'top' }], 'panels[1].field is required'],
      [[{ title: 'x', kind: 'top', field: 'colour' }], "panels[0].field: unknown field 'colour'"],
      [[{ title: 'x', kind: 'number', query: 'a AND (' }], 'panels[0].query has a syntax error at position'],
      [[{ title: 'x', kind: 'alerts', query: 'host:a' }], 'panels[0].query does not apply to a alerts panel'],
      [[{ title: 'x', kind: 'number', layout: { x: 10, y: 0, w: 4, h: 2 } }], 'panels[0].layout.w must fit the 12-column grid'],
      [[PANELS[0]!, { title: 'y', kind: 'number', layout: { x: 2, y: 1, w: 4, h: 2 } }], 'panels[1].layout overlaps panels[0] ("Errors")'],
      [[{ title: 'x', kind: 'table', columns: ['colour'] }], 'panels[0].columns[0] must be one of timestamp'],
      [[{ title: 'x', kind: 'top', field: 'host', limit: 500 }], 'panels[0].limit must be between 1 and 50'],
      [[{ title: 'x', kind: 'top', field: 'host', savedSearchId: 'ss_none' }], 'panels[0].savedSearchId names no saved search'],
    ];
    for (const [panels, message] of bad) {
      const r = await f.t.engine.api.call('dashboards.create', { name: 'Bad', panels });
      expect(r.success ? null : r.error.code).toBe('VALIDATION_ERROR');
      expect(r.success ? '' : r.error.message).toContain(message);
    }
    const filters = await f.t.engine.api.call('dashboards.create', { name: 'Bad', filters: { platformId: 'pl_nope' } });
    expect(filters.success ? '' : filters.error.message).toBe('filters.platformId names no platform (pl_nope)');
    expect((await f.t.call('dashboards.list', {})).items).toHaveLength(1);
  });

  it('exports a portable file (saved-search queries inlined, machine ids dropped) that imports to the same panels and numbers', async () => {
    const s = await f.t.call('savedSearches.create', { name: 'Auth', query: 'category:auth OR user:=bob' });
    const d = await f.t.call('dashboards.create', {
      name: 'SOC',
      description: 'morning view',
      filters: { sourceId: f.sourceIds[0]!, from: '12h' },
      panels: [...PANELS, { title: 'auth', kind: 'number', savedSearchId: s.id, query: 'outcome:failure' }],
    });
    const file = await f.t.call('dashboards.export', { id: d.id });
    expect(file).toMatchObject({ format: 'watchpost-dashboard', version: 1, dashboard: { name: 'SOC', filters: { from: '12h', to: 'now' } } });
    expect(file.dashboard.panels!.find((p) => p.title === 'auth')).not.toHaveProperty('savedSearchId');
    expect(file.dashboard.panels!.find((p) => p.title === 'auth')!.query).toBe('(category:auth OR user:=bob) outcome:failure');

    const wire = JSON.parse(JSON.stringify(file)) as DashboardExport;
    const dupName = await importRefused(wire);
    expect(dupName.code).toBe('CONFLICT');
    const copy = await f.t.call('dashboards.import', { ...wire, name: 'SOC imported' });
    expect(copy.panels.map(({ savedSearchId, query, ...p }) => p)).toEqual(d.panels.map(({ savedSearchId, query, ...p }) => p));
    const a = await f.t.call('dashboards.data', { id: d.id, sourceId: '' });
    const b = await f.t.call('dashboards.data', { id: copy.id });
    expect(b.panels.map((p) => p.data)).toEqual(a.panels.map((p) => p.data));
  });

  it('refuses a bad import file with the path of the first problem, and changes nothing', async () => {
    const good = await f.t.call('dashboards.export', { id: 'overview' });
    const panels = good.dashboard.panels!;
    const cases: [unknown, string][] = [
      [{ ...good, format: 'grafana' }, 'format must be "watchpost-dashboard"'],
      [{ ...good, version: 2 }, 'version 2 is newer than this Watchpost reads'],
      [{ ...good, version: '1' }, 'version must be a number'],
      [{ ...good, dashboard: 'x' }, 'dashboard must be a JSON object'],
      [
        { ...good, dashboard: { ...good.dashboard, name: 'N', panels: [...panels.slice(0, 2), { ...panels[2]!, kind: 'pie' }] } },
        'dashboard.panels[2].kind must be one of',
      ],
      [
        { ...good, dashboard: { ...good.dashboard, name: 'N', panels: [{ ...panels[0]!, layout: { x: 0, y: 0, w: 0, h: 1 } }] } },
        'dashboard.panels[0].layout.w must be between 1 and 12',
      ],
      [{ ...good, dashboard: { ...good.dashboard, name: 'N', filters: { from: 'soon' } } }, 'dashboard.filters.from:'],
      [{ ...good, extra: 1 }, 'unknown field "extra"'],
    ];
    for (const [file, message] of cases) {
      const e = await importRefused(file);
      expect(e.code).toBe('VALIDATION_ERROR');
      expect(e.message).toContain(message);
    }
    expect((await f.t.call('dashboards.list', {})).items.map((d) => d.id)).toEqual(['overview']);
  });
});
