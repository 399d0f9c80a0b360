/**
 * A renderer client over a real engine (temp data dir, real SQLite): the same dispatcher the IPC
 * handler and the console server use, so store tests exercise the real contract end to end.
 */
import { afterEach, beforeEach } from 'vitest';
import { createClient } from '../../renderer/src/client.ts';
import type { Transport, WatchpostClient } from '../../renderer/src/client.ts';
import type { ApiResponse } from '../../shared/errors.ts';
import { STREAM_NAMES } from '../../shared/api.ts';
import type { StreamName } from '../../shared/api.ts';
import { createTestEngine } from '../helpers/test-engine.ts';
import type { TestEngine } from '../helpers/test-engine.ts';
import type { EngineOptions } from '../../main/engine/engine.ts';

export interface EngineClient {
  t: TestEngine;
  client: WatchpostClient;
  /** POST NDJSON lines straight to the ingest service; returns the HTTP status it would answer. */
  ingest(key: string, lines: object[]): Promise<number>;
  close(): Promise<void>;
}

export function engineClient(opts: Partial<EngineOptions> = {}): EngineClient {
  const t = createTestEngine({ operator: 'console', ...opts });
  const transport: Transport = {
    call: (method, input) => t.engine.api.call(method, input as never, { actor: 'console' }) as Promise<ApiResponse<unknown>>,
    // The engine has no shell commands (those come from the desktop shell): nothing to subscribe to.
    subscribe: (stream, listener) =>
      (STREAM_NAMES as readonly string[]).includes(stream) ? t.engine.api.subscribe(stream as StreamName, listener as never) : () => {},
  };
  return {
    t,
    client: createClient(transport),
    async ingest(key, lines) {
      const body = Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'));
      const res = await t.engine.ingest.handle({ key, contentType: 'application/x-ndjson', contentEncoding: undefined, body });
      return res.status;
    },
    close: () => t.close(),
  };
}

/** A transport whose every call fails the way fetch does when the console is down. */
export function unreachableClient(): WatchpostClient {
  return createClient({
    call: async () => ({ success: false, error: { code: 'INTERNAL', message: 'Cannot reach Watchpost at http://127.0.0.1:9: fetch failed' } }),
    subscribe: () => () => undefined,
  });
}

/** For each test a fresh engine client, handed to `bind` (e.g. `(c) => (ec = c)`), closed after the test. */
export function useEngineClientEach(bind: (ec: EngineClient) => void): void {
  let ec: EngineClient | undefined;
  beforeEach(() => {
    ec = engineClient();
    bind(ec);
  });
  afterEach(async () => {
    await ec?.close();
  });
}
