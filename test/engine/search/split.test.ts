import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import { sealOne } from '../../../main/engine/store/event-store/index.ts';
import { createSearch, createSearchService } from '../../../main/engine/search/index.ts';
import type { SearchService } from '../../../main/engine/search/index.ts';
import { mergeHistograms, mergeTops, splitWindow, TOP_PART_MAX_VALUES } from '../../../main/engine/search/split.ts';
import type { TimePart } from '../../../main/engine/search/split.ts';
import { HOUR, MIN, NOW, SearchFixture } from './fixture.ts';

/**
 * A long histogram or top-values request is cut by time and counted by several workers
 * (split.ts). Differential check: for random stores (partly sealed into blocks of random sizes),
 * queries, windows and cuts, the merged parts equal the answer of one whole request. Each part
 * runs on its own fresh read-only connection, as on its own worker (nothing decoded yet).
 */

const eventArb = fc.record({
  // Coarse times put events on minute and bucket edges; fine ones spread them.
  dt: fc.oneof(
    fc.integer({ min: 0, max: 80 * HOUR }),
    fc.integer({ min: 0, max: 80 * 4 }).map((q) => q * 15 * MIN),
  ),
  source: fc.constantFrom('ls_a', 'ls_b'),
  severity: fc.constantFrom(...SEVERITIES),
  category: fc.constantFrom('auth', 'network', 'other' as const),
  outcome: fc.constantFrom('success', 'failure', 'unknown' as const),
  host: fc.option(fc.constantFrom('web-01', 'web-02', 'db-1', ''), { nil: null }),
  user: fc.option(fc.constantFrom('alice', 'bob', 'Ålice'), { nil: null }),
  tags: fc.subarray(['prod', 'eu']),
  status: fc.constantFrom(200, 404, '200', 500),
  word: fc.constantFrom('alpha', 'beta', 'gamma'),
});
type EventArb = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

const QUERIES = [
  '',
  'severity:>=warn',
  'source:beta',
  'host:web-01',
  'user:alice',
  '-host:web-02',
  'category:auth outcome:failure',
  '(user:bob OR host:db-1) severity:<error',
  'raw.status:>=300',
  'alpha',
  'host:web* -raw.status:=200',
];
const FIELDS = ['host', 'user', 'severity', 'source', 'platform', 'tag', 'category', 'raw.status', 'raw.word'];

function store(events: EventArb[], blockSize: number, seals: number, inTimeOrder: boolean): SearchFixture {
  const f = new SearchFixture();
  f.addPlatform('pl_1', 'Edge');
  f.addSource('ls_a', 'alpha-src', 'pl_1');
  f.addSource('ls_b', 'beta');
  // In time order (as ingest mostly writes) blocks cover short spans that lie inside windows and buckets.
  for (const e of inTimeOrder ? [...events].sort((x, y) => y.dt - x.dt) : events) {
    f.add({
      ts: NOW - e.dt,
      source: e.source,
      severity: e.severity,
      category: e.category,
      outcome: e.outcome,
      host: e.host,
      user: e.user,
      tags: e.tags,
      raw: { status: e.status, word: e.word },
    });
  }
  for (let k = 0; k < seals; k++) sealOne(f.db, { blockSize, keepInHead: 0 });
  return f;
}

