import { startRuntime } from '../../main/runtime.ts';
import type { Runtime, RuntimeOptions } from '../../main/runtime.ts';
import { tempDir } from './test-engine.ts';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { IngestBody } from '../../main/engine/ingest/refusal.ts';
import type { ApiErrorBody } from '../../shared/errors.ts';
import type { GeneratedKey, LogSource } from '../../shared/types.ts';

/**
 * A console reply as a test reads it. Both sides of `ApiResponse` are spelled out so a test can
 * assert `data` or `error` directly; reading the side that is not there gives undefined and fails
 * the assertion, which is what a test wants.
 */
export interface ConsoleReply<T> {
  success: boolean;
  data: T;
  error: ApiErrorBody;
}

/** A console call as a test makes it: the reply's `data` is typed by the caller (`api<LogSource>(…)`). */
export type ApiCall = <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; json: ConsoleReply<T> }>;

/** What route tests use, whether the servers listen (startTestServer) or not (inject.ts). */
export interface ServerClient {
  dataDir: string;
  ingestUrl: string;
  token: string;
  /** Console API call with the Bearer token; returns status and parsed JSON. */
  api: ApiCall;
  /** POST an NDJSON body (string or Buffer) to the ingest endpoint. */
  ingest(key: string | undefined, body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; json: IngestBody; headers: Headers }>;
  /** Create a source and its key; returns both. */
  newSource(input?: Record<string, unknown>): Promise<{ id: string; key: string }>;
  close(): Promise<void>;
}

export interface TestServer extends ServerClient {
  rt: Runtime;
  consoleUrl: string;
}

export const TEST_TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

/** Create a source (random name unless given) and generate its key through the console API. */
export async function newSourceWith(api: ApiCall, input: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
  const s = await api<LogSource>('POST', '/v1/config/log-sources', { name: `src-${Math.random().toString(36).slice(2, 8)}`, ...input });
  if (s.status !== 200) throw new Error(`create source failed: ${JSON.stringify(s.json)}`);
  const k = await api<GeneratedKey>('POST', `/v1/config/log-sources/${s.json.data.id}/key`);
  if (k.status !== 200) throw new Error(`generate key failed: ${JSON.stringify(k.json)}`);
  return { id: s.json.data.id, key: k.json.data.key };
}

/** NDJSON content type unless the test sets its own, then the source key when given (tests also send none). */
export function ingestHeaders(key: string | undefined, headers: Record<string, string>): Record<string, string> {
  return { 'content-type': 'application/x-ndjson', ...headers, ...(key !== undefined ? { 'x-df-source-key': key } : {}) };
}

/** Every ingest reply carries a JSON body (refusals too); an empty one is itself a contract break. */
export function ingestReply(status: number, text: string): IngestBody {
  if (!text) throw new Error(`ingest reply ${status} had no body`);
  return JSON.parse(text) as IngestBody;
}

/** A real runtime listening on 127.0.0.1 with free ports and a fresh data dir. */
export async function startTestServer(opts: Partial<RuntimeOptions> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const token = TEST_TOKEN;
  const rt = await startRuntime({
    mode: 'headless',
    ingestHost: '127.0.0.1',
    ingestPort: 0,
    ...opts,
    dataDir,
    console: { host: '127.0.0.1', port: 0, token },
  });
  const consoleUrl = rt.consoleUrl!;
  const api: ApiCall = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...headers } };
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(consoleUrl + path, init);
    return { status: res.status, json: (await res.json()) as ConsoleReply<T> };
  };
  return {
    rt,
    dataDir,
    ingestUrl: rt.ingestUrl,
    consoleUrl,
    token,
    api,
    async ingest(key, body, headers = {}) {
      const res = await fetch(rt.ingestUrl, {
        method: 'POST',
        headers: ingestHeaders(key, headers),
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
      return { status: res.status, json: ingestReply(res.status, await res.text()), headers: res.headers };
    },
    newSource: (input) => newSourceWith(api, input),
    async close() {
      await rt.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One listening test server for the whole file with one push source (rate limit high enough not to
 * interfere); `srv` and `key` are filled in by beforeAll and the server is closed in afterAll.
 */
export function useServerWithSource(): { srv: TestServer; key: string } {
  const ctx = {} as { srv: TestServer; key: string };
  beforeAll(async () => {
    ctx.srv = await startTestServer();
    ({ key: ctx.key } = await ctx.srv.newSource({ rateLimit: 100_000 }));
  });
  afterAll(async () => {
    await ctx.srv.close();
  });
  return ctx;
}
