/**
 * Elasticsearch: a point in time per window (`POST /{index}/_pit`), `search_after` on
 * `@timestamp` ascending plus the PIT's `_shard_doc` tiebreaker, always the newest PIT id, and the
 * PIT closed when the window is done (elastic.co "Paginate search results"). `from+size` paging is
 * capped at 10,000 and is never used. Auth: `ApiKey <base64(id:key)>` or Basic.
 */
import type { Connector, ConnectorContext, PullEntry } from '../pull-types.ts';
import { PullError } from '../pull-error.ts';
import { firstText, outcomeOf, severityOf, toMs } from '../mapping.ts';
import { baseUrl, jsonBody } from './base-url.ts';

interface Hit {
  _index: string;
  _id: string;
  _source?: Record<string, unknown>;
  sort?: unknown[];
}

function headers(ctx: ConnectorContext): Record<string, string> {
  const c = ctx.creds;
  const auth = c.apiKey ? `ApiKey ${c.apiKey}` : `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
  return { authorization: auth, 'content-type': 'application/json', accept: 'application/json' };
}
const host = (ctx: ConnectorContext): string => baseUrl(ctx.creds.host, '', 'host');

function toEntry(h: Hit): PullEntry {
  const s = h._source ?? {};
  const ts = toMs(s['@timestamp']);
  const message = firstText(s, 'message', 'log.original', 'event.original');
  const id = `${h._index}/${h._id}`;
  return {
    key: id,
    id,
    at: ts,
    envelope: {
      ts,
      severity: severityOf([firstText(s, 'log.level'), s.level, s.severity], message),
      host: firstText(s, 'host.name', 'host.hostname', 'hostname', 'host'),
      user: firstText(s, 'user.name', 'user'),
      action: firstText(s, 'event.action', 'action'),
      outcome: outcomeOf(firstText(s, 'event.outcome', 'outcome')),
      message,
    },
    raw: { ...s, _index: h._index, _id: h._id },
  };
}

async function openPit(ctx: ConnectorContext, target: string): Promise<string> {
  const res = await ctx.http.send(() => ({
    method: 'POST',
    url: `${host(ctx)}/${encodeURIComponent(target).replace(/%2C/gi, ',').replace(/%2A/gi, '*')}/_pit?keep_alive=2m`,
    headers: headers(ctx),
  }));
  const id = jsonBody<{ id?: string }>(res.body, 'Elasticsearch').id;
  if (!id) throw new PullError('bad_response', 'Elasticsearch opened no point in time (no id in the answer)');
  return id;
}

async function closePit(ctx: ConnectorContext, id: string): Promise<void> {
  try {
    await ctx.http.send(() => ({ method: 'DELETE', url: `${host(ctx)}/_pit`, headers: headers(ctx), body: JSON.stringify({ id }) }), { accept: [404] });
  } catch {
    // The PIT expires by itself after keep_alive; a failed close is not worth failing the poll.
  }
}

export const elasticConnector: Connector = {
  type: 'elastic',
  sorted: true,
  pageLimit: 5000,
  async page(ctx, target, win, state, limit) {
    const pit = typeof state?.pit === 'string' ? state.pit : await openPit(ctx, target);
    const body = JSON.stringify({
      size: limit,
      query: { range: { '@timestamp': { gte: win.start, lt: win.end, format: 'epoch_millis' } } },
      sort: [{ '@timestamp': { order: 'asc', format: 'epoch_millis' } }],
      pit: { id: pit, keep_alive: '2m' },
      ...(Array.isArray(state?.after) ? { search_after: state.after } : {}),
      track_total_hits: false,
    });
    const res = await ctx.http.send(() => ({ method: 'POST', url: `${host(ctx)}/_search`, headers: headers(ctx), body }));
    const j = jsonBody<{ pit_id?: string; hits?: { hits?: Hit[] } }>(res.body, 'Elasticsearch');
    const hits = j.hits?.hits ?? [];
    const newest = j.pit_id ?? pit;
    if (hits.length < limit) {
      await closePit(ctx, newest);
      return { entries: hits.map(toEntry), next: null };
    }
    return { entries: hits.map(toEntry), next: { pit: newest, after: hits.at(-1)!.sort ?? [] } };
  },
  async close(ctx, state) {
    if (typeof state.pit === 'string') await closePit(ctx, state.pit);
  },
  async discover(ctx) {
    const res = await ctx.http.send(() => ({ method: 'GET', url: `${host(ctx)}/_cat/indices?format=json&h=index`, headers: headers(ctx) }));
    return jsonBody<{ index: string }[]>(res.body, 'Elasticsearch')
      .map((i) => i.index)
      .filter((n) => !n.startsWith('.'))
      .sort();
  },
};
