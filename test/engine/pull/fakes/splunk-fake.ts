/** Splunk search export (v2, optionally only the pre-9.0.2 path) by index time, and the index list; Bearer token auth. */
import type { Clock } from '../../../../main/engine/clock.ts';
import { startFake, visible } from './fake-server.ts';
import type { FakeServer, Staged } from './fake-server.ts';

export interface SplunkFake {
  server: FakeServer;
  rows: Staged<Record<string, string>>[];
  /** Answer 404 on /services/search/v2/jobs/export (a Splunk older than 9.0.2). */
  v1Only: boolean;
  add(index: string, indexTimeSec: number, raw: string, fields?: Record<string, string>, visibleAt?: number): void;
}

export async function startSplunkFake(clock: Clock, token: string, tls?: { key: string; cert: string }): Promise<SplunkFake> {
  const rows: SplunkFake['rows'] = [];
  const state = { v1Only: false, cd: 0 };
  const server = await startFake(
    clock,
    (req) => {
      if (req.headers.authorization !== `Bearer ${token}`)
        return { status: 401, body: { messages: [{ type: 'WARN', text: 'call not properly authenticated' }] } };
      if (req.path === '/services/data/indexes') return { status: 200, body: { entry: [{ name: 'main' }, { name: 'web' }, { name: '_internal' }] } };
      const v2 = req.path === '/services/search/v2/jobs/export';
      if (!(v2 && !state.v1Only) && req.path !== '/services/search/jobs/export')
        return { status: 404, body: { messages: [{ type: 'ERROR', text: 'Not Found' }] } };
      const form = new URLSearchParams(req.body);
      const search = form.get('search') ?? '';
      const index = /index=(\S+)/.exec(search)?.[1];
      const ie = Number(form.get('index_earliest')) * 1000;
      const il = Number(form.get('index_latest')) * 1000;
      const hits = visible(clock, rows).filter((r) => (!index || r.data.index === index) && r.at >= ie && r.at < il);
      const count = Number(form.get('count') ?? 0);
      const out = (count ? hits.slice(0, count) : hits).map((r, i) => JSON.stringify({ preview: false, offset: i, result: r.data }));
      return { status: 200, body: out.join('\n') + '\n', headers: { 'content-type': 'application/json' } };
    },
    tls,
  );
  return {
    server,
    rows,
    get v1Only() {
      return state.v1Only;
    },
    set v1Only(v: boolean) {
      state.v1Only = v;
    },
    add(index, indexTimeSec, raw, fields = {}, visibleAt = -Infinity) {
      rows.push({
        at: indexTimeSec * 1000,
        visibleAt,
        data: {
          _raw: raw,
          _time: new Date(indexTimeSec * 1000 - 2000).toISOString(),
          _indextime: String(indexTimeSec),
          _cd: `0:${++state.cd}`,
          index,
          host: 'splunk-host',
          source: '/var/log/app.log',
          sourcetype: 'app',
          splunk_server: 'idx1',
          ...fields,
        },
      });
    },
  };
}
