/**
 * AWS CloudWatch Logs: FilterLogEvents over one log group (botocore logs 2014-03-28), SigV4 with
 * an optional session token, 5 requests/s per account and region (the service quota, shared with
 * everyone else using the account). Pages may be empty while `nextToken` remains: keep paging.
 * Entries across streams are not guaranteed in time order, so only a completed window moves the
 * checkpoint. Throttling is HTTP 400 with `ThrottlingException` (no Retry-After).
 */
import type { Connector, ConnectorContext, PullEntry } from '../pull-types.ts';
import type { HttpResponse } from '../http-client.ts';
import { TokenBucket } from '../backoff.ts';
import { signV4 } from '../sigv4.ts';
import { jsonLine, firstText, outcomeOf, severityOf } from '../mapping.ts';
import { baseUrl, jsonBody } from './base-url.ts';

interface CwEvent {
  eventId: string;
  timestamp: number;
  ingestionTime?: number;
  logStreamName?: string;
  message?: string;
}

function region(ctx: ConnectorContext): string {
  return ctx.creds.region || 'us-east-1';
}

async function call(ctx: ConnectorContext, action: string, body: Record<string, unknown>): Promise<HttpResponse> {
  const url = `${baseUrl(ctx.creds.endpoint, `https://logs.${region(ctx)}.amazonaws.com`, 'endpoint')}/`;
  const payload = JSON.stringify(body);
  const gateKey = 'cloudwatch.gate';
  let gate = ctx.memo.get(gateKey) as TokenBucket | undefined;
  if (!gate) ctx.memo.set(gateKey, (gate = new TokenBucket(5, 5, ctx.http.now())));
  return ctx.http.send(
    async () => {
      const wait = gate.take(ctx.http.now());
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const headers = signV4(
        { method: 'POST', url, body: payload, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${action}` } },
        'logs',
        region(ctx),
        {
          accessKeyId: ctx.creds.accessKeyId!,
          secretAccessKey: ctx.creds.secretAccessKey!,
          ...(ctx.creds.sessionToken ? { sessionToken: ctx.creds.sessionToken } : {}),
        },
        ctx.http.now(),
      );
      return { method: 'POST', url, headers, body: payload };
    },
    {
      throttled: (r) => r.status === 400 && /ThrottlingException|TooManyRequests|RequestLimitExceeded/.test(r.body.toString('utf8')),
      skewed: (r) =>
        (r.status === 400 || r.status === 403) &&
        /Signature expired|RequestTimeTooSkewed|InvalidSignatureException.*(earlier|later)/i.test(r.body.toString('utf8')),
    },
  );
}

function toEntry(target: string, e: CwEvent): PullEntry {
  const message = e.message ?? null;
  const j = jsonLine(message);
  return {
    key: e.eventId,
    id: e.eventId,
    at: e.timestamp,
    envelope: {
      ts: e.timestamp,
      severity: severityOf([j?.level, j?.severity, j?.['log.level']], message),
      host: firstText(j, 'host', 'hostname', 'host.name'),
      user: firstText(j, 'user', 'user.name', 'userIdentity.arn'),
      action: firstText(j, 'action', 'event.action', 'eventName'),
      outcome: outcomeOf(firstText(j, 'outcome', 'event.outcome')),
      message,
    },
    raw: { ...e, logGroupName: target },
  };
}

export const cloudwatchConnector: Connector = {
  type: 'cloudwatch',
  sorted: false,
  pageLimit: 10000,
  async page(ctx, target, win, state, limit) {
    const res = await call(ctx, 'FilterLogEvents', {
      logGroupName: target,
      startTime: win.start,
      endTime: win.end - 1,
      limit: Math.min(limit, 10_000),
      ...(state ? { nextToken: state.nextToken } : {}),
    });
    const j = jsonBody<{ events?: CwEvent[]; nextToken?: string }>(res.body, 'CloudWatch');
    return { entries: (j.events ?? []).map((e) => toEntry(target, e)), next: j.nextToken ? { nextToken: j.nextToken } : null };
  },
  async discover(ctx) {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const res = await call(ctx, 'DescribeLogGroups', { limit: 50, ...(nextToken ? { nextToken } : {}) });
      const j = jsonBody<{ logGroups?: { logGroupName: string }[]; nextToken?: string }>(res.body, 'CloudWatch');
      for (const g of j.logGroups ?? []) names.push(g.logGroupName);
      nextToken = j.nextToken;
    } while (nextToken && names.length < 1000);
    return names;
  },
};
