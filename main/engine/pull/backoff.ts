/**
 * Throttling arithmetic, pure so it can be tested without waiting: exponential backoff with full
 * jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"), the reset headers providers
 * send, and a token bucket for per-account request rates (CloudWatch FilterLogEvents: 5 TPS).
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Full jitter: a uniform delay in [0, min(cap, base · 2^attempt)). */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

function header(h: IncomingHttpHeaders, name: string): string | null {
  const v = h[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/**
 * How long the provider asked us to wait, in ms, or null when it did not say: `Retry-After`
 * (seconds or an HTTP date), Datadog's `X-RateLimit-Reset` (seconds until the window resets),
 * the IETF draft's `RateLimit-Reset` (seconds).
 */
export function retryAfterMs(h: IncomingHttpHeaders, now: number): number | null {
  const ra = header(h, 'retry-after');
  if (ra !== null) {
    if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Math.round(Number(ra) * 1000);
    const at = Date.parse(ra);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  for (const name of ['x-ratelimit-reset', 'ratelimit-reset']) {
    const v = header(h, name);
    if (v !== null && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  }
  return null;
}

/** Token bucket: `rate` requests per second, bursts up to `capacity`. Returns the wait before the next request. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly rate: number;
  private readonly capacity: number;
  constructor(rate: number, capacity: number, now: number) {
    this.rate = rate;
    this.capacity = capacity;
    this.tokens = capacity;
    this.last = now;
  }
  /** Take one token; the ms to wait before using it (0 = go now). */
  take(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }
}
