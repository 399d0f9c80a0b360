import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, parseRetryAfter, verdictFor } from '../../../main/engine/forwarding/schedule.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, relative to the injected now', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter(new Date(NOW - 90_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter(['5', '9'], NOW)).toBe(5_000);
  });
  it('ignores absent or unreadable values', () => {
    for (const v of [undefined, '', 'soon', '-5', '1.5']) expect(parseRetryAfter(v, NOW), String(v)).toBeNull();
  });
});

describe('verdictFor', () => {
  const o = (status: number | null, retryAfterMs: number | null = null) => ({ status, error: status === null ? 'ECONNRESET' : null, retryAfterMs });
  it('2xx delivers; 3xx and 4xx other than 408/429 fail at once', () => {
    expect(verdictFor(o(204), 1, NOW)).toEqual({ kind: 'delivered' });
    for (const s of [301, 400, 401, 403, 404, 410, 413, 422]) expect(verdictFor(o(s), 1, NOW).kind, String(s)).toBe('failed');
  });
  it('408, 429, 5xx and no response are retried on the schedule until the 5th attempt', () => {
    for (const s of [408, 429, 500, 502, 503, 504, null])
      expect(verdictFor(o(s), 1, NOW), String(s)).toEqual({ kind: 'retry', at: NOW + 30_000, error: s === null ? 'ECONNRESET' : `HTTP ${s}` });
    expect(verdictFor(o(500), 4, NOW)).toMatchObject({ kind: 'retry', at: NOW + 3_600_000 });
    expect(verdictFor(o(500), MAX_ATTEMPTS, NOW)).toMatchObject({ kind: 'failed' });
  });
  it('Retry-After replaces the step delay, capped at 24 h', () => {
    expect(verdictFor(o(429, 5_000), 1, NOW)).toMatchObject({ at: NOW + 5_000 });
    expect(verdictFor(o(503, 7 * 86_400_000), 2, NOW)).toMatchObject({ at: NOW + 86_400_000 });
  });
});
