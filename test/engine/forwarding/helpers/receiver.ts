import { createServer } from 'node:https';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TestPki } from './tls.ts';

/** One request as the receiver saw it. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What to do with a request: a status (+ headers), hang until the client gives up, or drop the socket. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'reset';

export interface Receiver {
  url: string;
  port: number;
  requests: Received[];
  /** Replies used in order; when empty, `route` (if it answers) and then `fallback` answer. */
  queue: Reply[];
  route: ((req: Received) => Reply | undefined) | null;
  fallback: Reply;
  /** Resolves once at least `n` requests have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTPS server on 127.0.0.1 that records every request and answers as scripted. */
export async function startReceiver(pki: TestPki, path = '/hook'): Promise<Receiver> {
  const requests: Received[] = [];
  const sockets = new Set<Socket>();
  const waiters: { n: number; resolve: () => void }[] = [];
  const r: Receiver = {
    url: '',
    port: 0,
    requests,
    queue: [],
    route: null,
    fallback: { status: 200, body: '{"ok":true}' },
    waitFor(n, timeoutMs = 10_000) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`receiver: waited for ${n} requests, got ${requests.length}`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
  const server = createServer({ key: pki.serverKeyPem, cert: pki.serverCertPem }, (req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      for (const w of waiters.splice(0)) {
        if (requests.length >= w.n) w.resolve();
        else waiters.push(w);
      }
      const reply = r.queue.shift() ?? r.route?.(received) ?? r.fallback;
      if (reply === 'hang') return;
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  r.port = (server.address() as AddressInfo).port;
  r.url = `https://127.0.0.1:${r.port}${path}`;
  return r;
}
