import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markedSpan, stepMark } from '../../../renderer/src/ui/bucket-mark.ts';
import type { BucketMark } from '../../../renderer/src/ui/bucket-mark.ts';

describe('keyboard bucket marks (histogram and dashboard time panels)', () => {
  it('the first arrow marks the newest bucket; arrows move it, Shift widens it from where it started', () => {
    const first = stepMark(null, 'ArrowLeft', false, 10);
    expect(first).toEqual({ a: 9, b: 9 });
    const moved = stepMark(first, 'ArrowLeft', false, 10);
    expect(moved).toEqual({ a: 8, b: 8 });
    const widened = stepMark(stepMark(moved, 'ArrowLeft', true, 10), 'ArrowLeft', true, 10);
    expect(widened).toEqual({ a: 8, b: 6 });
    expect(markedSpan(widened)).toEqual({ lo: 6, hi: 8 });
  });

  it('any key sequence keeps the mark inside the buckets, and Shift never moves its start', () => {
    const key = fc.record({ right: fc.boolean(), shift: fc.boolean() });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.array(key, { maxLength: 80 }), (n, keys) => {
        let mark: BucketMark | null = null;
        for (const k of keys) {
          const next = stepMark(mark, k.right ? 'ArrowRight' : 'ArrowLeft', k.shift, n);
          for (const i of [next.a, next.b]) expect(i >= 0 && i < n).toBe(true);
          if (mark && k.shift) expect(next.a).toBe(mark.a);
          if (mark && !k.shift) expect(Math.abs(next.b - mark.b)).toBeLessThanOrEqual(1);
          mark = next;
        }
      }),
    );
  });
});
