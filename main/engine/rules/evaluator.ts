import type { AbsenceTrigger, AlertState } from './alert-model.ts';
import type { EventView } from './field-path.ts';
import { eventMatches, groupKeyOf } from './rule-compile.ts';
import type { CompiledRule } from './rule-compile.ts';
import { ThresholdWindow } from './threshold-window.ts';
import type { Evidence } from './threshold-window.ts';

/**
 * Where evaluation decisions go. The live engine persists them and notifies; a preview keeps them in
 * memory and counts. Both run the same RuleRuntime, so a preview says what the live rule would do.
 */
export interface AlertSink {
  /** The open or acknowledged alert of (rule, group), if any. */
  active(ruleId: string, groupKey: string): AlertState | undefined;
  activeForRule(ruleId: string): AlertState[];
  /** When (rule, group) last raised a new alert: the cooldown's start. */
  lastFiredAt(ruleId: string, groupKey: string): number | undefined;
  open(c: CompiledRule, groupKey: string, at: number, evidence: Evidence[], absence: AbsenceTrigger | null): void;
  bump(c: CompiledRule, alert: AlertState, at: number, evidence: Evidence[]): void;
  autoResolve(c: CompiledRule, alert: AlertState, at: number): void;
  evaluated(c: CompiledRule, at: number): void;
}

function evidenceOf(view: EventView): Evidence {
  const ev = view.ev;
  return { id: ev.id, receivedAt: ev.receivedAt, ts: ev.ts, sourceId: ev.sourceId };
}

/**
 * The live state of one rule: its threshold windows per group. Pattern and threshold rules are fed
 * committed events (scope already checked); absence rules and auto-close run on the tick.
 */
export class RuleRuntime {
  readonly c: CompiledRule;
  private readonly windows = new Map<string, ThresholdWindow>();
  /** Receive time of the newest event this rule looked at (lastEvaluated, flushed on the tick). */
  evaluatedAt = 0;

  constructor(c: CompiledRule) {
    this.c = c;
  }

  /** Feed one in-scope event. With `fire` false the window is only rebuilt (restart, rule edit). */
  onEvent(view: EventView, sink: AlertSink | null): boolean {
    const c = this.c;
    const at = view.ev.receivedAt;
    if (at > this.evaluatedAt) this.evaluatedAt = at;
    if (!eventMatches(c, view)) return false;
    if (c.rule.ruleType === 'pattern') {
      if (sink) this.trigger(sink, '', at, () => [evidenceOf(view)]);
      return true;
    }
    const group = groupKeyOf(c, view);
    let w = this.windows.get(group);
    if (!w) this.windows.set(group, (w = new ThresholdWindow(c.rule.thresholdCount)));
    w.evict(at - c.windowMs);
    w.push(evidenceOf(view));
    if (sink && w.exceeded()) {
      const win = w;
      this.trigger(sink, group, at, (afterId) => win.since(afterId));
    }
    return true;
  }

  /**
   * The condition holds for (rule, group) at `at`: count into the open alert, or raise a new one
   * unless the group is cooling down.
   */
  trigger(sink: AlertSink, group: string, at: number, evidence: (afterId: number) => Evidence[], absence: AbsenceTrigger | null = null): void {
    const active = sink.active(this.c.rule.id, group);
    if (active) {
      const ev = evidence(active.lastEventId);
      if (ev.length > 0 || absence) sink.bump(this.c, active, at, ev);
      return;
    }
    const last = sink.lastFiredAt(this.c.rule.id, group);
    if (last !== undefined && at - last < this.c.cooldownMs) return;
    sink.open(this.c, group, at, evidence(0), absence);
  }

  /** Threshold: is the count of the group's window still above the threshold at `now`? */
  thresholdHolds(group: string, now: number): boolean {
    const w = this.windows.get(group);
    if (!w) return false;
    w.evict(now - this.c.windowMs);
    return w.exceeded();
  }

  /** Drop expired window entries and empty groups (bounded memory for high-cardinality groups). */
  sweep(now: number): void {
    for (const [g, w] of this.windows) {
      w.evict(now - this.c.windowMs);
      if (w.count === 0) this.windows.delete(g);
    }
  }

  /** Number of groups with a live window (for tests and diagnostics). */
  get groupCount(): number {
    return this.windows.size;
  }

  /**
   * Auto-close: resolve open alerts whose condition no longer holds and that have been quiet (no
   * re-trigger, no status change) for the grace period. A re-trigger within the grace bumped
   * lastSeenAt, so the same alert stays open instead of flapping.
   */
  autoClose(sink: AlertSink, now: number, holds: (group: string) => boolean): void {
    if (!this.c.rule.autoClose) return;
    for (const a of sink.activeForRule(this.c.rule.id)) {
      if (now - Math.max(a.lastSeenAt, a.statusChangedAt) < this.c.graceMs) continue;
      if (holds(a.groupKey)) continue;
      sink.autoResolve(this.c, a, now);
    }
  }
}
