/**
 * Event panels, answered by the Log Viewer's own search methods (histogram, top, search) on the
 * panel's effective query. Every number comes with the query and absolute range that reproduce it
 * in the Log Viewer: the panel is counted by running exactly that drill-down, so the two agree by
 * construction (test/engine/dashboards/drilldown.test.ts checks it against the event list).
 */
import { SEVERITIES } from '../../../shared/enums.ts';
import { appendClause, filterClause } from '../../../shared/query/clause.ts';
import type { Drilldown, Histogram, NumberData, Panel, TableData, TimeseriesData, TimeseriesSeries, TopData, TopValues } from '../../../shared/types.ts';
import { parseQuery } from '../../../shared/query/index.ts';
import { usesOnlySummaryColumns } from '../search/compile.ts';
import type { SearchService } from '../search/pool.ts';

/** Where a panel is evaluated: its effective query (filters included) over [fromMs, toMs). */
export interface EventScope {
  q: string;
  fromMs: number;
  toMs: number;
  /** Time-panel buckets (whole minutes each when the window is snapped). */
  buckets: number;
  nowMs: number;
  /** Names of the existing log sources (for `top` of `source` from the summary). */
  sourceNames: readonly string[];
}

const isoOf = (ms: number) => new Date(ms).toISOString();

function drill(q: string, fromMs: number, toMs: number): Drilldown {
  return { q, from: isoOf(fromMs), to: isoOf(toMs) };
}

function histogram(search: SearchService, d: Drilldown, buckets: number, nowMs: number): Promise<Histogram> {
  return search.histogram({ q: d.q, from: d.from, to: d.to, buckets }, nowMs);
}

const bucketTotal = (b: Histogram['buckets'][number]) => SEVERITIES.reduce((n, s) => n + b.counts[s], 0);

/** Count over time stacked by a field: severity from one histogram, other fields by their top values plus "other". */
export async function timeseriesPanel(search: SearchService, panel: Panel, s: EventScope): Promise<TimeseriesData> {
  const all = drill(s.q, s.fromMs, s.toMs);
  const field = panel.field ?? 'severity';
  const buckets = s.buckets;
  if (field === 'severity') {
    const h = await histogram(search, all, buckets, s.nowMs);
    const series: TimeseriesSeries[] = SEVERITIES.map((sev) => ({
      value: sev,
      total: h.buckets.reduce((n, b) => n + b.counts[sev], 0),
      drilldown: drill(appendClause(s.q, filterClause('severity', sev)), s.fromMs, s.toMs),
    }));
    const buckets_ = h.buckets.map((b) => ({ start: b.start, end: b.end, counts: SEVERITIES.map((sev) => b.counts[sev]) }));
    return { kind: 'timeseries', field, series, buckets: buckets_, total: series.reduce((n, x) => n + x.total, 0), drilldown: all };
  }
  const top = await search.top({ q: s.q, from: all.from, to: all.to, field, limit: panel.limit }, s.nowMs);
  const queries = top.values.map((v) => appendClause(s.q, filterClause(field, v.value)));
  // "Other": everything not drawn, events without the field included. Counted by its own query
  // (not as a difference) so multi-valued fields (tags, arrays) stay exact.
  const otherQ = top.values.reduce((q, v) => appendClause(q, filterClause(field, v.value, true)), s.q);
  const lines = [...queries.map((q) => ({ value: q, drill: drill(q, s.fromMs, s.toMs) })), { value: otherQ, drill: drill(otherQ, s.fromMs, s.toMs) }];
  const [whole, ...hs] = await Promise.all([histogram(search, all, buckets, s.nowMs), ...lines.map((l) => histogram(search, l.drill, buckets, s.nowMs))]);
  const series: TimeseriesSeries[] = lines.map((l, i) => ({
    value: i < top.values.length ? top.values[i]!.value : null,
    total: hs[i]!.buckets.reduce((n, b) => n + bucketTotal(b), 0),
    drilldown: l.drill,
  }));
  const keep = series.map((x) => x.value !== null || x.total > 0);
  return {
    kind: 'timeseries',
    field,
    series: series.filter((_, i) => keep[i]),
    buckets: whole!.buckets.map((b, bi) => ({ start: b.start, end: b.end, counts: hs.filter((_, i) => keep[i]).map((h) => bucketTotal(h.buckets[bi]!)) })),
    total: whole!.buckets.reduce((n, b) => n + bucketTotal(b), 0),
    drilldown: all,
  };
}

