/**
 * Grafana Loki `query_range` (loki-http-api.md): forward direction, nanosecond bounds as strings
 * (they exceed 2^53), `X-Scope-OrgID` for multi-tenant installs, Bearer auth — or Basic when the
 * key is `user:token` (Grafana Cloud). Loki has no entry id: the key is a hash of the stream labels,
 * the nanosecond time and the line, plus an occurrence count for identical lines. A page that hits
 * `limit` continues from its last timestamp (not +1 ns, which would lose entries sharing it;
 * logcli does the same) and the ids already seen at that instant are skipped; a page that is one
 * instant only is read alone at Loki's largest limit and then passed.
 */
import type { Connector, ConnectorContext, PullEntry } from '../pull-types.ts';
import { PullError } from '../pull-error.ts';
import { firstText, jsonLine, severityOf, stableHash } from '../mapping.ts';
import { baseUrl, jsonBody } from './base-url.ts';

interface LokiStream {
  stream: Record<string, string>;
  values: [string, string][];
}
interface LokiAnswer {
  status?: string;
  data?: { resultType?: string; result?: LokiStream[] };
}

function base(ctx: ConnectorContext): string {
  return baseUrl(ctx.creds.host, '', 'host');
}
function headers(ctx: ConnectorContext): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json' };
  const key = ctx.creds.apiKey;
  if (key) h.authorization = key.includes(':') ? `Basic ${Buffer.from(key, 'utf8').toString('base64')}` : `Bearer ${key}`;
  if (ctx.creds.orgId) h['x-scope-orgid'] = ctx.creds.orgId;
  return h;
}
/** Loki's default max_entries_limit_per_query. */
const LOKI_MAX_LIMIT = 5000;
const nsOf = (ms: number): string => `${BigInt(ms) * 1_000_000n}`;
const msOf = (ns: string): number => Number(BigInt(ns) / 1_000_000n);

function labelsText(l: Record<string, string>): string {
  return Object.keys(l)
    .sort()
    .map((k) => `${k}=${JSON.stringify(l[k])}`)
    .join(',');
}

/** Streams → entries in time order (Loki applies `limit` to the merged, ordered lines). */
function flatten(result: LokiStream[]): PullEntry[] {
  const rows: { ns: bigint; nsText: string; line: string; labels: Record<string, string>; lt: string }[] = [];
  for (const s of result) {
    const lt = labelsText(s.stream);
    for (const [nsText, line] of s.values) rows.push({ ns: BigInt(nsText), nsText, line, labels: s.stream, lt });
  }
  rows.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  const occurrences = new Map<string, number>();
  return rows.map((r) => {
    const base = stableHash(r.lt, r.nsText, r.line);
    const n = occurrences.get(base) ?? 0;
    occurrences.set(base, n + 1);
    const id = n === 0 ? base : `${base}#${n}`;
    const at = msOf(r.nsText);
    const j = jsonLine(r.line);
    return {
      key: id,
      id,
      at,
      envelope: {
        ts: at,
        severity: severityOf([r.labels.level, r.labels.detected_level, r.labels.severity, j?.level, j?.severity], r.line),
        host: r.labels.host ?? r.labels.hostname ?? r.labels.instance ?? r.labels.node_name ?? firstText(j, 'host', 'hostname'),
        user: firstText(j, 'user', 'user.name'),
        action: firstText(j, 'action', 'event.action'),
        outcome: null,
        message: r.line,
      },
      raw: { labels: r.labels, timestampNs: r.nsText, line: r.line },
    };
  });
}

async function queryRange(ctx: ConnectorContext, target: string, startNs: string, endNs: string, limit: number): Promise<LokiStream[]> {
  const q = new URLSearchParams({ query: target, start: startNs, end: endNs, limit: String(limit), direction: 'forward' });
  const res = await ctx.http.send(() => ({ method: 'GET', url: `${base(ctx)}/loki/api/v1/query_range?${q}`, headers: headers(ctx) }));
  const j = jsonBody<LokiAnswer>(res.body, 'Loki');
  if (j.data?.resultType && j.data.resultType !== 'streams')
    throw new PullError('config', `the LogQL query ${JSON.stringify(target)} is a metric query (${j.data.resultType}); use a log selector such as {app="web"}`);
  return j.data?.result ?? [];
}

export const lokiConnector: Connector = {
  type: 'loki',
  sorted: true,
  pageLimit: 5000,
  async page(ctx, target, win, state, limit) {
    const startNs = typeof state?.startNs === 'string' ? state.startNs : nsOf(win.start);
    const entries = flatten(await queryRange(ctx, target, startNs, nsOf(win.end), limit));
    if (entries.length < limit) return { entries, next: null };
    const lastNs = entries.at(-1)!.raw.timestampNs as string;
    if (lastNs !== startNs) return { entries, next: { startNs: lastNs } };
    // The whole page is one instant: read that instant alone with Loki's largest limit, then move past it.
    const instant = flatten(await queryRange(ctx, target, startNs, `${BigInt(startNs) + 1n}`, LOKI_MAX_LIMIT));
    if (instant.length >= LOKI_MAX_LIMIT) {
      throw new PullError('config', `more than ${LOKI_MAX_LIMIT} Loki entries share the instant ${startNs} ns for ${target}; they cannot be paged`);
    }
    return { entries: instant, next: { startNs: `${BigInt(startNs) + 1n}` } };
  },
  async discover(ctx) {
    const res = await ctx.http.send(() => ({ method: 'GET', url: `${base(ctx)}/loki/api/v1/labels`, headers: headers(ctx) }));
    const labels = (jsonBody<{ data?: string[] }>(res.body, 'Loki').data ?? []).filter((l) => l !== '__name__');
    const out: string[] = [];
    for (const name of labels.filter((l) => ['app', 'job', 'service_name', 'namespace', 'container', 'host', 'service'].includes(l)).slice(0, 5)) {
      const vr = await ctx.http.send(() => ({
        method: 'GET',
        url: `${base(ctx)}/loki/api/v1/label/${encodeURIComponent(name)}/values`,
        headers: headers(ctx),
      }));
      for (const v of (jsonBody<{ data?: string[] }>(vr.body, 'Loki').data ?? []).slice(0, 50)) out.push(`{${name}=${JSON.stringify(v)}}`);
    }
    return [...out, ...labels.map((l) => `{${l}=~".+"}`)];
  },
};
