import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bucketCountSql, newestSql } from '../../../main/engine/search/statements.ts';
import { dropHeadBefore, NEWEST_TS_SQL, OLDEST_TS_SQL } from '../../../main/engine/store/event-store/index.ts';
import { NOW, SearchFixture } from '../search/fixture.ts';

/**
 * The head's time index is on a coarse key (`ts >> 8`, migration 0130), and every head read turns
 * its exact time conditions into a key range and its (ts, id) order into key-then-(ts, id). Against
 * a brute-force filter and sort of the same rows, for random times clustered on slot edges (ties,
 * negative times, a window's bounds inside a slot): pages through every cursor, per-bucket counts,
 * the newest and oldest time, and retention's head deletes.
 */

const SLOT = 256;
/** Times near a few slot edges (both sides), some equal, some negative. */
const tsArb = fc.oneof(
  fc.tuple(fc.constantFrom(-3, -1, 0, 1, 2, 7), fc.integer({ min: -3, max: 3 })).map(([s, d]) => NOW - (NOW % SLOT) + s * SLOT + d),
  fc.tuple(fc.constantFrom(-2, -1, 0, 1), fc.integer({ min: -3, max: 3 })).map(([s, d]) => s * SLOT + d),
  fc.integer({ min: NOW - 10 * SLOT, max: NOW + 10 * SLOT }),
);
const boundArb = fc.oneof(
  tsArb,
  tsArb.map((t) => t + 1),
);

interface Row {
  id: number;
  ts: number;
}

const newestFirst = (a: Row, b: Row) => b.ts - a.ts || b.id - a.id;

describe('the head time key: reads agree with a brute-force scan', () => {
  const fixtures: SearchFixture[] = [];
  afterAll(() => {
    for (const f of fixtures) f.close();
  });

  function store(times: number[]): { f: SearchFixture; rows: Row[] } {
    const f = new SearchFixture();
    fixtures.push(f);
    f.addSource('ls_a', 'a');
    const rows = times.map((ts) => ({ id: Number(f.add({ ts, message: 'm' })), ts }));
    return { f, rows };
  }

  it('pages every cursor in (ts, id) order, counts buckets, finds the time bounds and drops by age exactly', () => {
    fc.assert(
      fc.property(
        fc.array(tsArb, { maxLength: 60 }),
        boundArb,
        boundArb,
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 5 }),
        (times, a, b, limit, buckets) => {
          const { f, rows } = store(times);
          const [from, to] = a <= b ? [a, b] : [b, a];
          const want = rows.filter((r) => r.ts >= from && r.ts < to).sort(newestFirst);

          // Pages through the cursor, as search does: @to = min(to, cts + 1) and (ts < cts OR id < cid).
          const first = f.db.prepare(newestSql('raw', null, false));
          const next = f.db.prepare(newestSql('raw', null, true));
          const got: Row[] = [];
          let page = first.all({ from, to, limit }) as Row[];
          for (let i = 0; i < 100 && page.length > 0; i++) {
            got.push(...page.map((r) => ({ id: r.id, ts: r.ts })));
            if (page.length < limit) break;
            const last = page[page.length - 1]!;
            page = next.all({ from, to: Math.min(to, last.ts + 1), limit, cts: last.ts, cid: last.id }) as Row[];
          }
          expect(got).toEqual(want);

          if (to > from) {
            const span = BigInt(to - from);
            const counts = f.db.prepare(bucketCountSql(null)).all({ from, to, origin: BigInt(from), n: BigInt(buckets), span }) as { b: number; c: number }[];
            const byBucket = new Map<number, number>();
            for (const r of want) {
              const k = Number(((BigInt(r.ts) - BigInt(from)) * BigInt(buckets)) / span);
              byBucket.set(k, (byBucket.get(k) ?? 0) + 1);
            }
            expect(new Map(counts.map((r) => [Number(r.b), r.c]))).toEqual(byBucket);
          }

          const ts = rows.map((r) => r.ts);
          expect((f.db.prepare(NEWEST_TS_SQL).get() as { t: number | null }).t).toBe(ts.length ? Math.max(...ts) : null);
          expect((f.db.prepare(OLDEST_TS_SQL).get() as { t: number | null }).t).toBe(ts.length ? Math.min(...ts) : null);

          const dropped = dropHeadBefore(f.db, from, 1_000);
          expect(dropped).toBe(rows.filter((r) => r.ts < from).length);
          const left = (f.db.prepare('SELECT id FROM events ORDER BY id').all() as { id: number }[]).map((r) => r.id);
          expect(left).toEqual(rows.filter((r) => r.ts >= from).map((r) => r.id));

          f.close();
          fixtures.splice(fixtures.indexOf(f), 1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
