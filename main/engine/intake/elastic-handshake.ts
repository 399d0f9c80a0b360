/**
 * The calls Elasticsearch shippers make before they send (SPEC §3a), answered harmlessly so Beats,
 * Logstash, Vector, Fluent Bit and the official clients start up unchanged: `GET /` (version
 * document), license/xpack checks, cluster health, and template / ILM / pipeline / index set-up.
 * Reads of named set-up objects answer 404 (so the shipper "creates" them); writes answer
 * `{"acknowledged": true}`. Nothing here stores anything.
 */
import { ELASTIC_HEADERS, ELASTIC_VERSION, elasticError } from './elastic.ts';
import type { WireReply } from './pipeline.ts';

/** `GET /`: the version document clients read to pick their API flavour. */
export function elasticRoot(): WireReply {
  return {
    status: 200,
    headers: { ...ELASTIC_HEADERS },
    body: {
      name: 'watchpost',
      cluster_name: 'watchpost',
      cluster_uuid: 'd2F0Y2hwb3N0LWludGFrZQ',
      version: {
        number: ELASTIC_VERSION,
        build_flavor: 'default',
        build_type: 'tar',
        build_hash: 'watchpost',
        build_date: '2025-01-01T00:00:00.000Z',
        build_snapshot: false,
        lucene_version: '9.12.0',
        minimum_wire_compatibility_version: '7.17.0',
        minimum_index_compatibility_version: '7.0.0',
      },
      tagline: 'You Know, for Search',
    },
  };
}

const LICENSE = {
  status: 'active',
  uid: 'watchpost',
  type: 'basic',
  issue_date_in_millis: 0,
  max_nodes: 1000,
  issued_to: 'watchpost',
  issuer: 'elasticsearch',
  start_date_in_millis: -1,
};

/** The answer to a set-up call, or null when the path is not one (the caller answers 404). */
export function elasticHandshake(method: string, path: string): WireReply | null {
  const ok = (body: object): WireReply => ({ status: 200, body, headers: { ...ELASTIC_HEADERS } });
  const p = path.replace(/\/+$/, '') || '/';
  if (method === 'HEAD' && p === '/') return ok({});
  if (p === '/_license') return ok({ license: LICENSE });
  if (p === '/_xpack') {
    return ok({
      build: { hash: 'watchpost', date: '2025-01-01T00:00:00.000Z' },
      license: { uid: 'watchpost', type: 'basic', mode: 'basic', status: 'active' },
      features: { ilm: { available: true, enabled: true }, security: { available: true, enabled: true } },
    });
  }
  if (p === '/_cluster/health') return ok({ cluster_name: 'watchpost', status: 'green', timed_out: false, number_of_nodes: 1, number_of_data_nodes: 1 });
  if (p === '/_nodes' || p.startsWith('/_nodes/')) return ok({ _nodes: { total: 1, successful: 1, failed: 0 }, cluster_name: 'watchpost', nodes: {} });
  if (p === '/_security/_authenticate') return ok({ username: 'watchpost', roles: [], enabled: true, authentication_type: 'api_key' });
  if (method === 'PUT' || method === 'POST') return ok({ acknowledged: true, shards_acknowledged: true });
  if (method === 'DELETE') return ok({ acknowledged: true });
  if (method === 'GET' || method === 'HEAD') {
    return elasticError(404, { type: 'resource_not_found_exception', reason: `${p} does not exist on Watchpost (set-up objects are accepted and not kept)` });
  }
  return null;
}
