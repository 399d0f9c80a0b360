/**
 * A fake provider on 127.0.0.1 (http or https with a test CA): records every request, answers from
 * a provider handler, stamps `Date` from the test's clock (plus an optional skew), and can be told
 * to fail the next requests with scripted answers (429 + reset header, 400 ThrottlingException,
 * 503, 504, 401…). Entries carry `visibleAt` so late arrivals can be staged.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../../main/engine/clock.ts';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type FakeHandler = (req: FakeRequest) => FakeAnswer;

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** Answers used (first-in first-out) before the handler, for the next requests matching `when`. */
  failNext(answer: FakeAnswer, times?: number, when?: (r: FakeRequest) => boolean): void;
  /** Added to the clock in the Date header (server clock ahead of ours). */
  skewMs: number;
  close(): Promise<void>;
}

export async function startFake(clock: Clock, handler: FakeHandler, tls?: { key: string; cert: string }): Promise<FakeServer> {
  const queue: { answer: FakeAnswer; when: (r: FakeRequest) => boolean }[] = [];
  const requests: FakeRequest[] = [];
  const state = { skewMs: 0 };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const fr: FakeRequest = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(fr);
      const i = queue.findIndex((q) => q.when(fr));
      let answer: FakeAnswer;
      try {
        answer = i >= 0 ? queue.splice(i, 1)[0]!.answer : handler(fr);
      } catch (err) {
        answer = { status: 500, body: { message: (err as Error).message } };
      }
      res.setHeader('Date', new Date(clock.now() + state.skewMs).toUTCString());
      for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      if (!answer.headers?.['content-type']) res.setHeader('content-type', typeof answer.body === 'string' ? 'text/plain' : 'application/json');
      res.writeHead(answer.status);
      res.end(text);
    });
  };
  const server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }, onRequest) : createServer(onRequest);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    failNext(answer, times = 1, when = () => true) {
      for (let i = 0; i < times; i++) queue.push({ answer, when });
    },
    get skewMs() {
      return state.skewMs;
    },
    set skewMs(v: number) {
      state.skewMs = v;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A staged provider entry: cursor time, when it becomes visible (late arrivals), and the provider's fields. */
export interface Staged<T> {
  at: number;
  visibleAt: number;
  data: T;
}

export function visible<T>(clock: Clock, list: Staged<T>[]): Staged<T>[] {
  const now = clock.now();
  return list.filter((e) => e.visibleAt <= now);
}
