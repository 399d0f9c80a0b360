import { timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_ROUTES, STREAM_NAMES } from '../../shared/api.ts';
import type { ApiMethod, CallMeta, StreamName } from '../../shared/api.ts';
import { ERROR_STATUS } from '../../shared/errors.ts';
import { CONFIG_LIMITS } from '../../shared/limits.ts';
import type { ApiResponse, ErrorCode } from '../../shared/errors.ts';
import type { Engine } from '../engine/engine.ts';
import { serveRenderer } from './static-files.ts';

export interface ConsoleOptions {
  token: string;
  /** Built renderer to serve at `/` (headless mode). */
  staticDir?: string;
  /** Minimum gap between two `events` pushes on one SSE connection. */
  eventsPushMs?: number;
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(reply: FastifyReply, res: ApiResponse<unknown>): FastifyReply {
  return reply.code(res.success ? 200 : ERROR_STATUS[res.error.code]).send(res);
}
function fail(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown): FastifyReply {
  return send(reply, { success: false, error: details === undefined ? { code, message } : { code, message, details } });
}

/**
 * The console API (SPEC §4): every route comes from the shared API_ROUTES table and calls the same
 * dispatcher IPC uses. Bearer token on every request, POSTs honour Idempotency-Key, `/v1/stream`
 * pushes the engine's streams as server-sent events.
 */
export function buildConsoleServer(engine: Engine, opts: ConsoleOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, return503OnClosing: true });
  // An empty JSON body (e.g. `curl -X POST -H 'content-type: application/json' …/key`) means {}.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(Object.assign(new Error(`body is not valid JSON: ${(err as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
  const bearer = (req: FastifyRequest): string | undefined => {
    const h = req.headers.authorization;
    return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
  };

  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    if ((err.statusCode ?? 500) < 500) return fail(reply, 'VALIDATION_ERROR', `bad request: ${err.message}`);
    console.error('[watchpost] console error:', err);
    return fail(reply, 'INTERNAL', 'internal error');
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/v1/')) return;
    const isStream = req.url.split('?')[0] === '/v1/stream';
    const given = bearer(req) ?? (isStream ? ((req.query as Record<string, string>)?.token ?? undefined) : undefined);
    if (!tokenMatches(given, opts.token)) return fail(reply, 'UNAUTHORIZED', 'missing or wrong console token (Authorization: Bearer <token>)');
  });

  for (const method of Object.keys(API_ROUTES) as ApiMethod[]) {
    const route = API_ROUTES[method];
    const url = route.path.replace(/\{(\w+)\}/g, ':$1');
    app.route({
      method: route.method,
      url,
      handler: async (req, reply) => {
        const input: Record<string, unknown> = {};
        if (route.method === 'GET' || route.method === 'DELETE') {
          Object.assign(input, req.query);
        } else if (req.body !== undefined && req.body !== null) {
          if (typeof req.body !== 'object' || Array.isArray(req.body)) return fail(reply, 'VALIDATION_ERROR', 'request body must be a JSON object');
          Object.assign(input, req.body);
        }
        Object.assign(input, req.params as Record<string, string>);
        const meta: CallMeta = { actor: 'console', ipAddress: req.ip };
        if (req.headers['user-agent']) meta.userAgent = req.headers['user-agent'];
        const idemKey = req.headers['idempotency-key'];
        if (route.method === 'POST' && typeof idemKey === 'string' && idemKey !== '') {
          if (idemKey.length > CONFIG_LIMITS.idempotencyKeyChars)
            return fail(reply, 'VALIDATION_ERROR', `Idempotency-Key must be at most ${CONFIG_LIMITS.idempotencyKeyChars} characters`);
          const out = await engine.domains.idempotency.store.run(idemKey, `${route.method} ${req.url.split('?')[0]}`, req.body, async () => {
            const res = await engine.api.call(method, input as never, meta);
            return { status: res.success ? 200 : ERROR_STATUS[res.error.code], body: res };
          });
          if ('mismatch' in out) return fail(reply, 'CONFLICT', 'Idempotency-Key was already used with a different request body');
          return reply.code(out.status).header('idempotent-replayed', 'false').send(out.body);
        }
        return send(reply, await engine.api.call(method, input as never, meta));
      },
    });
  }

  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of openStreams) end();
    openStreams.clear();
  });

  app.get('/v1/stream', (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': watchpost stream\n\n');
    const write = (name: StreamName, payload: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    const pushEvery = opts.eventsPushMs ?? 500;
    let pendingEvents: { count: number; sourceIds: Set<string>; newestAt: string } | null = null;
    let lastEventsPush = 0;
    let eventsTimer: NodeJS.Timeout | null = null;
    const flushEvents = () => {
      eventsTimer = null;
      if (!pendingEvents) return;
      write('events', { count: pendingEvents.count, sourceIds: [...pendingEvents.sourceIds], newestAt: pendingEvents.newestAt });
      pendingEvents = null;
      lastEventsPush = Date.now();
    };
    const offs = STREAM_NAMES.map((name) =>
      engine.api.subscribe(name, (payload) => {
        if (name !== 'events') return write(name, payload);
        const p = payload as { count: number; sourceIds: string[]; newestAt: string };
        pendingEvents ??= { count: 0, sourceIds: new Set(), newestAt: p.newestAt };
        pendingEvents.count += p.count;
        for (const id of p.sourceIds) pendingEvents.sourceIds.add(id);
        pendingEvents.newestAt = p.newestAt;
        if (!eventsTimer) eventsTimer = setTimeout(flushEvents, Math.max(0, pushEvery - (Date.now() - lastEventsPush)));
      }),
    );
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    const close = () => {
      clearInterval(ping);
      if (eventsTimer) clearTimeout(eventsTimer);
      for (const off of offs) off();
    };
    const end = () => {
      close();
      res.end();
    };
    openStreams.add(end);
    req.raw.on('close', () => {
      openStreams.delete(end);
      close();
    });
  });

  app.setNotFoundHandler((req, reply) => fail(reply, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
  if (opts.staticDir) serveRenderer(app, opts.staticDir);
  return app;
}
