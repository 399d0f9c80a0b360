/** Grafana Loki query_range / labels as documented (loki-http-api.md), checking Bearer or Basic and X-Scope-OrgID. */
import type { Clock } from '../../../../main/engine/clock.ts';
import { startFake, visible } from './fake-server.ts';
import type { FakeServer, Staged } from './fake-server.ts';

export interface LokiLine {
  labels: Record<string, string>;
  ns: string;
  line: string;
}

export interface LokiFake {
  server: FakeServer;
  entries: Staged<LokiLine>[];
  /** Stage a line at `ms` (+ `extraNs`), visible from `visibleAt` (default: at once). */
  add(labels: Record<string, string>, ms: number, line: string, opts?: { extraNs?: number; visibleAt?: number }): void;
}

function matches(selector: string, labels: Record<string, string>): boolean {
  const m = /^\{(.*)\}$/.exec(selector.trim());
  if (!m) return false;
  return [...m[1]!.matchAll(/(\w+)\s*(=~|=)\s*"([^"]*)"/g)].every(([, k, op, v]) =>
    op === '=' ? labels[k!] === v : k! in labels && new RegExp(`^${v}$`).test(labels[k!]!),
  );
}

export async function startLokiFake(clock: Clock, auth: { apiKey?: string; orgId?: string }, tls?: { key: string; cert: string }): Promise<LokiFake> {
  const entries: Staged<LokiLine>[] = [];
  const server = await startFake(
    clock,
    (req) => {
      if (auth.apiKey) {
        const want = auth.apiKey.includes(':') ? `Basic ${Buffer.from(auth.apiKey).toString('base64')}` : `Bearer ${auth.apiKey}`;
        if (req.headers.authorization !== want) return { status: 401, body: 'unauthorized\n' };
      }
      if (auth.orgId && req.headers['x-scope-orgid'] !== auth.orgId) return { status: 401, body: 'no org id\n' };
      if (req.path === '/loki/api/v1/labels') {
        return { status: 200, body: { status: 'success', data: [...new Set(entries.flatMap((e) => Object.keys(e.data.labels)))].sort() } };
      }
      const lv = /^\/loki\/api\/v1\/label\/(\w+)\/values$/.exec(req.path);
      if (lv) return { status: 200, body: { status: 'success', data: [...new Set(entries.map((e) => e.data.labels[lv[1]!]).filter(Boolean))].sort() } };
      if (req.path !== '/loki/api/v1/query_range') return { status: 404, body: '404 page not found\n' };
      const start = BigInt(req.query.get('start')!);
      const end = BigInt(req.query.get('end')!);
      const limit = Number(req.query.get('limit') ?? 100);
      if (limit > 5000) return { status: 400, body: 'max entries limit per query exceeded, limit > max_entries_limit (5001 > 5000)\n' };
      const query = req.query.get('query') ?? '';
      const hits = visible(clock, entries)
        .filter((e) => matches(query, e.data.labels) && BigInt(e.data.ns) >= start && BigInt(e.data.ns) < end)
        .sort((a, b) => (BigInt(a.data.ns) < BigInt(b.data.ns) ? -1 : BigInt(a.data.ns) > BigInt(b.data.ns) ? 1 : 0))
        .slice(0, limit);
      const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
      for (const h of hits) {
        const key = JSON.stringify(Object.entries(h.data.labels).sort());
        if (!streams.has(key)) streams.set(key, { stream: h.data.labels, values: [] });
        streams.get(key)!.values.push([h.data.ns, h.data.line]);
      }
      return { status: 200, body: { status: 'success', data: { resultType: 'streams', result: [...streams.values()] } } };
    },
    tls,
  );
  return {
    server,
    entries,
    add(labels, ms, line, opts = {}) {
      const ns = (BigInt(ms) * 1_000_000n + BigInt(opts.extraNs ?? 0)).toString();
      entries.push({ at: ms, visibleAt: opts.visibleAt ?? -Infinity, data: { labels, ns, line } });
    },
  };
}
