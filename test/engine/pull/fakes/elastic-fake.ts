/**
 * Elasticsearch PIT + search_after on @timestamp with the `_shard_doc` tiebreaker; every search
 * answers a new PIT id (clients must use the newest). ApiKey or Basic auth, 401 security_exception.
 */
import type { Clock } from '../../../../main/engine/clock.ts';
import { startFake, visible } from './fake-server.ts';
import type { FakeServer, Staged } from './fake-server.ts';

export interface ElasticFake {
  server: FakeServer;
  docs: Staged<{ _index: string; _id: string; _source: Record<string, unknown>; shardDoc: number }>[];
  openPits: Set<string>;
  add(index: string, ts: number, source: Record<string, unknown>, visibleAt?: number): string;
}

export async function startElasticFake(clock: Clock, auth: { apiKey?: string; basic?: string }): Promise<ElasticFake> {
  const docs: ElasticFake['docs'] = [];
  const pits = new Map<string, { family: string; snapshot: ElasticFake['docs']; gen: number }>();
  const openPits = new Set<string>();
  let n = 0;
  let pitSeq = 0;
  const server = await startFake(clock, (req) => {
    const a = req.headers.authorization;
    const ok = (auth.apiKey && a === `ApiKey ${auth.apiKey}`) || (auth.basic && a === `Basic ${Buffer.from(auth.basic).toString('base64')}`);
    if (!ok)
      return {
        status: 401,
        body: {
          error: {
            root_cause: [
              { type: 'security_exception', reason: 'unable to authenticate with provided credentials and anonymous access is not allowed for this request' },
            ],
            type: 'security_exception',
            reason: 'unable to authenticate with provided credentials and anonymous access is not allowed for this request',
          },
          status: 401,
        },
      };
    if (req.path === '/_cat/indices') return { status: 200, body: [...new Set(docs.map((d) => d.data._index))].concat('.kibana').map((index) => ({ index })) };
    const pitOpen = /^\/([^/]+)\/_pit$/.exec(req.path);
    if (pitOpen && req.method === 'POST') {
      const pattern = new RegExp(
        `^${decodeURIComponent(pitOpen[1]!)
          .split(',')
          .map((p) => p.replace(/\*/g, '.*'))
          .join('|')}$`,
      );
      const snapshot = visible(clock, docs).filter((d) => pattern.test(d.data._index));
      if (!docs.some((d) => pattern.test(d.data._index)))
        return { status: 404, body: { error: { type: 'index_not_found_exception', reason: `no such index [${pitOpen[1]}]` }, status: 404 } };
      const family = `pit${++pitSeq}`;
      const id = `${family}.0`;
      pits.set(family, { family, snapshot, gen: 0 });
      openPits.add(family);
      return { status: 200, body: { id } };
    }
    if (req.path === '/_pit' && req.method === 'DELETE') {
      const id = (JSON.parse(req.body) as { id: string }).id;
      openPits.delete(id.split('.')[0]!);
      return { status: 200, body: { succeeded: true, num_freed: 1 } };
    }
    if (req.path !== '/_search') return { status: 404, body: { error: { type: 'not_found' }, status: 404 } };
    const b = JSON.parse(req.body) as {
      size: number;
      query: { range: { '@timestamp': { gte: number; lt: number } } };
      pit: { id: string };
      search_after?: [number, number];
    };
    const [family, gen] = b.pit.id.split('.');
    const pit = pits.get(family!);
    if (!pit || !openPits.has(family!) || Number(gen) !== pit.gen)
      return { status: 404, body: { error: { type: 'search_context_missing_exception', reason: 'No search context found' }, status: 404 } };
    const { gte, lt } = b.query.range['@timestamp'];
    const after = b.search_after;
    const hits = pit.snapshot
      .filter((d) => d.at >= gte && d.at < lt)
      .sort((x, y) => x.at - y.at || x.data.shardDoc - y.data.shardDoc)
      .filter((d) => !after || d.at > after[0] || (d.at === after[0] && d.data.shardDoc > after[1]))
      .slice(0, b.size);
    pit.gen++;
    return {
      status: 200,
      body: {
        pit_id: `${family}.${pit.gen}`,
        took: 1,
        timed_out: false,
        hits: { hits: hits.map((h) => ({ _index: h.data._index, _id: h.data._id, _score: null, _source: h.data._source, sort: [h.at, h.data.shardDoc] })) },
      },
    };
  });
  return {
    server,
    docs,
    openPits,
    add(index, ts, source, visibleAt = -Infinity) {
      const id = `doc-${++n}`;
      docs.push({ at: ts, visibleAt, data: { _index: index, _id: id, _source: { '@timestamp': new Date(ts).toISOString(), ...source }, shardDoc: n } });
      return id;
    },
  };
}
