import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addToHistory,
  loadHistory,
  matchingHistory,
  QUERY_HISTORY_CAP,
  QUERY_HISTORY_KEY,
  rememberQuery,
} from '../../../renderer/src/features/log-viewer/query-history.ts';

function memoryStorage(initial: Record<string, string> = {}): {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
  data: Record<string, string>;
} {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe('query history', () => {
  it('puts the query run last on top, once, trimmed, and drops empty queries', () => {
    let h: string[] = [];
    for (const q of ['host:web-01', 'severity:error', '  host:web-01 ', '   ']) h = addToHistory(h, q);
    expect(h).toEqual(['host:web-01', 'severity:error']);
  });

  it('matches any run sequence against a brute-force replay: newest first, no duplicates, capped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'host:x', ' a ', '', 'user:root'), { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        (runs, cap) => {
          let h: string[] = [];
          for (const q of runs) h = addToHistory(h, q, cap);
          // Oracle: distinct trimmed non-empty queries ordered by their last run, newest first.
          const lastRun = new Map<string, number>();
          runs.forEach((q, i) => q.trim() && lastRun.set(q.trim(), i));
          const expected = [...lastRun.entries()]
            .sort((x, y) => y[1] - x[1])
            .map(([q]) => q)
            .slice(0, cap);
          expect(h).toEqual(expected);
        },
      ),
    );
  });

  it('keeps the history in storage across loads and caps it', () => {
    const storage = memoryStorage();
    for (let i = 0; i < QUERY_HISTORY_CAP + 5; i++) rememberQuery(storage, `q${i}`);
    rememberQuery(storage, 'q3');
    const h = loadHistory(storage);
    expect(h).toHaveLength(QUERY_HISTORY_CAP);
    expect(h[0]).toBe('q3');
    expect(h[1]).toBe(`q${QUERY_HISTORY_CAP + 4}`);
  });

  it('reads a damaged or foreign stored value as empty, and drops non-strings and duplicates', () => {
    expect(loadHistory(memoryStorage({ [QUERY_HISTORY_KEY]: '{not json' }))).toEqual([]);
    expect(loadHistory(memoryStorage({ [QUERY_HISTORY_KEY]: '{"a":1}' }))).toEqual([]);
    expect(loadHistory(memoryStorage({ [QUERY_HISTORY_KEY]: '["x", 3, "y", "x"]' }))).toEqual(['x', 'y']);
    expect(loadHistory(null)).toEqual([]);
  });

  it('offers entries containing what is typed, case-insensitively, but not the exact text already typed', () => {
    const h = ['host:web-01 severity:error', 'user:root', 'HOST:db-1'];
    expect(matchingHistory(h, 'host')).toEqual(['host:web-01 severity:error', 'HOST:db-1']);
    expect(matchingHistory(h, '')).toEqual(h);
    expect(matchingHistory(h, 'user:root')).toEqual([]);
  });
});
