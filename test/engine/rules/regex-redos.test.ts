import { afterEach, describe, expect, it } from 'vitest';
import type { CommittedEvent } from '../../../main/engine/bus.ts';
import { RuleRuntime } from '../../../main/engine/rules/evaluator.ts';
import { EventView } from '../../../main/engine/rules/field-path.ts';
import { compileRule } from '../../../main/engine/rules/rule-compile.ts';
import { RULE_DEFAULTS } from '../../../main/engine/rules/rule-validate.ts';
import { compileValue } from '../../../main/engine/rules/value-matcher.ts';
import { rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness | undefined;
afterEach(async () => h?.close());

const EVIL = 'a'.repeat(50_000) + '!';

const event = (message: string): CommittedEvent => ({
  id: 1,
  sourceSeq: 1,
  sourceId: 'ls_x',
  receivedAt: 0,
  ts: 0,
  severity: 'info',
  category: 'other',
  outcome: 'unknown',
  host: null,
  user: null,
  action: null,
  message,
  tags: [],
  raw: { message },
});

describe('user regexes run in linear time (RE2)', () => {
  it('(a+)+$ against 50k "a" + "!" is evaluated in < 100 ms', () => {
    const rule = compileRule({
      ...RULE_DEFAULTS,
      id: 'r',
      name: 'redos',
      ruleType: 'pattern',
      patternField: 'raw.message',
      patternValue: '/(a+)+$/',
      createdAt: 0,
      updatedAt: 0,
      lastEvaluated: null,
      lastTriggered: null,
      triggerCount: 0,
    });
    const rt = new RuleRuntime(rule);
    // Best of three: a shared CI machine can stall any single run; a backtracking engine would take
    // longer than the age of the universe on this input, so the bound still separates the two.
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      expect(rt.onEvent(new EventView(event(EVIL), 's'), null)).toBe(false);
      best = Math.min(best, performance.now() - started);
    }
    expect(best).toBeLessThan(100);
    expect(rt.onEvent(new EventView(event('aaaa'), 's'), null)).toBe(true);
  });

  it('the same rule through the engine: the evil event is stored and raises nothing', async () => {
    h = await rulesHarness();
    const src = await h.source('s');
    await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: '/(a+)+$/' });
    await h.send(src, [{ message: EVIL.slice(0, 1990) + '!' }, { note: EVIL }]);
    expect(await h.alerts()).toHaveLength(0);
    await h.send(src, [{ message: 'aaa' }]);
    expect(await h.alerts()).toHaveLength(1);
  });

  it('refuses what RE2 cannot run in linear time (backreferences, lookaround) at save time', () => {
    expect(compileValue('/(a)\\1/', true)).toMatchObject({ error: expect.stringMatching(/not a valid regular expression/) });
    expect(compileValue('/(?<=a)b/', true)).toMatchObject({ error: expect.stringMatching(/not a valid regular expression/) });
  });
});
