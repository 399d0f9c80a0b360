/**
 * Datadog Logs search v2 (`POST /api/v2/logs/events/search`, datadog-api-client LogsApi): one
 * query per target, sorted by timestamp ascending, cursor paging via `meta.page.after`. Any
 * Datadog site (`site`, default datadoghq.com) or an `endpoint` base URL. `meta.status: "timeout"`
 * means the page is not finished: it is asked again, never skipped. Throttling is 429 with
 * `X-RateLimit-Reset` (seconds), which the HTTP client honours.
 */
import type { Connector, ConnectorContext, PullEntry } from '../pull-types.ts';
import { PullError } from '../pull-error.ts';
import { firstText, outcomeOf, severityOf, toMs } from '../mapping.ts';
import { baseUrl, jsonBody } from './base-url.ts';

interface DdLog {
  id: string;
  type?: string;
  attributes?: Record<string, unknown>;
}
interface DdAnswer {
  data?: DdLog[];
  meta?: { page?: { after?: string }; status?: string };
  links?: { next?: string };
}

function base(ctx: ConnectorContext): string {
  return baseUrl(ctx.creds.endpoint, `https://api.${ctx.creds.site || 'datadoghq.com'}`, ctx.creds.endpoint ? 'endpoint' : 'site');
}
function headers(ctx: ConnectorContext): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json', 'dd-api-key': ctx.creds.apiKey!, 'dd-application-key': ctx.creds.appKey! };
}

function toEntry(log: DdLog): PullEntry {
  const a = log.attributes ?? {};
  const inner = (a.attributes ?? {}) as Record<string, unknown>;
  const ts = toMs(a.timestamp);
  const message = firstText(a, 'message');
  return {
    key: log.id,
    id: log.id,
    at: ts,
    envelope: {
      ts,
      severity: severityOf([a.status, inner.level, inner.severity], message),
      host: firstText(a, 'host'),
      user: firstText(inner, 'usr.name', 'usr.id', 'user.name', 'user'),
      action: firstText(inner, 'evt.name', 'event.action', 'action'),
      outcome: outcomeOf(firstText(inner, 'evt.outcome', 'event.outcome', 'outcome')),
      message,
    },
    raw: log as unknown as Record<string, unknown>,
  };
}

export const datadogConnector: Connector = {
  type: 'datadog',
  sorted: true,
  pageLimit: 1000,
  async page(ctx, target, win, state, limit) {
    const url = `${base(ctx)}/api/v2/logs/events/search`;
    const body = JSON.stringify({
      filter: { query: target, from: new Date(win.start).toISOString(), to: new Date(win.end).toISOString() },
      page: { limit: Math.min(limit, 1000), ...(state ? { cursor: state.cursor } : {}) },
      sort: 'timestamp',
    });
    for (let tries = 0; ; tries++) {
      const res = await ctx.http.send(() => ({ method: 'POST', url, headers: headers(ctx), body }));
      const j = jsonBody<DdAnswer>(res.body, 'Datadog');
      if (j.meta?.status === 'timeout') {
        if (tries < 3) continue;
        throw new PullError('timeout', 'Datadog answered status "timeout" three times for this page; narrow the query or lower the page size');
      }
      const after = j.meta?.page?.after;
      return { entries: (j.data ?? []).map(toEntry), next: after ? { cursor: after } : null };
    }
  },
  async discover(ctx) {
    const res = await ctx.http.send(() => ({ method: 'GET', url: `${base(ctx)}/api/v1/logs/config/indexes`, headers: headers(ctx) }));
    const j = jsonBody<{ indexes?: { name: string }[] }>(res.body, 'Datadog');
    return (j.indexes ?? []).map((i) => `index:${i.name}`);
  },
};
