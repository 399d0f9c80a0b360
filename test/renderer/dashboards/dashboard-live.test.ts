import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from '../../../renderer/src/features/dashboards/dashboard-live.ts';

describe('live refresh throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once, then folds a burst of pushes into one run when the interval is up', () => {
    const fn = vi.fn();
    const t = createThrottle(fn, 5000);
    t.poke();
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(50);
      t.poke();
    }
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(60_000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('never runs twice within the interval, whatever the push pattern (random bursts)', () => {
    const runs: number[] = [];
    const t = createThrottle(() => runs.push(Date.now()), 5000);
    let seed = 7;
    for (let i = 0; i < 400; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      vi.advanceTimersByTime(seed % 3000);
      t.poke();
    }
    for (let i = 1; i < runs.length; i++) expect(runs[i]! - runs[i - 1]!).toBeGreaterThanOrEqual(5000);
    expect(runs.length).toBeGreaterThan(10);
  });

  it('drops a pending run when cancelled (the screen was left)', () => {
    const fn = vi.fn();
    const t = createThrottle(fn, 5000);
    t.poke();
    t.poke();
    t.cancel();
    vi.advanceTimersByTime(10_000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
