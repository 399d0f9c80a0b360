/**
 * The console and ingest servers without sockets: the same engine and the same Fastify apps the
 * runtime builds, driven through Fastify's inject(). For route tests where the wire itself (TCP,
 * streaming, keep-alive) is not what is tested; those keep a real server (helpers/http.ts).
 */
import { rmSync } from 'node:fs';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createEngine } from '../../main/engine/engine.ts';
import type { Engine, EngineOptions } from '../../main/engine/engine.ts';
import { buildConsoleServer } from '../../main/http/console-server.ts';
import { buildIngestServer } from '../../main/http/ingest-server.ts';
import { INGEST_PATH } from '../../shared/limits.ts';
import { tempDir } from './test-engine.ts';

export interface InjectServer {
  engine: Engine;
  dataDir: string;
  /** The ingest URL the engine reports (nothing listens on it). */
  ingestUrl: string;
  token: string;
  /** Console API call with the Bearer token; returns status and parsed JSON. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  /** POST an NDJSON body (string or Buffer) to the ingest endpoint. */
  ingest(key: string | undefined, body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; json: any; headers: Headers }>;
  /** Any request to the console app, as given (no token added). */
  console(opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** Create a source and its key; returns both. */
  newSource(input?: Record<string, unknown>): Promise<{ id: string; key: string }>;
  close(): Promise<void>;
}

export async function injectServer(opts: Partial<EngineOptions> = {}): Promise<InjectServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const token = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
  const ingestUrl = `http://127.0.0.1:9470${INGEST_PATH}`;
  const engine = createEngine({ mode: 'headless', ...opts, dataDir });
  engine.setUrls({ ingestUrl, lanIngestUrls: [] });
  const ingestApp = buildIngestServer(engine.ingest, engine.domains.ingest.intake.gate);
  const consoleApp = buildConsoleServer(engine, { token });
  await Promise.all([ingestApp.ready(), consoleApp.ready()]);
  engine.start();

  const api: InjectServer['api'] = async (method, path, body, headers = {}) => {
    const res = await consoleApp.inject({
      method: method as InjectOptions['method'], url: path,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, json: res.json() };
  };
  return {
    engine, dataDir, ingestUrl, token, api,
    async ingest(key, body, headers = {}) {
      const h: Record<string, string> = { 'content-type': 'application/x-ndjson', ...headers };
      if (key !== undefined) h['x-df-source-key'] = key;
      const res = await ingestApp.inject({ method: 'POST', url: INGEST_PATH, headers: h, payload: body });
      const out = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, String(v));
      return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : null, headers: out };
    },
    console: (o) => consoleApp.inject(o),
    async newSource(input = {}) {
      const s = await api('POST', '/v1/config/log-sources', { name: `src-${Math.random().toString(36).slice(2, 8)}`, ...input });
      if (s.status !== 200) throw new Error(`create source failed: ${JSON.stringify(s.json)}`);
      const k = await api('POST', `/v1/config/log-sources/${s.json.data.id}/key`);
      if (k.status !== 200) throw new Error(`generate key failed: ${JSON.stringify(k.json)}`);
      return { id: s.json.data.id as string, key: k.json.data.key as string };
    },
    async close() {
      await Promise.all([consoleApp.close(), ingestApp.close()]);
      await engine.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
