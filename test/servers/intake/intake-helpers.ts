/** Shared bits of the compatible-intake tests: a server with one fast source, search, raw HTTP. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestServer } from '../../helpers/http.ts';
import type { TestServer } from '../../helpers/http.ts';
import type { EventPage, WatchpostEvent } from '../../../shared/types.ts';

/** For the whole file: a real server on 127.0.0.1 and a push source (rate limit 100,000/s) with its key. */
export function useIntakeServer(ready: (srv: TestServer, key: string) => void): void {
  let srv: TestServer | undefined;
  beforeAll(async () => {
    srv = await startTestServer();
    ready(srv, (await srv.newSource({ rateLimit: 100_000 })).key);
  });
  afterAll(async () => {
    await srv?.close();
  });
}

/** The ingest server's base URL (`http://127.0.0.1:PORT`). */
export function baseUrl(srv: TestServer): string {
  return new URL(srv.ingestUrl).origin;
}

/** Events matching `q` (all time), newest first. */
export async function search(srv: TestServer, q: string, limit = 100): Promise<WatchpostEvent[]> {
  const r = await srv.api<EventPage>('GET', `/v1/events?limit=${limit}&from=3650d&q=${encodeURIComponent(q)}`);
  expect(r.status).toBe(200);
  return r.json.data.events;
}

/** Poll search until `count` events match (clients that batch or send over UDP commit later); fails after `ms`. */
export async function searchUntil(srv: TestServer, q: string, count: number, ms = 20_000): Promise<WatchpostEvent[]> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await search(srv, q);
    if (found.length >= count || Date.now() > until) {
      expect(found.length).toBe(count);
      return found;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RawResponse {
  status: number;
  text: string;
  headers: Headers;
  /** The body as JSON, in the shape the test expects (the assertions check it). */
  json<T>(): T;
}

/** One raw HTTP request to the ingest port. */
export async function send(srv: TestServer, method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array): Promise<RawResponse> {
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : new Uint8Array(body);
  const res = await fetch(baseUrl(srv) + path, init);
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, json: <T>() => JSON.parse(text) as T };
}

/** A body just over the 1 MB request limit. */
export function overOneMb(line: string): string {
  return line.repeat(Math.ceil((1024 * 1024 + 1) / line.length));
}

/** A TCP/UDP port that was free a moment ago (for a source's listenPort). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
