/**
 * Top sources from the per-minute summary (panel-events.ts) against the scan that events.top does
 * (the oracle), on random summary-only queries, filters and windows, with a renamed source sharing
 * another's name and a deleted source whose events remain.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topSourcesFromSummary } from '../../../main/engine/dashboards/panel-events.ts';
import { dashFixture, HOUR, NOW } from './fixture.ts';
import type { DashFixture } from './fixture.ts';

let f: DashFixture;
beforeAll(async () => {
  f = await dashFixture({ events: 400 });
  const gone = await f.t.call('sources.create', { name: 'Old Relay', rateLimit: 1000 });
  await f.t.engine.ingest.submit(gone.id, [{ message: 'a', severity: 'error', timestamp: new Date(NOW - 2 * HOUR).toISOString() }, { message: 'b' }], NOW);
  await f.t.call('sources.delete', { id: gone.id });
  const twin = await f.t.call('sources.create', { name: 'Edge Firewall', rateLimit: 1000 });
  await f.t.engine.ingest.submit(twin.id, [{ message: 'c', severity: 'warn' }], NOW);
}, 60_000);
afterAll(async () => {
  await f.close();
});

describe('top sources from the summary', () => {
  it('equals events.top for random summary-only queries and whole-minute windows', async () => {
    const queries = ['', 'severity:>=warn', 'severity:error OR severity:debug', '-severity:info', `platform:=${f.platformIds[0]}`, `source:=${f.sourceIds[2]}`];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...queries),
        fc.integer({ min: 1, max: 47 }),
        fc.integer({ min: 1, max: 47 }),
        fc.integer({ min: 1, max: 10 }),
        async (q, back, hours, limit) => {
          const toMs = NOW + 60_000 - (back - 1) * HOUR;
          const fromMs = toMs - hours * HOUR;
          const search = f.t.engine.search;
          const names = f.t.engine.context.sources.all().map((s) => s.name);
          const fast = await topSourcesFromSummary(search, { q, fromMs, toMs, buckets: 1, nowMs: NOW, sourceNames: names }, limit);
          const oracle = await search.top({ q, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), field: 'source', limit }, NOW);
          expect(fast).toEqual(oracle);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('declines queries the summary cannot answer', async () => {
    const s = { q: 'host:=web-1', fromMs: NOW - HOUR, toMs: NOW, buckets: 1, nowMs: NOW, sourceNames: ['x'] };
    expect(await topSourcesFromSummary(f.t.engine.search, s, 5)).toBeNull();
  });
});
