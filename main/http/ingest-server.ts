import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { INGEST_KEY_HEADER, INGEST_LIMITS, INGEST_PATH } from '../../shared/limits.ts';
import type { IngestService } from '../engine/ingest/service.ts';

/**
 * The LAN-facing ingest endpoint (SPEC §3). The body is taken as raw bytes (gzip is undone by the
 * ingest service so limits apply to the decompressed body); the key is read only from the header.
 * Never listens by itself: the runtime (or a test's inject()) drives it.
 */
export function buildIngestServer(ingest: IngestService): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: INGEST_LIMITS.maxBodyBytes, return503OnClosing: true, forceCloseConnections: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: { code?: string; statusCode?: number; message: string }, _req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const message = `body exceeds ${INGEST_LIMITS.maxBodyBytes} bytes (1 MB)`;
      return reply.code(400).send({ accepted: 0, rejected: 0, errors: [{ line: 0, code: 'body_too_large', message }], error: message });
    }
    if ((err.statusCode ?? 500) < 500) {
      return reply.code(400).send({ accepted: 0, rejected: 0, errors: [{ line: 0, code: 'bad_request', message: err.message }], error: err.message });
    }
    console.error('[watchpost] ingest failed:', err);
    return reply.code(503).header('retry-after', '5').send({ accepted: 0, rejected: 0, errors: [{ line: 0, code: 'internal', message: 'ingest failed; nothing was stored' }], error: 'ingest failed; nothing was stored' });
  });

  app.post(INGEST_PATH, async (req, reply) => {
    const key = req.headers[INGEST_KEY_HEADER];
    const result = await ingest.handle({
      key: Array.isArray(key) ? key[0] : key,
      contentType: req.headers['content-type'],
      contentEncoding: req.headers['content-encoding'],
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      ipAddress: req.ip,
    });
    if (result.retryAfterSec !== undefined) reply.header('retry-after', String(result.retryAfterSec));
    return reply.code(result.status).send(result.body);
  });

  app.setNotFoundHandler((req, reply) => {
    const message = req.url.split('?')[0] === INGEST_PATH ? `use POST ${INGEST_PATH}` : `no such endpoint; events go to POST ${INGEST_PATH}`;
    return reply.code(req.url.split('?')[0] === INGEST_PATH ? 405 : 404).send({ accepted: 0, rejected: 0, errors: [{ line: 0, code: 'not_found', message }], error: message });
  });
  return app;
}
