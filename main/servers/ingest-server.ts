import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { INGEST_KEY_HEADER, INGEST_LIMITS, INGEST_PATH } from '../../shared/limits.ts';
import { refuse } from '../engine/ingest/refusal.ts';
import type { IngestResult } from '../engine/ingest/refusal.ts';
import type { IngestService } from '../engine/ingest/service.ts';
import type { IntakeGate } from '../engine/intake/index.ts';
import { registerIntakeProtocols } from './ingest-protocols.ts';

/**
 * The LAN-facing ingest endpoint (SPEC §3). The body is taken as raw bytes (gzip is undone by the
 * ingest service so limits apply to the decompressed body); the key is read only from the header.
 * Never listens by itself: the runtime (or a test's inject()) drives it.
 */
export function buildIngestServer(ingest: IngestService, intake?: IntakeGate): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: INGEST_LIMITS.maxBodyBytes, return503OnClosing: true, forceCloseConnections: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: { code?: string; statusCode?: number; message: string }, _req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, refuse('body_too_large', `body exceeds ${INGEST_LIMITS.maxBodyBytes} bytes (1 MB)`));
    if ((err.statusCode ?? 500) < 500) return send(reply, refuse('bad_request', err.message));
    console.error('[watchpost] ingest failed:', err);
    return send(reply, refuse('internal', 'ingest failed; nothing was stored', { retryAfterSec: 5 }));
  });

  if (intake) registerIntakeProtocols(app, intake); // HEC, _bulk, Loki, OTLP, GELF, Seq (SPEC §3a)
  app.post(INGEST_PATH, async (req, reply) => {
    const key = req.headers[INGEST_KEY_HEADER];
    const result = await ingest.handle({
      key: Array.isArray(key) ? key[0] : key,
      contentType: req.headers['content-type'],
      contentEncoding: req.headers['content-encoding'],
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      ipAddress: req.ip,
      transport: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
    });
    return send(reply, result);
  });

  app.setNotFoundHandler((req, reply) => {
    const onPath = req.url.split('?')[0] === INGEST_PATH;
    return send(
      reply,
      onPath ? refuse('not_found', `use POST ${INGEST_PATH}`, { status: 405 }) : refuse('not_found', `no such endpoint; events go to POST ${INGEST_PATH}`),
    );
  });
  return app;
}

/** Every ingest answer leaves through here: status, Retry-After when set, body. */
function send(reply: FastifyReply, result: IngestResult): FastifyReply {
  if (result.retryAfterSec !== undefined) reply.header('retry-after', String(result.retryAfterSec));
  return reply.code(result.status).send(result.body);
}
