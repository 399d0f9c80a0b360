import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearch } from '../../../main/engine/search/index.ts';
import { normalizeEvent } from '../../../main/engine/ingest/envelope.ts';
import { createTestEngine } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

let t: TestEngine;
const ROWS = 40_000;
const now = Date.UTC(2026, 10, 23, 12, 0, 0);

beforeAll(async () => {
  t = createTestEngine({ searchWorkers: 0 });
  const src = await t.call('sources.create', { name: 'sampled', rateLimit: 100_000 });
  const info = t.engine.cache.byId(src.id)!;
  const events = Array.from({ length: ROWS }, (_, i) =>
    normalizeEvent({ host: i % 4 === 0 ? 'web-a' : 'web-b', severity: i % 10 === 0 ? 'error' : 'info', message: `m${i}` }, null, now - 3_600_000 + Math.floor((i / ROWS) * 3_600_000)));
  t.engine.writer.writeNow({ source: info, events, receivedAt: now, rejected: 0 });
});
afterAll(async () => {
  await t.close();
});

const total = (h: { buckets: { counts: Record<string, number> }[] }) => h.buckets.reduce((s, b) => s + Object.values(b.counts).reduce((a, c) => a + c, 0), 0);

describe('histogram over a very large scan', () => {
  it('is exact (no sampleRate) while the window holds fewer events than the limit', () => {
    const h = createSearch(t.engine.db, { histogramExactLimit: 1_000_000 }).histogram({ q: 'host:web-a', from: '2026-11-23T11:00:00Z', to: '2026-11-23T12:00:00Z', buckets: 6 }, now);
    expect(h.sampleRate).toBeUndefined();
    expect(total(h)).toBe(ROWS / 4);
  });

  it('samples ~1 event in k above the limit (no aliasing with round-robin hosts), scales the counts, and says so', () => {
    const exact = createSearch(t.engine.db, { histogramExactLimit: 1_000_000 }).histogram({ q: 'host:web-a', from: '2026-11-23T11:00:00Z', to: '2026-11-23T12:00:00Z', buckets: 6 }, now);
    const h = createSearch(t.engine.db, { histogramExactLimit: 5_000 }).histogram({ q: 'host:web-a', from: '2026-11-23T11:00:00Z', to: '2026-11-23T12:00:00Z', buckets: 6 }, now);
    expect(h.sampleRate).toBe(8);
    expect(Math.abs(total(h) - ROWS / 4) / (ROWS / 4)).toBeLessThan(0.1);
    h.buckets.forEach((b, i) => {
      const want = exact.buckets[i]!.counts;
      expect(Math.abs(b.counts.info + b.counts.error - (want.info + want.error))).toBeLessThanOrEqual(0.15 * (want.info + want.error));
    });
  });

  it('never samples the summary path (no query): exact counts however large the window', () => {
    const h = createSearch(t.engine.db, { histogramExactLimit: 5_000 }).histogram({ from: '2026-11-23T11:00:00Z', to: '2026-11-23T12:00:00Z', buckets: 6 }, now);
    expect(h.sampleRate).toBeUndefined();
    expect(total(h)).toBe(ROWS);
  });
});
