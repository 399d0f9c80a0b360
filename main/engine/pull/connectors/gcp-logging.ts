/**
 * Google Cloud Logging `entries.list` (v2): the target is a filter ANDed with the window's
 * timestamp bounds, `orderBy: "timestamp asc"` (equal times ordered by insertId), `pageToken`
 * paging where an empty page with a token means "keep going". Auth: service-account JWT →
 * access token at the account's `token_uri`; a 401 refreshes the token once. Quota exhaustion is
 * 429 RESOURCE_EXHAUSTED. `endpoint` replaces https://logging.googleapis.com (without /v2).
 */
import type { Connector, ConnectorContext, PullEntry } from '../pull-types.ts';
import { GcpTokenCache, parseServiceAccount } from '../gcp-auth.ts';
import type { ServiceAccount } from '../gcp-auth.ts';
import type { HttpResponse } from '../http-client.ts';
import { PullError } from '../pull-error.ts';
import { firstText, severityOf, toMs } from '../mapping.ts';
import { baseUrl, jsonBody } from './base-url.ts';

interface LogEntry {
  logName?: string;
  timestamp?: string;
  receiveTimestamp?: string;
  severity?: string;
  insertId?: string;
  resource?: { type?: string; labels?: Record<string, string> };
  labels?: Record<string, string>;
  textPayload?: string;
  jsonPayload?: Record<string, unknown>;
  protoPayload?: Record<string, unknown>;
}

function account(ctx: ConnectorContext): ServiceAccount {
  let sa = ctx.memo.get('gcp.sa') as ServiceAccount | undefined;
  if (!sa) ctx.memo.set('gcp.sa', (sa = parseServiceAccount(ctx.creds.serviceAccountJson ?? '')));
  return sa;
}

async function authed(ctx: ConnectorContext, req: { method: 'GET' | 'POST'; url: string; body?: string }): Promise<HttpResponse> {
  const sa = account(ctx);
  let tokens = ctx.memo.get('gcp.tokens') as GcpTokenCache | undefined;
  if (!tokens) ctx.memo.set('gcp.tokens', (tokens = new GcpTokenCache()));
  for (let refreshed = false; ; refreshed = true) {
    const token = await tokens.get(sa, ctx.http, refreshed);
    const res = await ctx.http.send(
      () => ({ ...req, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' } }),
      { accept: refreshed ? [] : [401] },
    );
    if (res.status !== 401) return res;
  }
}

function toEntry(e: LogEntry): PullEntry {
  const ts = toMs(e.timestamp);
  const proto = e.protoPayload ?? {};
  const message = e.textPayload ?? firstText(e.jsonPayload, 'message', 'msg') ?? firstText(proto, 'status.message') ?? null;
  const statusCode = (proto.status as { code?: number } | undefined)?.code;
  return {
    key: `${e.logName ?? ''}\u0000${e.timestamp ?? ''}\u0000${e.insertId ?? ''}`,
    id: e.insertId ?? '',
    at: ts,
    envelope: {
      ts,
      severity: severityOf([e.severity === 'DEFAULT' ? undefined : e.severity], message),
      host: e.resource?.labels?.instance_id ?? e.labels?.['compute.googleapis.com/resource_name'] ?? e.resource?.labels?.pod_name ?? null,
      user: firstText(proto, 'authenticationInfo.principalEmail'),
      action: firstText(proto, 'methodName'),
      outcome: e.protoPayload ? (statusCode ? 'failure' : 'success') : null,
      message,
    },
    raw: e as Record<string, unknown>,
  };
}

const api = (ctx: ConnectorContext): string => `${baseUrl(ctx.creds.endpoint, 'https://logging.googleapis.com', 'endpoint')}/v2`;

export const gcpLoggingConnector: Connector = {
  type: 'gcp_logging',
  sorted: true,
  pageLimit: 1000,
  async page(ctx, target, win, state, limit) {
    const sa = account(ctx);
    const bounds = `timestamp>="${new Date(win.start).toISOString()}" AND timestamp<"${new Date(win.end).toISOString()}"`;
    const body = JSON.stringify({
      resourceNames: [`projects/${sa.project_id}`],
      filter: target.trim() ? `(${target}) AND ${bounds}` : bounds,
      orderBy: 'timestamp asc',
      pageSize: Math.min(limit, 1000),
      ...(state ? { pageToken: state.pageToken } : {}),
    });
    const res = await authed(ctx, { method: 'POST', url: `${api(ctx)}/entries:list`, body });
    const j = jsonBody<{ entries?: LogEntry[]; nextPageToken?: string }>(res.body, 'Cloud Logging');
    return { entries: (j.entries ?? []).map(toEntry), next: j.nextPageToken ? { pageToken: j.nextPageToken } : null };
  },
  async discover(ctx) {
    const sa = account(ctx);
    const res = await authed(ctx, { method: 'GET', url: `${api(ctx)}/projects/${encodeURIComponent(sa.project_id)}/logs?pageSize=1000` });
    const names = jsonBody<{ logNames?: string[] }>(res.body, 'Cloud Logging').logNames ?? [];
    if (!Array.isArray(names)) throw new PullError('bad_response', 'Cloud Logging listed no logNames');
    return names.map((n) => `logName="${n}"`);
  },
};
