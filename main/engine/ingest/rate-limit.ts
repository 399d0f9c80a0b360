import { bucketCapacity } from '../../../shared/limits.ts';

interface Bucket {
  tokens: number;
  at: number;
  rate: number;
}

/**
 * Token bucket per source, refilled at `rateLimit` events/s, capacity at least one full batch.
 * A request needing more tokens than are available takes none and learns how long to wait.
 */
export class RateLimiter {
  private buckets = new Map<number, Bucket>();

  take(sourceSeq: number, rate: number, n: number, now: number): { ok: true } | { ok: false; retryAfterSec: number } {
    const cap = bucketCapacity(rate);
    let b = this.buckets.get(sourceSeq);
    if (!b || b.rate !== rate) {
      b = { tokens: b ? Math.min(b.tokens, cap) : cap, at: now, rate };
      this.buckets.set(sourceSeq, b);
    }
    b.tokens = Math.min(cap, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    if (n <= b.tokens) {
      b.tokens -= n;
      return { ok: true };
    }
    const missing = Math.min(n, cap) - b.tokens;
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil(missing / rate)) };
  }

  forget(sourceSeq: number): void {
    this.buckets.delete(sourceSeq);
  }
}
