/**
 * Preview semantics equal live semantics: random event sequences (late, out of order, grouped by an
 * envelope field or a raw path, with and without a condition) are ingested live on a manual clock,
 * then the same rule is previewed over the stored events. Both must raise the same alerts, in the
 * same order, with the same groups, late flags and counts.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuleInput } from '../../../shared/types.ts';
import { MINUTE, rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const batchArb = fc.record({
  advanceMs: fc.integer({ min: 0, max: 4 * MINUTE }),
  events: fc.array(
    fc.record({
      behindMs: fc.oneof(fc.integer({ min: 0, max: 2 * MINUTE }), fc.integer({ min: 0, max: 90 * MINUTE })),
      user: fc.constantFrom('alice', 'bob', 'carol'),
      ip: fc.constantFrom('10.0.0.1', '10.0.0.2'),
      outcome: fc.constantFrom('failure', 'success'),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

const ruleArb = fc.record({
  thresholdCount: fc.integer({ min: 0, max: 3 }),
  thresholdWindowMinutes: fc.integer({ min: 1, max: 10 }),
  thresholdGroupBy: fc.constantFrom('none', 'user', 'raw.ip'),
  allowedLatenessMinutes: fc.integer({ min: 0, max: 15 }),
  cooldownMinutes: fc.constantFrom(0, 5),
  condition: fc.constantFrom(null, 'outcome:failure', 'NOT user:bob'),
  ruleType: fc.constantFrom('threshold' as const, 'pattern' as const),
});

describe('preview equals live', () => {
  it('raises the same alerts as the live evaluator on random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(ruleArb, fc.array(batchArb, { minLength: 1, maxLength: 12 }), async (r, batches) => {
        await h?.close();
        h = await rulesHarness();
        const src = await h.source('auth');
        const def: RuleInput = {
          name: 'diff',
          severity: 'warn',
          ruleType: r.ruleType,
          cooldownMinutes: r.cooldownMinutes,
          allowedLatenessMinutes: r.allowedLatenessMinutes,
          ...(r.ruleType === 'threshold'
            ? {
                thresholdCount: r.thresholdCount,
                thresholdWindowMinutes: r.thresholdWindowMinutes,
                thresholdGroupBy: r.thresholdGroupBy,
                condition: r.condition,
              }
            : { condition: r.condition ?? 'outcome:*' }),
        };
        const rule = await h.t.call('rules.create', def);
        for (const b of batches) {
          h.advance(b.advanceMs);
          const now = h.clock.now();
          await h.send(
            src,
            b.events.map((e) => ({ timestamp: new Date(now - e.behindMs).toISOString(), user: e.user, outcome: e.outcome, ip: e.ip })),
          );
        }
        const live = (await h.alerts({ ruleId: rule.id })).reverse().map((a) => ({ groupKey: a.groupKey, late: a.late, eventCount: a.eventCount }));
        const preview = await h.t.call('rules.preview', def);
        expect(preview.wouldFire).toBe(live.length);
        expect(preview.lateFirings).toBe(live.filter((a) => a.late).length);
        expect(preview.firings.map((f) => ({ groupKey: f.groupKey, late: f.late, eventCount: f.eventCount }))).toEqual(live);
      }),
      { numRuns: 15 },
    );
  }, 600_000);
});
