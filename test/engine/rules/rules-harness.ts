/**
 * A real engine (temp dir, real SQLite, real ingest path) on a ManualClock, with helpers to create
 * sources and rules, post events, drive the rules tick and read what was recorded and notified.
 */
import { ManualClock } from '../../../main/engine/clock.ts';
import type { Notifier } from '../../../main/engine/context.ts';
import type { RulesDomain } from '../../../main/engine/rules/index.ts';
import type { EngineHooks } from '../../../main/engine/bus.ts';
import type { Alert, Rule, RuleInput, SecurityEvent } from '../../../shared/types.ts';
import { createTestEngine, tempDir } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

export const MINUTE = 60_000;

export interface RulesHarness {
  t: TestEngine;
  clock: ManualClock;
  dataDir: string;
  rules: RulesDomain;
  notified: Parameters<Notifier['notify']>[0][];
  raised: EngineHooks['alertRaised'][];
  streamed: Alert[];
  security: SecurityEvent[];
  source(name: string, extra?: Record<string, unknown>): Promise<string>;
  platform(name: string): Promise<string>;
  rule(input: Partial<RuleInput> & Pick<RuleInput, 'ruleType'>): Promise<Rule>;
  /** Store events for a source through the real ingest path (fires 'committed'). */
  send(sourceId: string, events: Record<string, unknown>[]): Promise<number[]>;
  alerts(filter?: { status?: Alert['status']; ruleId?: string }): Promise<Alert[]>;
  /** The opening most alert tests share: source 's', a pattern rule on message 'x' (plus `extra`), one matching event sent. */
  ruleAndMatch(extra?: Partial<RuleInput>): Promise<{ src: string; rule: Rule }>;
  /** Move the clock and run one rules tick. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Open (or reopen, with `dataDir`) an engine for rule tests. */
export async function rulesHarness(opts: { dataDir?: string; clock?: ManualClock } = {}): Promise<RulesHarness> {
  const clock = opts.clock ?? new ManualClock();
  const notified: RulesHarness['notified'] = [];
  const dataDir = opts.dataDir ?? tempDir('watchpost-rules-');
  // Rules never need search worker threads; in-thread search keeps a close-and-reopen cycle free of live worker handles.
  const t = createTestEngine({ dataDir, clock, searchWorkers: 0, notifier: { notify: (n) => notified.push(n) } });
  const rules = t.engine.domains.rules;
  const raised: RulesHarness['raised'] = [];
  const streamed: Alert[] = [];
  const security: SecurityEvent[] = [];
  t.engine.bus.on('alertRaised', (p) => raised.push(p));
  t.engine.bus.on('alert', (a) => streamed.push(a));
  t.engine.bus.on('security', (e) => security.push(e));
  let n = 0;
  const h: RulesHarness = {
    t,
    clock,
    dataDir,
    rules,
    notified,
    raised,
    streamed,
    security,
    async source(name, extra = {}) {
      return (await t.call('sources.create', { name, rateLimit: 100_000, ...extra })).id;
    },
    async platform(name) {
      return (await t.call('platforms.create', { name })).id;
    },
    async rule(input) {
      return t.call('rules.create', { name: `rule ${++n}`, severity: 'warn', ...input } as RuleInput);
    },
    async send(sourceId, events) {
      return (await t.engine.ingest.submit(sourceId, events)).ids;
    },
    async alerts(filter = {}) {
      return (await t.call('alerts.list', filter)).items;
    },
    async ruleAndMatch(extra = {}) {
      const src = await h.source('s');
      const rule = await h.rule({ ruleType: 'pattern', patternField: 'message', patternValue: 'x', ...extra });
      await h.send(src, [{ message: 'x' }]);
      return { src, rule };
    },
    advance(ms) {
      clock.advance(ms);
      rules.tick();
    },
    async close() {
      await t.close();
    },
  };
  return h;
}
