/**
 * Every number a panel shows must be reproduced by its drill-down in the Log Viewer: the drill-down
 * query and range, run through the ordinary search (paged to the end), return exactly that many
 * events. Checked for each panel kind, with and without the platform/source filters, on random
 * panels over a random event mix; a brute-force count over the generated events is the oracle.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardDataInput, NumberData, PanelInput, PanelResult, TimeseriesData, TopData } from '../../../shared/types.ts';
import { dashFixture, HOUR, NOW, SEVERITY_NAMES, SOURCE_NAMES } from './fixture.ts';
import type { DashFixture, SeedEvent } from './fixture.ts';

let f: DashFixture;
beforeAll(async () => {
  f = await dashFixture({ events: 700 });
}, 60_000);
afterAll(async () => {
  await f.close();
});

/** Queries the oracle can evaluate, with their meaning over generated events. */
const QUERIES: { q: string; keep: (e: SeedEvent) => boolean }[] = [
  { q: '', keep: () => true },
  { q: 'severity:>=error', keep: (e) => SEVERITY_NAMES.indexOf(e.severity) >= 4 },
  { q: 'category:auth outcome:failure', keep: (e) => e.category === 'auth' && e.outcome === 'failure' },
  { q: 'host:=web-1', keep: (e) => e.host === 'web-1' },
  { q: 'tag:=pci OR user:=bob', keep: (e) => e.tags.includes('pci') || e.user === 'bob' },
  { q: 'raw.status:>=404', keep: (e) => e.status !== null && e.status >= 404 },
];
const FILTERS = ['none', 'platform', 'source', 'both'] as const;

function filterInput(kind: (typeof FILTERS)[number]): DashboardDataInput {
  if (kind === 'platform') return { platformId: f.platformIds[0]! };
  if (kind === 'source') return { sourceId: f.sourceIds[2]! };
  if (kind === 'both') return { platformId: f.platformIds[0]!, sourceId: f.sourceIds[1]! };
  return {};
}
function inScope(e: SeedEvent, kind: (typeof FILTERS)[number]): boolean {
  if (kind === 'platform') return e.sourceIndex < 2;
  if (kind === 'source') return e.sourceIndex === 2;
  if (kind === 'both') return e.sourceIndex === 1;
  return true;
}

async function preview(panel: PanelInput, input: DashboardDataInput): Promise<PanelResult> {
  const r = await f.t.call('dashboards.previewPanel', { panel, ...input });
  expect(r.error).toBeNull();
  return r;
}

/** The value of a panel's field in an event, as the oracle sees it (tags: several). */
function valuesOf(e: SeedEvent, field: string): string[] {
  if (field === 'host') return e.host ? [e.host] : [];
  if (field === 'user') return e.user ? [e.user] : [];
  if (field === 'tag') return e.tags;
  if (field === 'severity') return [e.severity];
  if (field === 'source') return [SOURCE_NAMES[e.sourceIndex] ?? 'Watchpost'];
  return e.status === null ? [] : [String(e.status)];
}

