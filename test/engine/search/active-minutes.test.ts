import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/engine/store/db.ts';
import { activeMinuteTest, activeRanges } from '../../../main/engine/search/scan.ts';
import { StatementCache } from '../../../main/engine/search/statements.ts';

const MIN = 60_000;
const DAY = 1_440 * MIN;
const dir = mkdtempSync(join(tmpdir(), 'wp-active-'));
const db = openDatabase({ dataDir: dir });
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the per-block summary test a first page walks with', () => {
  it('answers like a test against every active range of the window, asked in any order, over several days', () => {
    const statements = new StatementCache(db);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minute: fc.integer({ min: 0, max: 5 * 48 }).map((k) => k * 30),
            severity: fc.integer({ min: 0, max: 5 }),
            count: fc.integer({ min: 0, max: 3 }),
          }),
          { maxLength: 200, size: 'medium' },
        ),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: -DAY, max: 5 * DAY }),
        fc.integer({ min: 0, max: 6 * DAY }),
        // Asks near minute edges (a block starting in an active minute's first millisecond, ending in its last), short and long.
        // A block is asked about as [minTs, maxTs + 1): never an empty span (an empty one holds no event to find).
        fc.array(
          fc.tuple(
            fc.integer({ min: -48, max: 6 * 48 }).map((k) => k * 30),
            fc.constantFrom(-1, 0, 1, MIN - 1, MIN, 7_000),
            fc.oneof(fc.integer({ min: 1, max: 3 * MIN }), fc.integer({ min: 1, max: 2 * DAY })),
          ),
          { minLength: 1, maxLength: 30, size: 'medium' },
        ),
        (rows, severity, fromMs, span, asks) => {
          db.exec('DELETE FROM event_counts');
          const put = db.prepare(
            'INSERT INTO event_counts (minute, source_seq, severity, count) VALUES (?, 1, ?, ?) ON CONFLICT (minute, source_seq, severity) DO UPDATE SET count = count + excluded.count',
          );
          for (const r of rows) put.run(r.minute * MIN, r.severity, r.count);
          const guard = { sql: 'e.severity >= @sev', params: { sev: severity } };
          const toMs = fromMs + span;
          const ranges = activeRanges(statements, guard, fromMs, toMs);
          const test = activeMinuteTest(statements, guard, fromMs, toMs);
          for (const [minute, offset, len] of asks) {
            const lo = minute * MIN + offset;
            const hi = lo + len;
            const want = ranges.some(([a, b]) => a < hi && b > lo && a < b);
            expect(test(lo, hi)).toBe(want);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
