/** Datadog Logs search v2 and index list, checking DD-API-KEY / DD-APPLICATION-KEY like the API (403 Forbidden). */
import type { Clock } from '../../../../main/engine/clock.ts';
import { startFake, visible } from './fake-server.ts';
import type { FakeServer, Staged } from './fake-server.ts';

export interface DdLog {
  id: string;
  type: 'log';
  attributes: Record<string, unknown>;
}
export interface DatadogFake {
  server: FakeServer;
  logs: Staged<DdLog>[];
  /** Answer `meta.status: "timeout"` to this many searches first. */
  timeouts: number;
  add(ts: number, attrs: Record<string, unknown>, visibleAt?: number): string;
}

export async function startDatadogFake(clock: Clock, keys: { apiKey: string; appKey: string }): Promise<DatadogFake> {
  const logs: DatadogFake['logs'] = [];
  const state = { timeouts: 0, n: 0 };
  const server = await startFake(clock, (req) => {
    if (req.headers['dd-api-key'] !== keys.apiKey || req.headers['dd-application-key'] !== keys.appKey) return { status: 403, body: { errors: ['Forbidden'] } };
    if (req.path === '/api/v1/logs/config/indexes') return { status: 200, body: { indexes: [{ name: 'main' }, { name: 'security' }] } };
    if (req.path !== '/api/v2/logs/events/search' || req.method !== 'POST') return { status: 404, body: { errors: ['Not found'] } };
    const b = JSON.parse(req.body) as { filter: { query: string; from: string; to: string }; page: { limit: number; cursor?: string }; sort: string };
    if (state.timeouts > 0) {
      state.timeouts--;
      return { status: 200, body: { data: [], meta: { status: 'timeout', page: {} } } };
    }
    const [k, v] = b.filter.query.split(':');
    const from = Date.parse(b.filter.from);
    const to = Date.parse(b.filter.to);
    const hits = visible(clock, logs)
      .filter((l) => l.data.attributes[k!] === v && l.at >= from && l.at < to)
      .sort((a, c) => a.at - c.at);
    const off = b.page.cursor ? Number(Buffer.from(b.page.cursor, 'base64url').toString()) : 0;
    const page = hits.slice(off, off + b.page.limit).map((h) => h.data);
    const more = off + b.page.limit < hits.length;
    return {
      status: 200,
      body: { data: page, meta: { status: 'done', page: more ? { after: Buffer.from(String(off + b.page.limit)).toString('base64url') } : {} }, links: {} },
    };
  });
  return {
    server,
    logs,
    get timeouts() {
      return state.timeouts;
    },
    set timeouts(v: number) {
      state.timeouts = v;
    },
    add(ts, attrs, visibleAt = -Infinity) {
      const id = `AQAAAY${String(++state.n).padStart(10, '0')}`;
      logs.push({ at: ts, visibleAt, data: { id, type: 'log', attributes: { timestamp: new Date(ts).toISOString(), ...attrs } } });
      return id;
    },
  };
}
