/**
 * The ingest port's front door: one TCP port that serves plain HTTP and, when a certificate is
 * configured, HTTPS on the same port (the first byte of a TLS ClientHello is 0x16, of an HTTP request
 * a letter). Every connection passes the connection guard first (total and per-address caps, a
 * clear 503 for HTTP peers over the cap), and both servers carry the header, request, idle and
 * keep-alive timeouts, so idle, slowloris and stalled-body clients are closed on time.
 */
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { TLS_HANDSHAKE_BYTE, createConnectionGuard, sniffFirstByte } from './connection-guard.ts';
import type { ConnectionCaps } from './connection-guard.ts';

export interface IngestListenerLimits extends ConnectionCaps {
  /** The request line and all headers must arrive within this long of the connection or request start (ms). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this long (ms): cuts trickling bodies. */
  requestTimeoutMs: number;
  /** A connection with no traffic for this long while a request is open is closed (ms): cuts stalled bodies. */
  idleTimeoutMs: number;
  /** An idle keep-alive connection between requests is closed after this long (ms). */
  keepAliveTimeoutMs: number;
}

/** Defaults (docs/ingest-hardening.md): generous for LAN shippers, short enough that hoarding fails. */
export const INGEST_LISTENER_LIMITS: IngestListenerLimits = {
  maxConnections: 1024,
  maxPerAddress: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 20_000,
  keepAliveTimeoutMs: 30_000,
};

export interface IngestTls {
  cert: string | Buffer;
  key: string | Buffer;
  /** Refuse plain HTTP (426, naming the https URL) instead of serving it beside HTTPS. */
  required?: boolean;
}

export interface IngestListener {
  port: number;
  /** True when HTTPS is served on the port too. */
  tls: boolean;
  /** Connections open right now (both protocols). */
  open(): number;
  /** Stop accepting, let in-flight requests finish (up to the request timeout), close the rest. */
  close(): Promise<void>;
}

const REFUSAL_GRACE_MS = 2_000;

/**
 * Answer a connection in plain HTTP before it reaches the server, in SPEC §3's body shape, then
 * close: 503 + Retry-After for a connection over a cap, 426 when the port requires HTTPS.
 */
