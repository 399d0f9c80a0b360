/**
 * Alert rules (SPEC §6, seed 004): rule CRUD and preview, alerts, and the evaluator. Pattern and
 * threshold rules run on the 'committed' hook (never by polling the events table); absence and
 * auto-close run on a tick. New alerts go out on the bus as 'alert' (UI stream) and 'alertRaised'
 * (forwarding fan-out), plus a desktop toast when the rule asks for one.
 */
import type { Domain, DomainContext } from '../context.ts';
import { rulesHandlers } from './handlers.ts';
import { RulesEngine, TICK_MS } from './rules-engine.ts';

/** The rules domain plus handles tests use to drive it without timers. */
export interface RulesDomain extends Domain {
  /** Run one absence / auto-close tick now (the timer does this every TICK_MS). */
  tick(): void;
  /** The evaluator (rule runtimes, alert sink), for tests and diagnostics. */
  readonly evaluator: RulesEngine;
}

/** Build the rules domain. It listens to 'committed' from construction; start() only starts the tick. */
export function createRulesDomain(ctx: DomainContext): RulesDomain {
  const engine = new RulesEngine(ctx);
  const offCommitted = ctx.bus.on('committed', (events) => engine.onCommitted(events));
  const offSources = ctx.sources.onChange(() => engine.sourcesChanged());
  let timer: ReturnType<typeof setInterval> | null = null;
  const tick = () => {
    try {
      engine.tick();
    } catch (err) {
      console.error('[watchpost] rules tick failed:', err);
    }
  };
  return {
    evaluator: engine,
    handlers: rulesHandlers(ctx, engine),
    tick,
    start() {
      if (timer) return;
      timer = setInterval(tick, TICK_MS);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      offCommitted();
      offSources();
      engine.flushAll();
    },
  };
}
