/**
 * The e2e fixture: each test gets its own `serve` runtime (fresh data dir, free ports, its own store
 * and worker threads) and a page already opened at `consoleUrl/?token=…`. Each worker keeps one serve
 * host process that loaded the engine once and starts the runtimes (test/e2e/serve-host.ts); the
 * next test's runtime starts while the current test runs (ServeQueue), so a test waits neither for a
 * Node boot nor for a store to open. Specs talk to this, not to raw driver setup, so the same spec
 * could run against the Electron build through Playwright's `_electron`.
 */
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServeHost } from './serve-process.ts';
import { recordCpu } from './cpu-probe.ts';
import type { ServeHost, ServeInstance } from './serve-process.ts';
import type { ConsoleReply } from '../helpers/http.ts';
import type { GeneratedKey, LogSource } from '../../shared/types.ts';
import { startReceiver } from '../engine/forwarding/helpers/receiver.ts';
import type { Receiver } from '../engine/forwarding/helpers/receiver.ts';
import { makeTestPki } from '../engine/forwarding/helpers/tls.ts';
import type { TestPki } from '../engine/forwarding/helpers/tls.ts';

/** A console reply; the caller names the type of `data` (`api<LogSource>(…)`). */
export interface ApiResult<T = unknown> {
  status: number;
  body: ConsoleReply<T>;
}

export interface WatchpostFixtures {
  server: ServeInstance;
  consoleUrl: string;
  token: string;
  ingestUrl: string;
  /** Console API call with the bearer token; `path` like '/v1/config/log-sources'. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResult<T>>;
  /** Start an HTTPS receiver (a SIEM) behind its own test CA named `caName`; it is closed after the test. */
  receiver(caName: string, path: string): Promise<{ pki: TestPki; rx: Receiver }>;
  page: Page;
}

/** Per worker: hands out fresh serve runtimes, the next one already starting. */
export interface ServeQueue {
  take(): Promise<ServeInstance>;
  /** Stop a used serve while the next test already runs; the worker waits for every stop at its end. */
  retire(server: ServeInstance): void;
}

export interface WorkerFixtures {
  serveQueue: ServeQueue;
}

/**
 * A serve start whose failure is kept for whoever takes it (no unhandled rejection while it waits).
 * It boots beside a running test, so it gets 2 min before it counts as hung instead of 30 s.
 */
function startAhead(host: ServeHost): Promise<ServeInstance> {
  const started = host.start({ readyTimeoutMs: 120_000 });
  started.catch(() => {});
  return started;
}

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/** Save a full-window screenshot as test-results/screenshots/<name>.png. */
export async function snap(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

/** A link in the left navigation (Log Viewer, Source Health, Log sources, Platforms, …). */
export function navLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** Create a log source and generate its key over the console API, the way most specs begin. */
export async function sourceWithKey(api: WatchpostFixtures['api'], input: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const created = await api<LogSource>('POST', '/v1/config/log-sources', input);
  expect(created.status).toBe(200);
  const generated = await api<GeneratedKey>('POST', `/v1/config/log-sources/${created.body.data.id}/key`);
  expect(generated.status).toBe(200);
  return { id: created.body.data.id, key: generated.body.data.key };
}

export const test = base.extend<WatchpostFixtures, WorkerFixtures>({
  serveQueue: [
    async ({}, use, workerInfo) => {
      const host = startServeHost();
      const ahead: { next: Promise<ServeInstance> | null } = { next: null };
      const stopping: Promise<void>[] = [];
      await use({
        async take() {
          const pending = ahead.next ?? startAhead(host);
          ahead.next = null; // a start that failed is not handed out twice
          const server = await pending;
          ahead.next = startAhead(host);
          return server;
        },
        retire(server) {
          const stopped = server.stop();
          stopped.catch(() => {}); // reported by the Promise.all below, at the worker's end
          stopping.push(stopped);
        },
      });
      const spare = await ahead.next?.catch(() => null);
      await Promise.all([...stopping, spare?.stop()]);
      await host.close();
      recordCpu('(worker end)', workerInfo.workerIndex);
    },
    { scope: 'worker' },
  ],
  server: async ({ serveQueue }, use, testInfo) => {
    const server = await serveQueue.take();
    try {
      await use(server);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('serve-output', { body: server.output(), contentType: 'text/plain' });
      serveQueue.retire(server); // its SIGTERM, drain and exit (~1 s) overlap the next test
      recordCpu(testInfo.title, testInfo.workerIndex);
    }
  },
  consoleUrl: async ({ server }, use) => use(server.consoleUrl),
  token: async ({ server }, use) => use(server.token),
  ingestUrl: async ({ server }, use) => use(server.ingestUrl),
  api: async ({ server }, use) => {
    await use(async <T>(method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = { authorization: `Bearer ${server.token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(server.consoleUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as ConsoleReply<T> };
    });
  },
  receiver: async ({}, use) => {
    const started: Receiver[] = [];
    await use(async (caName, path) => {
      const pki = makeTestPki(caName);
      const rx = await startReceiver(pki, path);
      started.push(rx);
      return { pki, rx };
    });
    await Promise.all(started.map((rx) => rx.close()));
  },
  page: async ({ page, server }, use) => {
    await page.goto(`${server.consoleUrl}/?token=${encodeURIComponent(server.token)}`);
    await expect(page.getByTestId('connection-status')).toContainText('Connected');
    await use(page);
  },
});

export { expect };
