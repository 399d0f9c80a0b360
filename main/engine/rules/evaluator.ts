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
  /** Changes whenever the set of active alerts changes, so callers may cache `active()` answers. */
  readonly version: number;
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

const NONE: Evidence[] = [];

/** A memo of `sink.active()` for one group, valid while `sink.version` is unchanged (hot path: no map lookups per event). */
export interface ActiveCache {
  cachedAlert: AlertState | undefined;
  cachedVersion: number;
}

/** Evidence not yet counted into an alert. Sinks copy what they keep, so results may be reused scratch. */
function collect(from: ThresholdWindow | Evidence | null, afterId: number): Evidence[] {
  if (from === null) return NONE;
  if (from instanceof ThresholdWindow) return from.since(afterId);
  return from.id > afterId ? [from] : NONE;
}

/**
 * The live state of one rule: its threshold windows per group. Pattern and threshold rules are fed
 * committed events (scope already checked); absence rules and auto-close run on the tick.
 */
export class RuleRuntime implements ActiveCache {
  readonly c: CompiledRule;
  /** Active alert of the ungrouped ('') group, valid while the sink's version is unchanged. */
  cachedAlert: AlertState | undefined = undefined;
  cachedVersion = -1;
  private readonly windows = new Map<string, ThresholdWindow>();
  /** The '' group's window (group-by none), kept out of the map lookup on the hot path. */
  private ungrouped: ThresholdWindow | undefined = undefined;
  /** Receive time of the newest event this rule looked at (lastEvaluated, flushed on the tick). */
  evaluatedAt = 0;

  constructor(c: CompiledRule) {
    this.c = c;
  }

  /** Feed one in-scope event. With a null sink the window is only rebuilt (restart, rule edit). */
  onEvent(view: EventView, sink: AlertSink | null): boolean {
    const c = this.c;
    const ev = view.ev;
    const at = ev.receivedAt;
    if (at > this.evaluatedAt) this.evaluatedAt = at;
    if (!eventMatches(c, view)) return false;
    if (c.rule.ruleType === 'pattern') {
      if (sink) this.trigger(sink, '', at, { id: ev.id, receivedAt: at, ts: ev.ts, sourceId: ev.sourceId });
      return true;
    }
    const group = groupKeyOf(c, view);
    let w = group === '' ? this.ungrouped : this.windows.get(group);
    if (!w) {
      w = new ThresholdWindow(c.rule.thresholdCount, c.windowMs);
      this.windows.set(group, w);
      if (group === '') this.ungrouped = w;
    }
    const hit = w.push(ev.id, at, ev.ts, ev.sourceId, this.horizon(at));
    if (sink && hit) this.trigger(sink, group, at, w);
    return true;
  }

  /**
   * The condition holds for (rule, group) at `at`: count the evidence not yet counted into the open
   * alert, or raise a new one unless the group is cooling down. Evidence: the threshold window, the
   * one matching event of a pattern, or nothing (absence).
   */
  trigger(sink: AlertSink, group: string, at: number, from: ThresholdWindow | Evidence | null, absence: AbsenceTrigger | null = null): void {
    const holder: ActiveCache =
      from instanceof ThresholdWindow ? from : group === '' && absence === null ? this : { cachedAlert: undefined, cachedVersion: -1 };
    if (holder.cachedVersion !== sink.version) {
      holder.cachedAlert = sink.active(this.c.rule.id, group);
      holder.cachedVersion = sink.version;
    }
    const active = holder.cachedAlert;
    if (active) {
      const ev = collect(from, active.lastEventId);
      if (ev.length > 0 || absence) sink.bump(this.c, active, at, ev);
      return;
    }
    const last = sink.lastFiredAt(this.c.rule.id, group);
    if (last !== undefined && at - last < this.c.cooldownMs) return;
    sink.open(this.c, group, at, collect(from, 0), absence);
  }

  /** Events received before this no longer count anywhere: window plus allowed lateness behind `now`. */
  horizon(now: number): number {
    return now - this.c.windowMs - this.c.latenessMs;
  }

  /** Threshold: does the group's window ending now (event time) still hold more than the threshold? */
  thresholdHolds(group: string, now: number): boolean {
    const w = this.windows.get(group);
    return w !== undefined && w.holdsAt(now, this.horizon(now));
  }

  /** Drop expired window entries and empty groups (bounded memory for high-cardinality groups). */
  sweep(now: number): void {
    for (const [g, w] of this.windows) {
      w.evict(this.horizon(now));
      if (w.count === 0) {
        this.windows.delete(g);
        if (w === this.ungrouped) this.ungrouped = undefined;
      }
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
