import { describe, expect, it } from 'vitest';
import { WatchpostError } from '../../shared/errors.ts';
import { clearableText, idOf, listLimit, queryChoice, queryInt, text, whole } from '../../main/engine/validate.ts';

/** The refusal a check throws: code, message and details, for one-line expectations. */
function refusal(fn: () => unknown): { code: string; message: string; details: unknown } {
  try {
    fn();
  } catch (err) {
    if (err instanceof WatchpostError) return { code: err.code, message: err.message, details: err.details };
    throw err;
  }
  throw new Error('accepted');
}

describe('input-checking kit', () => {
  it('query integers: digit strings from a query string and numbers from IPC mean the same; anything else is refused naming the field', () => {
    expect(queryInt('limit', '25', { fallback: 100, max: 1000 })).toBe(25);
    expect(queryInt('limit', 25, { fallback: 100, max: 1000 })).toBe(25);
    for (const empty of [undefined, null, '']) expect(queryInt('limit', empty, { fallback: 100, max: 1000 })).toBe(100);
    for (const bad of ['-1', '1e2', ' 5', '2.5', 0, 2.5, 'ten']) {
      expect(refusal(() => queryInt('limit', bad, { fallback: 100, max: 1000 }))).toMatchObject({
        code: 'VALIDATION_ERROR',
        message: 'limit must be a whole number from 1 to 1000',
      });
    }
    expect(refusal(() => listLimit('1001'))).toMatchObject({ message: 'limit must be at most 1000', details: { field: 'limit', value: '1001' } });
  });

  it('an empty query choice means "any"; a wrong one names the allowed values', () => {
    expect(queryChoice('status', '', ['open', 'resolved'])).toBeUndefined();
    expect(queryChoice('status', 'open', ['open', 'resolved'])).toBe('open');
    expect(refusal(() => queryChoice('status', 'closed', ['open', 'resolved'])).message).toBe('status must be one of open, resolved (got "closed")');
  });

  it('numbers in JSON bodies must be numbers, whole, in range; the message says which rule failed', () => {
    expect(whole('cooldownMinutes', 5, { min: 0, max: 10 })).toBe(5);
    expect(refusal(() => whole('cooldownMinutes', '5', { min: 0, max: 10 })).message).toBe('cooldownMinutes must be a number');
    expect(refusal(() => whole('cooldownMinutes', -1, { min: 0, max: 10 })).message).toBe('cooldownMinutes must not be negative');
    expect(refusal(() => whole('cooldownMinutes', 1.5, { min: 0, max: 10 })).message).toBe('cooldownMinutes must be a whole number');
    expect(refusal(() => whole('cooldownMinutes', 11, { min: 0, max: 10 }))).toMatchObject({
      message: 'cooldownMinutes must be between 0 and 10 (got 11)',
      details: { field: 'cooldownMinutes' },
    });
  });

  it('text is trimmed unless asked not to; a clearable text turns blanks into null', () => {
    expect(text('name', '  web  ', { max: 10 })).toBe('web');
    expect(text('authValue', ' s3cret ', { max: 10, trim: false })).toBe(' s3cret ');
    expect(refusal(() => text('name', 'x'.repeat(11), { max: 10 })).message).toBe('name must be at most 10 characters (got 11)');
    for (const blank of [null, undefined, '', '   ']) expect(clearableText('platformId', blank, 100)).toBeNull();
    expect(idOf({ id: 'ls_1' })).toBe('ls_1');
    expect(refusal(() => idOf({}))).toMatchObject({ message: 'id is required', details: { field: 'id' } });
  });
});