/** Top-N values of a field; each bar drills into `<query> field:=value`. */
export async function topPanel(search: SearchService, panel: Panel, s: EventScope): Promise<TopData> {
  const field = panel.field ?? 'host';
  const all = drill(s.q, s.fromMs, s.toMs);
  const top =
    (field === 'source' && (await topSourcesFromSummary(search, s, panel.limit))) ||
    (await search.top({ q: s.q, from: all.from, to: all.to, field, limit: panel.limit }, s.nowMs));
  return {
    kind: 'top',
    field: top.field,
    total: top.total,
    values: top.values.map((v) => ({ ...v, drilldown: drill(appendClause(s.q, filterClause(field, v.value)), s.fromMs, s.toMs) })),
    drilldown: drill(appendClause(s.q, `${field}:*`), s.fromMs, s.toMs),
  };
}

/** A count with the change against the period of equal length just before: one two-bucket histogram. */
export async function numberPanel(search: SearchService, s: EventScope): Promise<NumberData> {
  const span = s.toMs - s.fromMs;
  const cur = drill(s.q, s.fromMs, s.toMs);
  const prev = drill(s.q, s.fromMs - span, s.fromMs);
  // Edges of 2 buckets over [from - span, to) are exactly from - span, from, to (bucketEdges).
  const h = await histogram(search, drill(s.q, s.fromMs - span, s.toMs), 2, s.nowMs);
  const [previous, count] = h.buckets.map(bucketTotal) as [number, number];
  const change = count - previous;
  return {
    kind: 'number',
    count,
    previous,
    change,
    changePercent: previous === 0 ? null : Math.round((change / previous) * 1000) / 10,
    drilldown: cur,
    previousDrilldown: prev,
  };
}

/** The newest matching events, newest first. */
export async function tablePanel(search: SearchService, panel: Panel, s: EventScope): Promise<TableData> {
  const d = drill(s.q, s.fromMs, s.toMs);
  const page = await search.search({ q: d.q, from: d.from, to: d.to, limit: panel.limit }, s.nowMs);
  return { kind: 'table', columns: panel.columns, events: page.events, drilldown: d };
}

/** Sources at most this many: one summary-answered count each beats one scan of every event. */
const SUMMARY_TOP_MAX_SOURCES = 32;

/**
 * `events.top` of `source` for a query on severity/source/platform only, from per-source counts the
 * per-minute summary answers (on whole-minute windows no event is read), instead of a scan of every
 * event in the window. Same answer: sources grouped by name (as top groups them), ties by name,
 * events of deleted sources under "(deleted source)". Null when the query or store does not allow it.
 */
export async function topSourcesFromSummary(search: SearchService, s: EventScope, limit: number): Promise<TopValues | null> {
  const ast = parseQuery(s.q);
  const names = [...new Set(s.sourceNames)];
  if ((ast && !usesOnlySummaryColumns(ast)) || names.length > SUMMARY_TOP_MAX_SOURCES) return null;
  const count = async (q: string) => (await histogram(search, drill(q, s.fromMs, s.toMs), 1, s.nowMs)).buckets.reduce((n, b) => n + bucketTotal(b), 0);
  const [total, ...counts] = await Promise.all([count(s.q), ...names.map((n) => count(appendClause(s.q, filterClause('source', n))))]);
  const found = new Map(names.map((n, i) => [n, counts[i]!] as const));
  const deleted = total! - counts.reduce((a, b) => a + b, 0);
  if (deleted > 0) found.set('(deleted source)', (found.get('(deleted source)') ?? 0) + deleted);
  const values = [...found].filter(([, c]) => c > 0).map(([value, c]) => ({ value, count: c }));
  values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { field: 'source', total: total!, values: values.slice(0, limit) };
}
