import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../main/engine/engine.ts';
import type { Engine, EngineOptions } from '../../main/engine/engine.ts';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api.ts';

export function tempDir(prefix = 'watchpost-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestEngine {
  engine: Engine;
  dataDir: string;
  /** Call the API and unwrap `data`, throwing on an error envelope. */
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  close(): Promise<void>;
}

/** A real engine on a fresh temp data dir (real SQLite file). */
export function createTestEngine(opts: Partial<EngineOptions> = {}): TestEngine {
  const dataDir = opts.dataDir ?? tempDir();
  const engine = createEngine({ mode: 'headless', ...opts, dataDir });
  let closed = false;
  return {
    engine,
    dataDir,
    async call(method, input) {
      const res = await engine.api.call(method, input);
      if (!res.success) throw Object.assign(new Error(`${method}: ${res.error.code} ${res.error.message}`), { error: res.error });
      return res.data;
    },
    async close() {
      if (closed) return;
      closed = true;
      await engine.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