describe('panel drill-downs reproduce the panel numbers', () => {
  it('holds for every kind on random panels, filters and ranges (oracle: a count over the generated events)', async () => {
    const panelArb = fc.record({
      kind: fc.constantFrom('timeseries', 'top', 'number', 'table'),
      query: fc.integer({ min: 0, max: QUERIES.length - 1 }),
      field: fc.constantFrom('severity', 'host', 'user', 'tag', 'source', 'raw.status'),
      filter: fc.constantFrom(...FILTERS),
      fromHours: fc.integer({ min: 1, max: 40 }),
      offsetMs: fc.integer({ min: 0, max: HOUR - 1 }),
      spanMinutes: fc.integer({ min: 1, max: 30 * 60 }),
    });
    await fc.assert(
      fc.asyncProperty(panelArb, async (p) => {
        const { q, keep } = QUERIES[p.query]!;
        const fromMs = NOW - p.fromHours * HOUR + p.offsetMs;
        const toMs = Math.min(NOW, fromMs + p.spanMinutes * 60_000) + 1;
        const input = { ...filterInput(p.filter), from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
        const r = await preview({ title: 'p', kind: p.kind, query: q, ...(p.kind === 'top' || p.kind === 'timeseries' ? { field: p.field } : {}) }, input);
        const data = r.data!;
        // The window the panel used (snapped to whole minutes): ends at or after the one asked, never
        // shorter (but for the 1 ms an end at "now" adds, see align.ts).
        const win = 'drilldown' in data ? { from: Date.parse(data.drilldown.from), to: Date.parse(data.drilldown.to) } : null;
        expect(win!.to).toBeGreaterThanOrEqual(toMs);
        expect(win!.to - win!.from).toBeGreaterThanOrEqual(toMs - fromMs - 1);
        const matching = f.events.filter((e) => keep(e) && inScope(e, p.filter) && e.timestamp >= win!.from && e.timestamp < win!.to);
        if (data.kind === 'number') {
          expect(data.count).toBe(matching.length);
          expect(await f.count(data.drilldown)).toBe(data.count);
          expect(await f.count(data.previousDrilldown)).toBe(data.previous);
        } else if (data.kind === 'top') {
          expect(data.total).toBe(matching.filter((e) => valuesOf(e, p.field).length > 0).length);
          expect(await f.count(data.drilldown)).toBe(data.total);
          for (const v of data.values) {
            expect(v.count).toBe(matching.filter((e) => valuesOf(e, p.field).includes(v.value)).length);
            expect(await f.count(v.drilldown)).toBe(v.count);
          }
        } else if (data.kind === 'timeseries') {
          expect(data.total).toBe(matching.length);
          expect(await f.count(data.drilldown)).toBe(data.total);
          for (const [i, s] of data.series.entries()) {
            expect(data.buckets.reduce((n, b) => n + b.counts[i]!, 0)).toBe(s.total);
            expect(await f.count(s.drilldown)).toBe(s.total);
            const busiest = data.buckets.reduce((best, b) => (b.counts[i]! > best.counts[i]! ? b : best), data.buckets[0]!);
            expect(await f.count({ q: s.drilldown.q, from: busiest.start, to: busiest.end })).toBe(busiest.counts[i]);
          }
        } else if (data.kind === 'table') {
          expect(data.events.length).toBe(Math.min(20, matching.length));
          expect(await f.count(data.drilldown)).toBe(matching.length);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('stacks by severity with one series per level, and "other" gathers values not drawn and events without the field', async () => {
    const sev = (await preview({ title: 's', kind: 'timeseries' }, {})).data as TimeseriesData;
    expect(sev.series.map((s) => s.value)).toEqual([...SEVERITY_NAMES]);
    const from = Date.parse(sev.drilldown.from);
    const last24 = f.events.filter((e) => e.timestamp >= from && e.timestamp < Date.parse(sev.drilldown.to));
    expect(Date.parse(sev.drilldown.to) - from).toBe(24 * HOUR);
    expect(sev.buckets).toHaveLength(48);
    expect(sev.total).toBe(last24.length);

    const byHost = (await preview({ title: 'h', kind: 'timeseries', field: 'host', limit: 2 }, {})).data as TimeseriesData;
    const other = byHost.series.find((s) => s.value === null)!;
    const drawn = byHost.series.filter((s) => s.value !== null).map((s) => s.value);
    expect(drawn).toHaveLength(2);
    expect(other.total).toBe(last24.filter((e) => e.host === null || !drawn.includes(e.host)).length);
    expect(byHost.series.reduce((n, s) => n + s.total, 0)).toBe(byHost.total);
  });

  it('compares a number with the previous period of equal length', async () => {
    const n = (await preview({ title: 'n', kind: 'number', query: 'severity:>=error' }, { from: '6h' })).data as NumberData;
    const isErr = (e: SeedEvent) => SEVERITY_NAMES.indexOf(e.severity) >= 4;
    const end = Date.parse(n.drilldown.to);
    expect(end - Date.parse(n.drilldown.from)).toBe(6 * HOUR);
    const cur = f.events.filter((e) => isErr(e) && e.timestamp >= end - 6 * HOUR && e.timestamp < end).length;
    const prev = f.events.filter((e) => isErr(e) && e.timestamp >= end - 12 * HOUR && e.timestamp < end - 6 * HOUR).length;
    expect(n).toMatchObject({ count: cur, previous: prev, change: cur - prev });
    expect(n.changePercent).toBe(prev === 0 ? null : Math.round(((cur - prev) / prev) * 1000) / 10);
    expect(Date.parse(n.previousDrilldown.to)).toBe(Date.parse(n.drilldown.from));
  });

  it('writes the platform and source filters into the drill-down query the Log Viewer runs', async () => {
    const top = (await preview({ title: 't', kind: 'top', field: 'host', query: 'tag:=pci OR user:=bob' }, filterInput('both'))).data as TopData;
    expect(top.drilldown.q).toBe(`(tag:=pci OR user:=bob) platform:=${f.platformIds[0]} source:=${f.sourceIds[1]} host:*`);
    const quoted = top.values.find((v) => v.value === 'db 2');
    if (quoted) expect(quoted.drilldown.q).toContain('host:="db 2"');
  });
});
