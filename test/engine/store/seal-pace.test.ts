import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_PACE, paceSample, shouldSeal } from '../../../main/engine/store/event-store/seal-pace.ts';
import type { PaceSample } from '../../../main/engine/store/event-store/seal-pace.ts';

/** Two samples one second apart: `ingested` new ids, `busy`/`own` ms of CPU over 2 cores (2,000 ms in all). */
function window(ingested: number, busy: number, own: number): [PaceSample, PaceSample] {
  const prev: PaceSample = { at: 10_000, maxId: 5_000, busy: 40_000, total: 100_000, own: 700 };
  return [prev, { at: 11_000, maxId: 5_000 + ingested, busy: 40_000 + busy, total: 102_000, own: 700 + own }];
}

describe('sealing pace', () => {
  it('waits while a burst of ingest saturates the cores, and seals once ingest slows or the machine has room', () => {
    const head = 100_000;
    expect(shouldSeal(...window(80_000, 1_900, 0), head, DEFAULT_PACE)).toBe(false); // burst, 95 % busy
    expect(shouldSeal(...window(1_000, 1_900, 0), head, DEFAULT_PACE)).toBe(true); // ingest trickles: sealing costs little
    expect(shouldSeal(...window(80_000, 1_000, 0), head, DEFAULT_PACE)).toBe(true); // a core is free
    // Measured against the CPU the sealer left: its own share is not others' demand …
    expect(shouldSeal(...window(80_000, 1_200, 900), head, DEFAULT_PACE)).toBe(true);
    // … but others filling every core it left are competing with it.
    expect(shouldSeal(...window(80_000, 1_900, 900), head, DEFAULT_PACE)).toBe(false);
  });

  it('always seals once the head reaches its cap, so the head stays bounded', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(2_000), fc.nat(2_000), fc.nat(2_000_000), (ingested, busy, own, over) => {
        expect(shouldSeal(...window(ingested, busy, Math.min(own, busy)), DEFAULT_PACE.headCap + over, DEFAULT_PACE)).toBe(true);
      }),
    );
  });

  it('reads its own time from the event loop where Node has no thread CPU clock (Electron 38 runs Node 22)', () => {
    const saved = Object.getOwnPropertyDescriptor(process, 'threadCpuUsage');
    Object.defineProperty(process, 'threadCpuUsage', { value: undefined, configurable: true, writable: true });
    try {
      const a = paceSample(1);
      const until = performance.now() + 20;
      while (performance.now() < until); // busy: the loop is active meanwhile
      const b = paceSample(2);
      expect(b.own).toBeGreaterThanOrEqual(a.own);
      expect(Number.isFinite(b.own)).toBe(true);
    } finally {
      if (saved) Object.defineProperty(process, 'threadCpuUsage', saved);
    }
  });

  it('reads consistent clocks from this machine', () => {
    const a = paceSample(1);
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += Math.sqrt(i); // some CPU of this thread
    const b = paceSample(2);
    expect(x).toBeGreaterThan(0);
    expect(b.at).toBeGreaterThanOrEqual(a.at);
    expect(b.total).toBeGreaterThanOrEqual(a.total);
    expect(b.busy - a.busy).toBeLessThanOrEqual(b.total - a.total);
    expect(b.own).toBeGreaterThan(a.own);
  });
});
