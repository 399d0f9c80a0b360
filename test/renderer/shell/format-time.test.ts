import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTime, relativeTime } from '../../../renderer/src/ui/format-time.ts';

describe('time formatting', () => {
  const now = new Date('2026-04-17T12:00:00Z');
  it('says how long ago', () => {
    expect(relativeTime(null, now)).toBe('—');
    expect(relativeTime('garbage', now)).toBe('—');
    expect(relativeTime('2026-04-17T11:59:58Z', now)).toBe('just now');
    expect(relativeTime('2026-04-17T11:59:18Z', now)).toBe('42 s ago');
    expect(relativeTime('2026-04-17T11:55:00Z', now)).toBe('5 min ago');
    expect(relativeTime('2026-04-17T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-04-14T12:00:00Z', now)).toBe('3 d ago');
  });
  it('formats absolute times and counts', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
    expect(formatDateTime('2026-04-17T10:00:00Z')).toMatch(/2026/);
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
