/**
 * The shippers' protocols on the ingest port (SPEC §3a), beside `POST /v1/ingest`: Splunk HEC,
 * Elasticsearch `_bulk` (+ the handshake calls shippers make first), Loki push, OTLP/HTTP logs,
 * GELF over HTTP and Seq. Each route turns the Fastify request into a WireRequest and runs the
 * protocol through the engine's one intake pipeline; every failure, including a body over the
 * server's limit, is answered in that protocol's own error shape.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { INGEST_LIMITS } from '../../shared/limits.ts';
import {
  ELASTIC_HEADERS,
  HEC_HEALTH,
  elasticBulkProtocol,
  elasticKey,
  elasticRefusal,
  gelfHttpProtocol,
  gelfRefusal,
  hecEventProtocol,
  hecRawProtocol,
  hecRefusal,
  lokiProtocol,
  lokiRefusal,
  otlpProtocol,
  otlpRefusal,
  runIntake,
  seqProtocol,
  seqRefusal,
} from '../engine/intake/index.ts';
import type { IntakeGate, Parsed, Protocol, RefusalReason, WireReply, WireRequest } from '../engine/intake/index.ts';
import { elasticHandshake, elasticRoot } from '../engine/intake/elastic-handshake.ts';

type Refuse = (req: WireRequest, reason: RefusalReason, message: string) => WireReply;

function wireRequest(req: FastifyRequest): WireRequest {
  return {
    headers: req.headers,
    query: (req.query ?? {}) as Record<string, string | undefined>,
    params: (req.params ?? {}) as Record<string, string | undefined>,
    body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    ipAddress: req.ip,
    path: req.url.split('?')[0]!,
    transport: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
  };
}

function send(reply: FastifyReply, r: WireReply): FastifyReply {
  if (r.headers) for (const [k, v] of Object.entries(r.headers)) reply.header(k, v);
  reply.code(r.status);
  if (r.body === null) return reply.send();
  if (r.contentType) reply.type(r.contentType);
  return reply.send(r.body);
}

/** Errors Fastify raises before the handler (body over 1 MB, broken request) in the protocol's shape. */
function errorHandlerFor(refuse: Refuse) {
  return (err: { code?: string; statusCode?: number; message: string }, req: FastifyRequest, reply: FastifyReply) => {
    const w = wireRequest(req);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, refuse(w, 'body_too_large', `body exceeds ${INGEST_LIMITS.maxBodyBytes} bytes (1 MB)`));
    if ((err.statusCode ?? 500) < 500) return send(reply, refuse(w, 'malformed', err.message));
    console.error('[watchpost] intake failed:', err);
    return send(reply, refuse(w, 'internal', 'ingest failed; nothing was stored'));
  };
}

/** Register every compatible-intake route on the ingest server. */
export function registerIntakeProtocols(app: FastifyInstance, gate: IntakeGate): void {
  const post = <P extends Parsed>(urls: string[], protocol: Protocol<P>, refuse: Refuse, methods: HTTPMethods[] = ['POST']) => {
    for (const url of urls) {
      app.route({
        method: methods,
        url,
        errorHandler: errorHandlerFor(refuse),
        handler: async (req, reply) => send(reply, await runIntake(gate, protocol, wireRequest(req))),
      });
    }
  };

  // Splunk HEC
  const hec: Refuse = (_r, reason, message) => hecRefusal(reason, message);
  post(['/services/collector', '/services/collector/event', '/services/collector/event/1.0'], hecEventProtocol, hec);
  post(['/services/collector/raw', '/services/collector/raw/1.0'], hecRawProtocol, hec);
  for (const url of ['/services/collector/health', '/services/collector/health/1.0'])
    app.get(url, async (_req, reply) => send(reply, { status: 200, body: HEC_HEALTH }));

  // Elasticsearch
  const es: Refuse = (_r, reason, message) => elasticRefusal(reason, message);
  post(['/_bulk', '/:index/_bulk'], elasticBulkProtocol, es, ['POST', 'PUT']);
  const handshake = async (req: FastifyRequest, reply: FastifyReply) => {
    const w = wireRequest(req);
    const source = gate.authenticate(elasticKey(w), w.ipAddress);
    if ('ok' in source) return send(reply, elasticRefusal(source.reason, source.message));
    if (w.path === '/' && req.method !== 'HEAD') return send(reply, elasticRoot());
    return send(reply, elasticHandshake(req.method, w.path) ?? { status: 405, body: null, headers: { ...ELASTIC_HEADERS } });
  };
  const esSetup = [
    '/_license',
    '/_xpack',
    '/_cluster/health',
    '/_nodes',
    '/_nodes/*',
    '/_security/_authenticate',
    '/_index_template/*',
    '/_template/*',
    '/_component_template/*',
    '/_ilm/*',
    '/_ingest/*',
    '/_data_stream/*',
    '/_alias/*',
  ];
  for (const url of esSetup) app.route({ method: ['GET', 'PUT', 'POST', 'DELETE'], url, errorHandler: errorHandlerFor(es), handler: handshake });
  app.route({ method: 'GET', url: '/', errorHandler: errorHandlerFor(es), handler: handshake });
  // index creation / existence checks (Logstash ILM aliases, older Beats): PUT acknowledged, HEAD "absent"
  app.route({ method: ['PUT', 'HEAD'], url: '/:index', errorHandler: errorHandlerFor(es), handler: handshake });

  // Loki, OTLP, GELF, Seq
  post(['/loki/api/v1/push'], lokiProtocol, (_r, reason, message) => lokiRefusal(reason, message));
  post(['/v1/logs'], otlpProtocol, (r, reason, message) => otlpRefusal(r, reason, message));
  post(['/gelf'], gelfHttpProtocol, (_r, reason, message) => gelfRefusal(reason, message));
  post(['/api/events/raw', '/ingest/clef'], seqProtocol, (_r, reason, message) => seqRefusal(reason, message));
}
