import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WatchpostError } from '../../../shared/errors.ts';
import { HOUR, MIN, NOW, SearchFixture } from './fixture.ts';

function errorOf(fn: () => unknown): WatchpostError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WatchpostError) return err;
    throw err;
  }
  throw new Error('expected a WatchpostError');
}

describe('paging, limits, time range, get', () => {
  const f = new SearchFixture();
  const all: string[] = [];

  beforeAll(() => {
    f.addSource('ls_a', 'A');
    // 250 events over the last ~4 h, with runs of identical timestamps to exercise the id tiebreak.
    for (let i = 0; i < 250; i++) {
      all.push(f.add({ ts: NOW - HOUR * 4 + Math.floor(i / 5) * MIN, host: i % 2 ? 'odd' : 'even', raw: { i } }));
    }
    all.reverse();
  });
  afterAll(() => f.close());

  it('cursor paging returns every event exactly once, newest first', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = f.search.search({ limit: 40, ...(cursor ? { cursor } : {}) }, NOW);
      seen.push(...page.events.map((e) => e.id));
      pages++;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(pages).toBe(7);
    expect(seen).toEqual(all);
  });

  it('paging with a filter walks only the matching events', () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { events: { id: string; host: string | null }[]; nextCursor: string | null } = f.search.search(
        { q: 'host:odd', limit: 33, ...(cursor ? { cursor } : {}) },
        NOW,
      );
      expect(page.events.every((e) => e.host === 'odd')).toBe(true);
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.filter((_id, i) => i % 2 === 0));
  });

  it('events arriving on top do not shift later pages', () => {
    const first = f.search.search({ limit: 10 }, NOW);
    const newer = f.add({ ts: NOW - 1000, host: 'late' });
    const second = f.search.search({ limit: 10, cursor: first.nextCursor! }, NOW);
    expect(second.events.map((e) => e.id)).toEqual(all.slice(10, 20));
    f.db.prepare('DELETE FROM events WHERE id = ?').run(Number(newer));
  });

  it('an exact final page has no next cursor', () => {
    const page = f.search.search({ limit: 250 }, NOW);
    expect(page.events).toHaveLength(250);
    expect(page.nextCursor).toBeNull();
  });

  it('limit defaults to 100 and accepts up to 1000; more is VALIDATION_ERROR', () => {
    expect(f.search.search({}, NOW).events).toHaveLength(100);
    expect(f.search.search({ limit: 1000 }, NOW).events).toHaveLength(250);
    for (const limit of [1001, 0, -1, 2.5]) {
      const err = errorOf(() => f.search.search({ limit }, NOW));
      expect(err.code).toBe('VALIDATION_ERROR');
      expect(err.message).toContain('limit');
    }
    expect(f.search.search({ limit: '7' as unknown as number }, NOW).events).toHaveLength(7);
  });

  it('a bad cursor is VALIDATION_ERROR', () => {
    for (const cursor of ['nope!', 'bm90LWEtY3Vyc29y', Buffer.from('1.x').toString('base64url'), 'A'.repeat(100)]) {
      const err = errorOf(() => f.search.search({ cursor }, NOW));
      expect(err.code).toBe('VALIDATION_ERROR');
      expect(err.message).toContain('cursor');
    }
  });

  it('from/to bound the event timestamp: from inclusive, to exclusive', () => {
    const inHour = f.ids('', { from: '1h' });
    expect(inHour).toHaveLength(0);
    expect(f.ids('', { from: '4h' })).toHaveLength(250);
    expect(f.ids('', { from: new Date(NOW - HOUR * 4 + 40 * MIN).toISOString() })).toEqual(all.slice(0, 50));
    const at = new Date(NOW - HOUR * 4 + 10 * MIN).toISOString();
    const to = new Date(NOW - HOUR * 4 + 12 * MIN).toISOString();
    expect(f.ids('', { from: at, to })).toEqual(all.slice(-60, -50));
    expect(f.ids('', { from: '5h', to: 'now' })).toHaveLength(250);
  });

  it('the default window is the last 24 hours', () => {
    const old = f.add({ ts: NOW - 25 * HOUR, host: 'ancient' });
    expect(f.ids('host:ancient')).toEqual([]);
    expect(f.ids('host:ancient', { from: '2d' })).toEqual([old]);
  });

  it('bad time bounds are VALIDATION_ERROR naming the parameter', () => {
    const bad = errorOf(() => f.search.search({ from: 'yesterday' }, NOW));
    expect(bad.code).toBe('VALIDATION_ERROR');
    expect(bad.details).toMatchObject({ param: 'from' });
    const badTo = errorOf(() => f.search.search({ to: '2026-13-01' }, NOW));
    expect(badTo.details).toMatchObject({ param: 'to' });
  });

  it('query errors are VALIDATION_ERROR with the position', () => {
    const err = errorOf(() => f.search.search({ q: 'host:(' }, NOW));
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.message).toContain('position 5');
    expect(err.details).toEqual({ position: 5, q: 'host:(' });
    expect(errorOf(() => f.search.histogram({ q: 'bogus:1' }, NOW)).details).toMatchObject({ position: 0 });
    expect(errorOf(() => f.search.fields({ q: 'severity:loud' }, NOW)).details).toMatchObject({ position: 9 });
  });

  it('get returns one event with its raw; unknown ids are NOT_FOUND', () => {
    const ev = f.search.get(all[0]!);
    expect(ev.raw).toEqual({ i: 249 });
    expect(ev.sourceName).toBe('A');
    for (const id of ['999999', 'abc', '', '1e3', '-1', '9999999999999999999', '99999999999999999999']) {
      expect(errorOf(() => f.search.get(id)).code).toBe('NOT_FOUND');
    }
  });
});
