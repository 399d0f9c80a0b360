import { afterAll, describe, expect, it } from 'vitest';
import { resolveQuery } from '../../../main/engine/search/input.ts';
import { bucketCountSql, newestSql } from '../../../main/engine/search/statements.ts';
import { activeMinutesSql, summaryCountSql } from '../../../main/engine/store/event-store/index.ts';
import { NOW, SearchFixture } from './fixture.ts';

/**
 * The performance contract in one place: every time-bounded query over the head walks its
 * time-key index `events_tkey` (a first page sorts only within a 256 ms slot and stops after
 * `limit` matches instead of sorting the range), never a full scan.
 */
describe('query plans', () => {
  const f = new SearchFixture();
  afterAll(() => f.close());

  const plan = (sql: string, params: Record<string, unknown>): string[] =>
    (f.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);

  const queries = [
    '',
    'timeout',
    '"café au lait"',
    'host:web-* -user:root',
    'severity:>=warn (source:fw OR platform:prod)',
    'raw.request.path:/api/* raw.status:>=500',
    'raw.records.items.sku:=A-1 OR tag:prod',
  ];

  it.each(queries)('page for %j walks events_tkey in order, sorting only within a slot', (q) => {
    for (const withCursor of [false, true]) {
      const { filter } = resolveQuery({ q }, NOW);
      const steps = plan(newestSql('page', filter?.sql ?? null, withCursor), {
        ...(filter?.params ?? {}),
        from: 0,
        to: 1,
        limit: 101,
        ...(withCursor ? { cts: 1, cid: 1 } : {}),
      });
      expect(steps[0]).toMatch(/^SEARCH e USING INDEX events_tkey \(<expr>>\? AND <expr><\?\)/);
      expect(steps).toContain('USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY');
      expect(steps.join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY|SCAN e\b/);
    }
  });

  it('histogram and field sampling are bounded by events_tkey too', () => {
    const { filter } = resolveQuery({ q: 'host:web' }, NOW);
    const params = { ...filter!.params, from: 0, to: 1, origin: 0n, n: 1n, span: 1n, limit: 10 };
    expect(plan(bucketCountSql(filter!.sql), params)[0]).toMatch(/SEARCH e USING INDEX events_tkey/);
    expect(plan(newestSql('raw', filter!.sql, false), params)[0]).toMatch(/SEARCH e USING INDEX events_tkey/);
    const summary = plan(summaryCountSql(null), { origin: 0n, n: 1n, span: 1n, lo: 0, hi: 1, split: '[]' });
    expect(summary[0]).toMatch(/SEARCH e USING PRIMARY KEY \(minute>\? AND minute<\?\)/);
    const guard = resolveQuery({ q: 'source:vpn host:x' }, NOW).guard!;
    const minutes = plan(activeMinutesSql(guard.sql), { ...guard.params, lo: 0, hi: 1, n: 10 });
    expect(minutes[0]).toMatch(/SEARCH e USING PRIMARY KEY \(minute>\? AND minute<\?\)/);
    expect(minutes.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});
