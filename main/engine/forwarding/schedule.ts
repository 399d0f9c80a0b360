/**
 * The retry schedule of seed 003 and the rules that decide whether an attempt's outcome is final.
 * Kept pure (no I/O, time passed in) so the schedule is testable under a manual clock.
 */

/** Delay before attempt n+1 after attempt n failed (index 0 = after the 1st attempt). */
export const RETRY_DELAYS_MS: readonly number[] = [30_000, 120_000, 600_000, 3_600_000];
/** Attempts in total: immediately, +30 s, +2 min, +10 min, +1 h. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** An endpoint failing without a single success for this long is disabled. */
export const DISABLE_AFTER_MS = 24 * 3_600_000;
/** A Retry-After asking for more than this is capped (the schedule must still end). */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** What one HTTP attempt came back with. `status` null = no response (timeout, reset, TLS, DNS). */
export interface AttemptOutcome {
  status: number | null;
  error: string | null;
  retryAfterMs: number | null;
}

export type Verdict = { kind: 'delivered' } | { kind: 'retry'; at: number; error: string } | { kind: 'failed'; error: string };

/** True for outcomes worth another try: no response, 408, 429 and 5xx. Other 3xx/4xx are final. */
export function isRetryable(o: AttemptOutcome): boolean {
  if (o.status === null) return true;
  return o.status === 408 || o.status === 429 || o.status >= 500;
}

/**
 * Decide what happens after attempt number `attempt` (1-based) ended with `o` at time `now`.
 * Retry-After (when sent with 429/5xx) replaces the schedule's delay for that step.
 */
export function verdictFor(o: AttemptOutcome, attempt: number, now: number): Verdict {
  if (o.status !== null && o.status >= 200 && o.status < 300) return { kind: 'delivered' };
  const error = o.error ?? `HTTP ${o.status}`;
  if (!isRetryable(o)) return { kind: 'failed', error };
  if (attempt >= MAX_ATTEMPTS) return { kind: 'failed', error: `${error} (gave up after ${attempt} attempts)` };
  const scheduled = RETRY_DELAYS_MS[attempt - 1] ?? RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1]!;
  const delay = o.retryAfterMs !== null ? Math.min(Math.max(o.retryAfterMs, 0), MAX_RETRY_AFTER_MS) : scheduled;
  return { kind: 'retry', at: now + delay, error };
}

/**
 * Parse a Retry-After header: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns milliseconds from `now`, or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return null;
  const s = v.trim();
  if (s === '') return null;
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  // An HTTP date always names its weekday/month; this keeps "-5" or "1.5" from parsing as years.
  if (!/[A-Za-z]{3}/.test(s)) return null;
  const at = Date.parse(s);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
