/**
 * The event-time threshold window against a brute-force oracle on random arrival sequences: late
 * and out-of-order events, equal timestamps, eviction by the lateness horizon.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOLD_CAP, ThresholdWindow, eventTime } from '../../../main/engine/rules/threshold-window.ts';

interface Arrival {
  id: number;
  recv: number;
  ts: number;
}

/** Oracle: after each arrival, is there a window (x − W, x] containing it with more than N held events? */
function oracle(arrivals: Arrival[], n: number, w: number, lateness: number): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < arrivals.length; i++) {
    const now = arrivals[i]!.recv;
    const held = arrivals.slice(0, i + 1).filter((a) => a.recv >= now - w - lateness);
    const t = eventTime(arrivals[i]!.ts, now);
    let hit = false;
    for (const x of held.map((a) => eventTime(a.ts, a.recv))) {
      if (x < t || x >= t + w) continue;
      const count = held.filter((a) => {
        const y = eventTime(a.ts, a.recv);
        return y > x - w && y <= x;
      }).length;
      if (count > n) hit = true;
    }
    out.push(hit);
  }
  return out;
}

const arrivalsArb = fc
  .array(fc.record({ gap: fc.integer({ min: 0, max: 90_000 }), behind: fc.oneof(fc.constant(0), fc.integer({ min: -30_000, max: 3_600_000 })) }), {
    minLength: 1,
    maxLength: 80,
  })
  .map((steps) => {
    let recv = 1_000_000_000;
    return steps.map((s, i) => {
      recv += s.gap;
      // Coarse timestamps make equal times common (batches stamped to the second).
      const ts = Math.floor((recv - s.behind) / 10_000) * 10_000;
      return { id: i + 1, recv, ts };
    });
  });

describe('event-time threshold window', () => {
  it('says "exceeded" exactly when a brute-force scan of every window does', () => {
    fc.assert(
      fc.property(arrivalsArb, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 20 }), (arrivals, n, wMin, lMin) => {
        const w = wMin * 60_000;
        const l = lMin * 60_000;
        const win = new ThresholdWindow(n, w);
        const got = arrivals.map((a) => win.push(a.id, a.recv, a.ts, 'ls_x', a.recv - w - l));
        expect(got).toEqual(oracle(arrivals, n, w, l));
      }),
      { numRuns: 400 },
    );
  });

  it('the evidence of a hit is the events of the window that exceeded, each once across calls', () => {
    fc.assert(
      fc.property(arrivalsArb, fc.integer({ min: 0, max: 4 }), (arrivals, n) => {
        const w = 5 * 60_000;
        const win = new ThresholdWindow(n, w);
        let counted = 0;
        const seen = new Set<number>();
        for (const a of arrivals) {
          if (!win.push(a.id, a.recv, a.ts, 'ls_x', a.recv - w - 600_000)) continue;
          const ev = win.since(counted).map((e) => ({ ...e }));
          for (const e of ev) {
            expect(e.id).toBeGreaterThan(counted);
            expect(seen.has(e.id)).toBe(false);
            seen.add(e.id);
          }
          counted = Math.max(counted, ...ev.map((e) => e.id));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the evidence of a hit is exactly the first exceeding window (x − W, x] from the event on, in event-time order', () => {
    fc.assert(
      fc.property(arrivalsArb, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 15 }), (arrivals, n, wMin) => {
        const w = wMin * 60_000;
        const l = 600_000;
        const win = new ThresholdWindow(n, w);
        for (let i = 0; i < arrivals.length; i++) {
          const a = arrivals[i]!;
          if (!win.push(a.id, a.recv, a.ts, 'ls_x', a.recv - w - l)) continue;
          // Oracle: the held events, the candidate edges from t upwards, the first with more than n.
          const held = arrivals.slice(0, i + 1).filter((h) => h.recv >= a.recv - w - l);
          const time = (h: Arrival) => eventTime(h.ts, h.recv);
          const t = time(a);
          const edges = [...new Set(held.map(time))].filter((x) => x >= t && x < t + w).sort((p, q) => p - q);
          const inWindow = (x: number) => held.filter((h) => time(h) > x - w && time(h) <= x);
          const x = edges.find((e) => inWindow(e).length > n)!;
          const expected = inWindow(x)
            .sort((p, q) => time(p) - time(q) || p.id - q.id)
            .map((h) => h.id);
          expect(win.since(0).map((e) => e.id)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('past the hold cap, an in-order stream still answers exactly (only the N + 1 newest matter)', () => {
    const n = 40;
    const w = 30 * 60_000;
    const win = new ThresholdWindow(n, w);
    const times: number[] = [];
    let t = 0;
    for (let i = 0; i < HOLD_CAP * 2; i++) {
      t += (i * 7919) % 3 === 0 ? 60_000 : 500;
      times.push(t);
      const got = win.push(i + 1, t, t, 'ls_x', t - w - 600_000);
      const expected = times.filter((x) => x > t - w).length > n;
      if (got !== expected) throw new Error(`event ${i}: got ${got}, expected ${expected}`);
    }
    expect(win.count).toBeLessThanOrEqual(HOLD_CAP);
    // A condition that holds all along (every push a hit) is bounded the same way.
    const busy = new ThresholdWindow(0, w);
    for (let i = 0; i < HOLD_CAP * 2; i++) expect(busy.push(i + 1, i, i, 'ls_x', i - w)).toBe(true);
    expect(busy.count).toBeLessThanOrEqual(HOLD_CAP);
    // The arrival bookkeeping is bounded by the cap too, not by the events seen.
    expect(win.heldArrivals).toBeLessThanOrEqual(HOLD_CAP);
    expect(busy.heldArrivals).toBeLessThanOrEqual(HOLD_CAP);
  });

  it('holds at most the events received within window + lateness', () => {
    const w = 60_000;
    const win = new ThresholdWindow(1000, w);
    for (let i = 0; i < 10_000; i++) win.push(i + 1, i * 1000, i * 1000 - 50_000, 'ls_x', i * 1000 - w - 60_000);
    expect(win.count).toBeLessThanOrEqual(121);
  });
});