function refuseHttp(sock: Socket, status: '503 Service Unavailable' | '426 Upgrade Required', code: string, message: string): void {
  const body = JSON.stringify({ accepted: 0, rejected: 0, errors: [{ line: 0, code, message }], error: message });
  const extra = status.startsWith('503') ? 'Retry-After: 5\r\n' : 'Upgrade: TLS/1.2, HTTP/1.1\r\n';
  sock.resume(); // read and discard whatever the client sends meanwhile, so our answer is not reset
  sock.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`,
  );
  sock.setTimeout(REFUSAL_GRACE_MS, () => sock.destroy());
}

function applyTimeouts(server: HttpServer | HttpsServer, l: IngestListenerLimits): void {
  server.headersTimeout = l.headersTimeoutMs;
  server.requestTimeout = l.requestTimeoutMs;
  server.keepAliveTimeout = l.keepAliveTimeoutMs;
  server.setTimeout(l.idleTimeoutMs);
  // Node checks header/request deadlines on this interval (default 30 s): check often enough that a
  // deadline is enforced close to its value. Read when the server starts tracking connections.
  (server as HttpServer & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    50,
    Math.min(1000, Math.floor(l.headersTimeoutMs / 4)),
  );
}

/**
 * Node's idle and header deadlines do not fire on HTTPS sockets whose TLS stream the HTTP parser
 * reads natively (an idle TLS client stayed open past every limit), so HTTPS connections get their
 * own: the first request's headers within `headersTimeoutMs` of the handshake, each request answered
 * within `requestTimeoutMs`, the next request within `keepAliveTimeoutMs` of the last answer.
 */
function guardTlsDeadlines(https: HttpsServer, l: IngestListenerLimits): void {
  const arms = new WeakMap<Socket, (ms: number) => void>();
  https.on('secureConnection', (ts: Socket) => {
    let timer = setTimeout(() => ts.destroy(), l.headersTimeoutMs);
    arms.set(ts, (ms) => {
      clearTimeout(timer);
      timer = setTimeout(() => ts.destroy(), ms);
    });
    ts.once('close', () => clearTimeout(timer));
  });
  https.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const arm = arms.get(req.socket);
    arm?.(l.requestTimeoutMs);
    res.once('finish', () => arm?.(l.keepAliveTimeoutMs));
  });
}

/**
 * Listen with `app` on host:port. Fastify's own server handles plain HTTP; an HTTPS server sharing
 * Fastify's handler takes the TLS connections. Resolves once listening; throws like `listen` does
 * (port in use …).
 */
export async function listenIngest(
  app: FastifyInstance,
  opts: { host: string; port: number; limits?: Partial<IngestListenerLimits>; tls?: IngestTls | null },
): Promise<IngestListener> {
  const limits = { ...INGEST_LISTENER_LIMITS, ...opts.limits };
  await app.ready();
  const http = app.server as HttpServer;
  applyTimeouts(http, limits);
  let https: HttpsServer | null = null;
  const tlsSockets = new Set<Socket>();
  if (opts.tls) {
    https = createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key, handshakeTimeout: limits.headersTimeoutMs, minVersion: 'TLSv1.2' }, app.routing);
    applyTimeouts(https, limits);
    https.on('tlsClientError', (_err, sock) => sock.destroy()); // a failed handshake (untrusted, pinned elsewhere) ends here
    guardTlsDeadlines(https, limits);
    // Never listens itself: start its deadline checks the way listening would.
    https.emit('listening');
  }
  const guard = createConnectionGuard(`ingest port ${opts.port || '(picked at start)'}`, limits);
  const httpListeners = http.listeners('connection') as ((sock: Socket) => void)[];
  http.removeAllListeners('connection');
  http.on('connection', (sock: Socket) => {
    const refusal = guard.admit(sock);
    sniffFirstByte(sock, refusal ? REFUSAL_GRACE_MS : limits.headersTimeoutMs, (first) => {
      if (first === null) return sock.destroy();
      const isTls = first === TLS_HANDSHAKE_BYTE;
      if (refusal)
        return isTls ? sock.destroy() : refuseHttp(sock, '503 Service Unavailable', 'too_many_connections', `too many connections: ${refusal}; retry later`);
      if (!isTls && opts.tls?.required) {
        return refuseHttp(
          sock,
          '426 Upgrade Required',
          'https_required',
          `this ingest port takes HTTPS only (keys must not cross the network in plain text): use https:// on port ${(http.address() as AddressInfo).port} with the certificate shown on the source page`,
        );
      }
      if (isTls) {
        if (!https) return sock.destroy(); // no certificate configured: HTTPS is off
        tlsSockets.add(sock);
        sock.once('close', () => tlsSockets.delete(sock));
        https.emit('connection', sock); // the TLS socket takes over the handle and the put-back ClientHello
      } else {
        for (const l of httpListeners) l.call(http, sock);
        sock.resume();
      }
    });
  });
  await app.listen({ host: opts.host, port: opts.port });
  return {
    port: (http.address() as AddressInfo).port,
    tls: https !== null,
    open: () => guard.open(),
    async close() {
      const closing = app.close(); // stops accepting; idle keep-alive connections close, in-flight requests finish
      let closed = false;
      const done = () => {
        closed = true;
      };
      void closing.then(done, done);
      if (https) https.close(() => undefined); // closes idle TLS connections and stops the deadline checks
      // A request in flight at close keeps its connection; once answered it would sit idle until the
      // keep-alive timeout (30 s) and hold shutdown that long: close each one as it goes idle.
      const deadline = Date.now() + limits.requestTimeoutMs;
      while ((!closed || tlsSockets.size) && Date.now() < deadline) {
        http.closeIdleConnections();
        https?.closeIdleConnections();
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const s of tlsSockets) s.destroy();
      await closing;
    },
  };
}
