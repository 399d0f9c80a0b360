/**
 * The console and ingest servers without sockets: the same engine and the same Fastify apps the
 * runtime builds, driven through Fastify's inject(). For route tests where the wire itself (TCP,
 * streaming, keep-alive) is not what is tested; those keep a real server (helpers/http.ts).
 */
import { rmSync } from 'node:fs';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createEngine } from '../../main/engine/engine.ts';
import type { Engine, EngineOptions } from '../../main/engine/engine.ts';
import { buildConsoleServer } from '../../main/servers/console-server.ts';
import { buildIngestServer } from '../../main/servers/ingest-server.ts';
import { INGEST_PATH } from '../../shared/limits.ts';
import { ingestHeaders, ingestReply, newSourceWith, TEST_TOKEN } from './http.ts';
import type { ApiCall, ConsoleReply, ServerClient } from './http.ts';
import { tempDir } from './test-engine.ts';

export interface InjectServer extends ServerClient {
  engine: Engine;
  /** Any request to the console app, as given (no token added). */
  console(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function injectServer(opts: Partial<EngineOptions> = {}): Promise<InjectServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const token = TEST_TOKEN;
  const ingestUrl = `http://127.0.0.1:9470${INGEST_PATH}`;
  const engine = createEngine({ mode: 'headless', ...opts, dataDir });
  engine.setUrls({ ingestUrl, lanIngestUrls: [] });
  const ingestApp = buildIngestServer(engine.ingest, engine.domains.ingest.intake.gate);
  const consoleApp = buildConsoleServer(engine, { token });
  await Promise.all([ingestApp.ready(), consoleApp.ready()]);
  engine.start();

  const api: ApiCall = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await consoleApp.inject({
      method: method as InjectOptions['method'],
      url: path,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, json: res.json<ConsoleReply<T>>() };
  };
  return {
    engine,
    dataDir,
    ingestUrl,
    token,
    api,
    async ingest(key, body, headers = {}) {
      const res = await ingestApp.inject({ method: 'POST', url: INGEST_PATH, headers: ingestHeaders(key, headers), payload: body });
      const out = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, String(v));
      return { status: res.statusCode, json: ingestReply(res.statusCode, res.body), headers: out };
    },
    console: (o) => consoleApp.inject(o),
    newSource: (input) => newSourceWith(api, input),
    async close() {
      await Promise.all([consoleApp.close(), ingestApp.close()]);
      await engine.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