/** Run `fn` on a fresh read-only connection to the fixture's file, as a worker would. */
function onFreshConnection<T>(f: SearchFixture, fn: (s: ReturnType<typeof createSearch>) => T): T {
  const db = new Database(join(f.dir, 'watchpost.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(createSearch(db));
  } finally {
    db.close();
  }
}

/** The window cut at `cuts` (fractions of it), plus the cut split.ts itself would make for `workers`. */
function cutsOf(method: 'histogram' | 'top', input: { from: string; to: string; buckets?: number }, cuts: number[], workers: number): TimePart[][] {
  const fromMs = Date.parse(input.from);
  const toMs = Date.parse(input.to);
  const at = [...new Set(cuts.map((c) => fromMs + Math.floor(c * (toMs - fromMs))))].filter((c) => c > fromMs && c < toMs).sort((a, b) => a - b);
  const bounds = [fromMs, ...at, toMs];
  const random = bounds.slice(1).map((to, i) => ({ fromMs: bounds[i]!, toMs: to }));
  const own = splitWindow(method, input, NOW, workers);
  return own ? [random, own] : [random];
}

/** Cases per run: 40 in the suite; DIFF_RUNS=300 for a deeper check (the timeout grows with it). */
const RUNS = Number(process.env.DIFF_RUNS ?? 40);

describe('a long aggregation split by time over workers', () => {
  it(
    'merged parts equal the whole answer for random stores, queries, windows and cuts',
    () => {
      fc.assert(
        fc.property(
          fc.record({
            events: fc.array(eventArb, { maxLength: 60 }),
            blockSize: fc.integer({ min: 1, max: 12 }),
            seals: fc.integer({ min: 0, max: 8 }),
            inTimeOrder: fc.boolean(),
            q: fc.constantFrom(...QUERIES),
            field: fc.constantFrom(...FIELDS),
            startH: fc.integer({ min: 2, max: 90 }),
            spanMs: fc.oneof(
              fc.integer({ min: 1, max: 100 * HOUR }),
              fc.integer({ min: 1, max: 100 }).map((h) => h * HOUR),
            ),
            buckets: fc.integer({ min: 1, max: 40 }),
            limit: fc.integer({ min: 1, max: 6 }),
            cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
            workers: fc.integer({ min: 2, max: 3 }),
          }),
          (p) => {
            const f = store(p.events, p.blockSize, p.seals, p.inTimeOrder);
            try {
              const fromMs = NOW - p.startH * HOUR + 17;
              const range = { from: new Date(fromMs).toISOString(), to: new Date(fromMs + p.spanMs).toISOString() };
              const hist = { q: p.q, buckets: p.buckets, ...range };
              const whole = f.search.histogram(hist, NOW);
              for (const parts of cutsOf('histogram', hist, p.cuts, p.workers)) {
                const merged = mergeHistograms(parts.map((part) => onFreshConnection(f, (s) => s.histogram(hist, NOW, part))));
                expect(merged, `${p.q} cut at ${JSON.stringify(parts)}`).toEqual(whole);
              }
              const top = { q: p.q, field: p.field, limit: p.limit, ...range };
              const best = f.search.top(top, NOW);
              for (const parts of cutsOf('top', top, p.cuts, p.workers)) {
                const merged = mergeTops(
                  parts.map((part) => onFreshConnection(f, (s) => s.top(top, NOW, part))),
                  p.limit,
                );
                expect(merged, `${p.q} top ${p.field} cut at ${JSON.stringify(parts)}`).toEqual(best);
              }
            } finally {
              f.close();
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    60_000 + RUNS * 1_000,
  );

  it('splits only windows of an hour or more, at bucket edges for histograms', () => {
    const at = (h: number) => new Date(NOW - h * HOUR).toISOString();
    expect(splitWindow('histogram', { from: at(0.5), to: at(0) }, NOW, 2)).toBeNull();
    expect(splitWindow('top', { from: at(3), to: at(0) }, NOW, 1)).toBeNull();
    expect(splitWindow('histogram', { from: 'nonsense' }, NOW, 2)).toBeNull();
    expect(splitWindow('histogram', { from: at(30 * 24), to: at(0), buckets: 60 }, NOW, 2)).toEqual([
      { fromMs: NOW - 30 * 24 * HOUR, toMs: NOW - 15 * 24 * HOUR },
      { fromMs: NOW - 15 * 24 * HOUR, toMs: NOW },
    ]);
    // 7 buckets over 7 hours, 2 workers: cut at an edge (hour 3 or 4 of 7), never inside a bucket.
    const parts = splitWindow('histogram', { from: at(7), to: at(0), buckets: 7 }, NOW, 2)!;
    expect((parts[0]!.toMs - (NOW - 7 * HOUR)) % HOUR).toBe(0);
    expect(splitWindow('top', { from: at(24), to: at(0) }, NOW, 2)!.map((x) => x.toMs - x.fromMs)).toEqual([12 * HOUR, 12 * HOUR]);
  });
});

describe('the search service answers a long aggregation with both workers', () => {
  let f: SearchFixture;
  let service: SearchService;
  beforeAll(() => {
    f = new SearchFixture();
    f.addSource('ls_a', 'alpha-src');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 3000; i++) {
      f.add({
        ts: NOW - Math.floor(next() * 72 * HOUR),
        severity: SEVERITIES[Math.floor(next() * SEVERITIES.length)]!,
        category: CATEGORIES[Math.floor(next() * 3)]!,
        outcome: OUTCOMES[Math.floor(next() * OUTCOMES.length)]!,
        host: `web-${Math.floor(next() * 9)}`,
        user: `user${Math.floor(next() * 30)}@example.com`,
        raw: { request: { path: `/api/${Math.floor(next() * 12)}` } },
      });
    }
    // An id-like raw field: more distinct values in one part than a part sends back (one INSERT,
    // one event a second from 70 h ago, as the fixture writes them, with their per-minute counts).
    const info = SEVERITIES.indexOf('info');
    f.db
      .prepare(
        `INSERT INTO events (source_seq, received_at, ts, severity, category, outcome, host, raw)
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @count)
         SELECT (SELECT seq FROM sources WHERE id = 'ls_a'), @t0 + i * 1000, @t0 + i * 1000, @info, @other, @unknown, 'gw',
           json_object('request', json_object('id', 'req-' || i)) FROM n`,
      )
      .run({ count: TOP_PART_MAX_VALUES + 500, t0: NOW - 70 * HOUR, info, other: CATEGORIES.indexOf('other'), unknown: OUTCOMES.indexOf('unknown') });
    f.db
      .prepare(
        `INSERT INTO event_counts (minute, source_seq, severity, count)
         SELECT ts - ts % 60000, source_seq, severity, count(*) FROM events WHERE host = 'gw' GROUP BY 1, 2, 3
         ON CONFLICT (minute, source_seq, severity) DO UPDATE SET count = count + excluded.count`,
      )
      .run();
    // Some small blocks, then most id-like events in full blocks: the rest (~2,400 events) stays in the head.
    for (let k = 0; k < 20; k++) sealOne(f.db, { blockSize: 128, keepInHead: 0 });
    for (let k = 0; k < 24; k++) sealOne(f.db, { keepInHead: 0 });
    service = createSearchService(f.db, { file: join(f.dir, 'watchpost.db'), workers: 2 });
  });
  afterAll(async () => {
    await service.close();
    f.close();
  });

  it('gives what one in-thread search gives, for histograms and top values over 3 days', async () => {
    expect(service.mode).toBe('workers');
    const range = { from: new Date(NOW - 80 * HOUR).toISOString(), to: new Date(NOW).toISOString() };
    for (const q of ['', 'user:user7@example.com', 'severity:>=warn', 'category:auth -host:web-3']) {
      expect(await service.histogram({ q, buckets: 50, ...range }, NOW), q).toEqual(f.search.histogram({ q, buckets: 50, ...range }, NOW));
      for (const field of ['host', 'raw.request.path', 'user']) {
        expect(await service.top({ q, field, limit: 5, ...range }, NOW), `${q} ${field}`).toEqual(f.search.top({ q, field, limit: 5, ...range }, NOW));
      }
    }
    // Invalid input still gets the one clear error, not one per part.
    await expect(service.top({ q: '', field: 'host', limit: 0, ...range }, NOW)).rejects.toThrow(/limit must be a whole number/);
    await expect(service.histogram({ q: 'host:(', ...range }, NOW)).rejects.toThrow(/query error at position/);
  });

  it('answers a top of an id-like field whole when a part has too many values to send', async () => {
    const range = { from: new Date(NOW - 80 * HOUR).toISOString(), to: new Date(NOW).toISOString() };
    const input = { q: 'host:gw', field: 'raw.request.id', limit: 3, ...range };
    const part = f.search.top(input, NOW, { fromMs: NOW - 80 * HOUR, toMs: NOW });
    expect(part).toMatchObject({ total: TOP_PART_MAX_VALUES + 500, values: [], incomplete: true });
    const whole = f.search.top(input, NOW);
    expect(whole.total).toBe(TOP_PART_MAX_VALUES + 500);
    expect(whole.values).toEqual([
      { value: 'req-0', count: 1 },
      { value: 'req-1', count: 1 },
      { value: 'req-10', count: 1 },
    ]);
    expect(await service.top(input, NOW)).toEqual(whole);
  });
});
