import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createSearchService } from '../../../main/engine/search/index.ts';
import { normalizeEvent } from '../../../main/engine/ingest/envelope.ts';
import { createTestEngine } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

let t: TestEngine;
let sourceId: string;
const ROWS = 300_000;

beforeAll(async () => {
  t = createTestEngine();
  sourceId = (await t.call('sources.create', { name: 'bulk', rateLimit: 100_000 })).id;
  const info = t.engine.context.sources.byId(sourceId)!;
  const now = t.engine.clock.now();
  for (let done = 0; done < ROWS; done += 10_000) {
    const events = Array.from({ length: 10_000 }, (_, i) =>
      normalizeEvent(
        { message: `request ${done + i} served`, host: `web-${i % 40}`, path: `/api/${i % 7}` },
        null,
        now - 3_600_000 + Math.floor(((done + i) / ROWS) * 3_600_000),
      ),
    );
    t.engine.context.writer.writeNow({ source: info, events, receivedAt: now, rejected: 0 });
  }
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('search on worker threads', () => {
  it('runs on workers with their own read connection and sees committed events', async () => {
    expect(t.engine.search.mode).toBe('workers');
    await t.engine.ingest.submit(sourceId, [{ message: 'fresh-commit-marker' }]);
    const page = await t.call('events.search', { q: 'fresh-commit-marker' });
    expect(page.events.map((e) => e.message)).toEqual(['fresh-commit-marker']);
  });

  it('a full scan for a missing term does not hold up ingest', async () => {
    let searchDone = false;
    const slow = t.call('events.search', { q: 'zz-no-such-term-anywhere' }).then((p) => {
      searchDone = true;
      return p;
    });
    // While the worker scans 300k events, ingest commits on the engine thread.
    const { accepted } = await t.engine.ingest.submit(sourceId, [{ message: 'committed during scan' }]);
    expect(accepted).toBe(1);
    expect(searchDone).toBe(false);
    expect((await slow).events).toEqual([]);
  });

  it('stops a query that overruns its time limit with a clear error, and keeps serving', async () => {
    const svc = createSearchService(t.engine.db, { file: join(t.dataDir, 'watchpost.db'), workers: 1, timeoutMs: 1 });
    try {
      await expect(svc.search({ q: 'zz-no-such-term-anywhere' }, Date.now())).rejects.toThrow(/search took longer than .* narrow the time range/);
    } finally {
      await svc.close();
    }
    const ok = await t.call('events.search', { q: 'host:web-3', limit: 5 });
    expect(ok.events).toHaveLength(5);
  });
});

describe('search worker location', () => {
  it('runs worker.ts from the sources as a CommonJS bundle, and falls back to in-thread when no worker entry exists', async () => {
    const { defaultWorkerUrl } = await import('../../../main/engine/search/index.ts');
    expect(defaultWorkerUrl()?.pathname).toMatch(/node_modules\/\.cache\/watchpost-workers\/worker-[0-9a-f]+\.cjs$/);
    expect(defaultWorkerUrl('file:///nowhere/app.asar/dist-electron/main.cjs')).toBeNull();
    const svc = createSearchService(t.engine.db, { file: join(t.dataDir, 'watchpost.db'), workerUrl: null });
    expect(svc.mode).toBe('in-thread');
    expect((await svc.search({ q: 'host:web-1', limit: 2 }, Date.now())).events).toHaveLength(2);
  });
});
