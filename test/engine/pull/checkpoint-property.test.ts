/**
 * Differential test of the checkpoint + de-duplication logic against a brute-force oracle: random
 * entries (shared timestamps, late arrivals inside the lag), random page sizes, sorted and unsorted
 * providers, random failed pages and restarts of the poll. Whatever happens, the stored set is
 * exactly the entries that the final window covers, each once.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/engine/clock.ts';
import { PullStore } from '../../../main/engine/pull/checkpoint-store.ts';
import { PullHttp } from '../../../main/engine/pull/http-client.ts';
import { pollTarget } from '../../../main/engine/pull/poller.ts';
import type { Connector, PullEntry } from '../../../main/engine/pull/pull-types.ts';
import { createTestEngine } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

const LAG = 60_000;
const LOOKBACK = 600_000;
const OVERLAP = 5_000;

interface Item {
  at: number;
  delay: number;
}

function connector(items: { key: string; at: number; visibleAt: number }[], clock: ManualClock, sorted: boolean, failEvery: number): Connector {
  let calls = 0;
  return {
    type: 'loki',
    sorted,
    pageLimit: 100,
    async page(_ctx, _target, win, state, limit) {
      calls++;
      if (failEvery && calls % failEvery === 0) throw new Error('provider hiccup');
      const hits = items
        .filter((e) => e.visibleAt <= clock.now() && e.at >= win.start && e.at < win.end)
        .sort((a, b) => (sorted ? a.at - b.at || a.key.localeCompare(b.key) : b.key.localeCompare(a.key)));
      const off = Number(state?.off ?? 0);
      const entries: PullEntry[] = hits.slice(off, off + limit).map((e) => ({
        key: e.key,
        id: e.key,
        at: e.at,
        envelope: { ts: e.at, severity: null, host: null, user: null, action: null, outcome: null, message: e.key },
        raw: {},
      }));
      return { entries, next: off + limit < hits.length ? { off: off + limit } : null };
    },
    async discover() {
      return [];
    },
  };
}

let t: TestEngine;
beforeAll(() => {
  t = createTestEngine({ searchWorkers: 0 });
});
afterAll(async () => {
  await t.close();
});

describe('checkpoints and de-duplication (differential)', () => {
  it('stores exactly the entries of the covered windows, once, under failures, restarts, ties and late arrivals', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 900_000 }).map((v) => Math.floor(v / 1000) * 1000), delay: fc.integer({ min: 0, max: LAG }) }), {
          maxLength: 120,
        }),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.integer({ min: 1_000, max: 90_000 }), { minLength: 1, maxLength: 12 }),
        async (raw: Item[], pageSize, sorted, failEvery, steps) => {
          run++;
          const clock = new ManualClock(1_000_000_000_000);
          const t0 = clock.now();
          const base = t0 - LAG - LOOKBACK + 1; // every entry is after the first window's start
          const items = raw.map((r, i) => ({ key: `k${i}`, at: base + r.at, visibleAt: base + r.at + r.delay }));
          const src = await t.call('sources.create', { name: `prop ${run}`, type: 'loki', credentials: { host: 'http://127.0.0.1:9' }, sources: ['{a="b"}'] });
          const source = t.engine.context.sources.byId(src.id)!;
          const store = new PullStore(t.engine.db);
          const deps = { db: t.engine.db, store, writer: t.engine.context.writer, clock, pageSize };
          const conn = connector(items, clock, sorted, failEvery);
          const target = { source, type: 'loki' as const, target: '{a="b"}', lagMs: LAG, lookbackMs: LOOKBACK, overlapMs: OVERLAP };
          const http = new PullHttp({ clock, secrets: [] });
          const poll = async (): Promise<void> => {
            // A fresh context each poll is a restart: nothing carries over but the database.
            await pollTarget(deps, conn, { creds: {}, http, memo: new Map() }, target).catch(() => undefined);
          };
          for (const s of steps) {
            await poll();
            clock.advance(s);
          }
          clock.advance(LAG + 60_000);
          const noFail = connector(items, clock, sorted, 0);
          await pollTarget(deps, noFail, { creds: {}, http, memo: new Map() }, target);
          const end = Math.floor(clock.now() - LAG);
          const rows = t.engine.db.prepare('SELECT message FROM events WHERE source_seq = ?').pluck().all(source.seq) as string[];
          const expected = items
            .filter((e) => e.at < end)
            .map((e) => e.key)
            .sort();
          http.close();
          expect([...rows].sort()).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
