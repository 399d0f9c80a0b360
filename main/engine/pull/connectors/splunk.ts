/**
 * Splunk REST search export (`/services/search/v2/jobs/export`, falling back to the pre-9.0.2
 * `/services/search/jobs/export` on 404): one streaming search per window, by **index time**
 * (`index_earliest`/`index_latest`), because `_time` can trail indexing by minutes (demisto/content
 * #11818). Export does not page and does not sort, so the whole window is one page and only its
 * completion moves the checkpoint. Auth: `Bearer <token>`, or `Splunk <sessionKey>` when the token
 * is given with that prefix. Busy search heads answer 503, which is retried with backoff.
 */
import type { Connector, ConnectorContext, PullEntry } from '../pull-types.ts';
import { PullError } from '../pull-error.ts';
import { firstText, severityOf, stableHash, toMs } from '../mapping.ts';
import { baseUrl, jsonBody } from './base-url.ts';

/** How far `_time` may precede `_indextime` and still be found (`earliest_time` of each search). */
export const SPLUNK_TIME_SLACK_MS = 24 * 3_600_000;
const V1_KEY = 'splunk.v1';

function headers(ctx: ConnectorContext): Record<string, string> {
  const t = ctx.creds.token!;
  return { authorization: /^(Splunk|Bearer) /.test(t) ? t : `Bearer ${t}`, accept: 'application/json' };
}

function toEntry(r: Record<string, unknown>): PullEntry | null {
  const indexSec = Number(r._indextime);
  if (!Number.isFinite(indexSec)) return null;
  const rawLine = firstText(r, '_raw');
  const ts = toMs(r._time);
  const id = stableHash(r.index as string, r.splunk_server as string, r._cd as string, r._time as string, rawLine);
  return {
    key: id,
    id,
    at: indexSec * 1000,
    envelope: {
      ts: Number.isFinite(ts) ? ts : indexSec * 1000,
      severity: severityOf([r.log_level, r.severity, r.level, r.loglevel], rawLine),
      host: firstText(r, 'host'),
      user: firstText(r, 'user', 'src_user'),
      action: firstText(r, 'action', 'signature'),
      outcome: null,
      message: rawLine,
    },
    raw: r,
  };
}

/** One JSON object per line: `{"preview":false,"offset":n,"result":{…}}`, maybe `lastrow`, maybe `messages`. */
function parseExport(body: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of body.split('\n')) {
    if (!line.trim()) continue;
    let o: { preview?: boolean; result?: Record<string, unknown>; messages?: { type?: string; text?: string }[] };
    try {
      o = JSON.parse(line) as typeof o;
    } catch {
      throw new PullError('bad_response', `Splunk export answered a line that is not JSON: ${line.slice(0, 120)}`);
    }
    const fatal = o.messages?.find((m) => m.type === 'FATAL' || m.type === 'ERROR');
    if (fatal) throw new PullError('http', `Splunk search failed: ${fatal.text ?? fatal.type}`);
    if (o.result && o.preview !== true) out.push(o.result);
  }
  return out;
}

async function exportSearch(ctx: ConnectorContext, form: URLSearchParams): Promise<string> {
  const host = baseUrl(ctx.creds.host, '', 'host');
  const send = (path: string) =>
    ctx.http.send(
      () => ({
        method: 'POST',
        url: `${host}${path}`,
        headers: { ...headers(ctx), 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      }),
      { accept: [404] },
    );
  if (!ctx.memo.get(V1_KEY)) {
    const res = await send('/services/search/v2/jobs/export');
    if (res.status !== 404) return res.body.toString('utf8');
    ctx.memo.set(V1_KEY, true);
  }
  const res = await send('/services/search/jobs/export');
  if (res.status === 404)
    throw new PullError('not_found', `${new URL(host).host} has no search export endpoint (HTTP 404): is this the management port (8089)?`);
  return res.body.toString('utf8');
}

export const splunkConnector: Connector = {
  type: 'splunk',
  sorted: false,
  pageLimit: 50000,
  async page(ctx, target, win, _state, limit) {
    const search = /^\s*(search|\|)/.test(target) ? target : `search ${target}`;
    const form = new URLSearchParams({
      search,
      output_mode: 'json',
      index_earliest: (win.start / 1000).toFixed(3),
      index_latest: (win.end / 1000).toFixed(3),
      earliest_time: ((win.start - SPLUNK_TIME_SLACK_MS) / 1000).toFixed(3),
      latest_time: 'now',
    });
    // A preview needs only a few rows; a poll reads the whole window.
    if (limit < 1000) form.set('count', String(limit));
    const rows = parseExport(await exportSearch(ctx, form));
    return { entries: rows.map(toEntry).filter((e): e is PullEntry => e !== null), next: null };
  },
  async discover(ctx) {
    const host = baseUrl(ctx.creds.host, '', 'host');
    const res = await ctx.http.send(() => ({ method: 'GET', url: `${host}/services/data/indexes?output_mode=json&count=0`, headers: headers(ctx) }));
    const j = jsonBody<{ entry?: { name: string }[] }>(res.body, 'Splunk');
    return (j.entry ?? [])
      .map((e) => e.name)
      .filter((n) => !n.startsWith('_'))
      .map((n) => `index=${n}`);
  },
};
