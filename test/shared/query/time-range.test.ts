import { describe, expect, it } from 'vitest';
import { WatchpostError } from '../../../shared/errors.ts';
import { parseTimeRange } from '../../../shared/query/index.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const H = 3_600_000;

function errorOf(from: string | undefined, to: string | undefined): WatchpostError {
  try {
    parseTimeRange(from, to, NOW);
  } catch (err) {
    if (err instanceof WatchpostError) return err;
    throw err;
  }
  throw new Error('expected a VALIDATION_ERROR');
}

describe('parseTimeRange', () => {
  it('defaults to the last 24 h, up to and including the current millisecond', () => {
    expect(parseTimeRange(undefined, undefined, NOW)).toEqual({ fromMs: NOW - 24 * H, toMs: NOW + 1 });
    expect(parseTimeRange('', ' ', NOW)).toEqual({ fromMs: NOW - 24 * H, toMs: NOW + 1 });
  });

  it('accepts relative amounts back from now, and now', () => {
    expect(parseTimeRange('15m', 'now', NOW)).toEqual({ fromMs: NOW - 15 * 60_000, toMs: NOW });
    expect(parseTimeRange('24h', undefined, NOW).fromMs).toBe(NOW - 24 * H);
    expect(parseTimeRange('7d', '1d', NOW)).toEqual({ fromMs: NOW - 7 * 24 * H, toMs: NOW - 24 * H });
    expect(parseTimeRange('now-30s', 'NOW', NOW).fromMs).toBe(NOW - 30_000);
    expect(parseTimeRange('-2w', undefined, NOW).fromMs).toBe(NOW - 14 * 24 * H);
  });

  it('accepts ISO 8601 with a zone, and takes a zone-less time as UTC', () => {
    expect(parseTimeRange('2026-11-23T10:00:00Z', '2026-11-23T11:30:00.250Z', NOW)).toEqual({
      fromMs: Date.UTC(2026, 10, 23, 10),
      toMs: Date.UTC(2026, 10, 23, 11, 30, 0, 250),
    });
    expect(parseTimeRange('2026-11-23T10:00:00+02:00', undefined, NOW).fromMs).toBe(Date.UTC(2026, 10, 23, 8));
    expect(parseTimeRange('2026-11-23T10:00:00-0530', '2026-11-24', NOW).fromMs).toBe(Date.UTC(2026, 10, 23, 15, 30));
    expect(parseTimeRange('2026-11-23 10:00', undefined, NOW).fromMs).toBe(Date.UTC(2026, 10, 23, 10));
    expect(parseTimeRange('2026-11-22', undefined, NOW).fromMs).toBe(Date.UTC(2026, 10, 22));
    expect(parseTimeRange('2026-11-23T10:00:00.123456789Z', undefined, NOW).fromMs).toBe(Date.UTC(2026, 10, 23, 10, 0, 0, 123));
  });

  it.each([
    ['yesterday', undefined, 'from'],
    ['15x', undefined, 'from'],
    ['2026-02-30T00:00:00Z', undefined, 'from'],
    ['2026-11-23T25:00:00Z', undefined, 'from'],
    ['11/23/2026', undefined, 'from'],
    [undefined, 'soon', 'to'],
    [undefined, '2026-13-01', 'to'],
    ['999999999w', undefined, 'from'],
  ])('from=%j to=%j is VALIDATION_ERROR naming %s', (from, to, param) => {
    const err = errorOf(from, to);
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.message.startsWith(param)).toBe(true);
    expect(err.details).toMatchObject({ param });
  });

  it('from must be before to', () => {
    const err = errorOf('1h', '2h');
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.message).toContain('must be before');
    expect(errorOf('now', 'now').details).toMatchObject({ param: 'from' });
  });
});
