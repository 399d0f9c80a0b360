import type { CommittedEvent } from '../bus.ts';
import type { DomainContext, SourceInfo } from '../context.ts';
import { absenceHolds, evaluateAbsence } from './absence.ts';
import { AlertRepo } from './alert-repo.ts';
import { recordStatusChange } from './alert-update.ts';
import { firstIdReceivedSince, scanEvents } from './event-scan.ts';
import { RuleRuntime } from './evaluator.ts';
import { EventView } from './field-path.ts';
import { LiveAlertSink } from './live-sink.ts';
import { PlatformNames } from './platform-names.ts';
import type { PlatformRef } from './platform-names.ts';
import { compileRule, inScope, needsRaw } from './rule-compile.ts';
import { RuleRepo } from './rule-repo.ts';
import type { StoredRule } from './rule-repo.ts';
import { ScopeIndex, dispatchEvent } from './scope-index.ts';
import type { Dispatch } from './scope-index.ts';

/** Absence and auto-close tick period (SPEC §6: ≤ 30 s). */
export const TICK_MS = 15_000;

/**
 * The rule evaluator: the registry of rules with their live state, fed by the 'committed' hook
 * (pattern, threshold) and by the tick (absence, auto-close, lastEvaluated flush). All rule and
 * alert writes of one batch or tick go through one LiveAlertSink transaction.
 */
export class RulesEngine {
  readonly rules: RuleRepo;
  readonly alerts: AlertRepo;
  readonly sink: LiveAlertSink;
  readonly platforms: PlatformNames;
  private readonly ctx: DomainContext;
  private readonly runtimes = new Map<string, RuleRuntime>();
  private eventRuntimes: RuleRuntime[] = [];
  private readonly scope: ScopeIndex;
  /** Newest receive time per source seq seen by this evaluator (the directory's value may lag). */
  private readonly lastEvent = new Map<number, number>();
  private busy = false;
  /** Reused for every event evaluated (see EventView.reset). */
  private readonly view = new EventView();
  private queued: CommittedEvent[][] = [];
  private readonly saveEvaluated: (rules: StoredRule[]) => void;

  constructor(ctx: DomainContext) {
    this.ctx = ctx;
    this.rules = new RuleRepo(ctx.db);
    this.platforms = new PlatformNames(ctx.db);
    this.alerts = new AlertRepo(ctx.db);
    const names = (id: string) => ctx.sources.byId(id)?.name;
    this.sink = new LiveAlertSink({ db: ctx.db, alerts: this.alerts, rules: this.rules, bus: ctx.bus, notifier: ctx.notifier, clock: ctx.clock, names });
    this.scope = new ScopeIndex(() => this.eventRuntimes, ctx.sources);
    this.saveEvaluated = ctx.db.transaction((rules: StoredRule[]) => {
      for (const r of rules) this.rules.saveStatus(r);
    });
    for (const r of this.rules.all()) this.runtimes.set(r.id, new RuleRuntime(compileRule(r)));
    this.reindex();
    this.rebuildWindows([...this.runtimes.values()]);
  }

  /** Every rule, in creation order, with lastEvaluated as of now. */
  list(): StoredRule[] {
    return [...this.runtimes.values()].map((rt) => this.current(rt));
  }
  get(id: string): StoredRule | undefined {
    const rt = this.runtimes.get(id);
    return rt ? this.current(rt) : undefined;
  }
  /** The live state of a rule (tests and diagnostics). */
  runtime(id: string): RuleRuntime | undefined {
    return this.runtimes.get(id);
  }
  private current(rt: RuleRuntime): StoredRule {
    const r = rt.c.rule;
    if (rt.evaluatedAt > (r.lastEvaluated ?? 0)) r.lastEvaluated = rt.evaluatedAt;
    return r;
  }

  /** Install a created or redefined rule: fresh compiled state, window rebuilt from stored events. */
  install(rule: StoredRule): void {
    const prev = this.runtimes.get(rule.id);
    const rt = new RuleRuntime(compileRule(rule));
    if (prev) rt.evaluatedAt = prev.evaluatedAt;
    this.runtimes.set(rule.id, rt);
    this.reindex();
    this.rebuildWindows([rt]);
  }

  uninstall(id: string): void {
    this.runtimes.delete(id);
    this.sink.forgetRule(id, false);
    this.reindex();
  }

  /** Source or platform membership changed: scope is resolved again on the next event. */
  sourcesChanged(): void {
    this.scope.invalidate();
    this.platforms.invalidate();
  }

  private reindex(): void {
    this.eventRuntimes = [...this.runtimes.values()].filter((rt) => rt.c.rule.active && rt.c.rule.ruleType !== 'absence');
    this.scope.invalidate();
  }

  /** Refill threshold windows from the events table (restart, rule edit): windows only, nothing fires. */
  private rebuildWindows(rts: RuleRuntime[]): void {
    const thresholds = rts.filter((rt) => rt.c.rule.active && rt.c.rule.ruleType === 'threshold');
    if (thresholds.length === 0) return;
    const now = this.ctx.clock.now();
    const oldest = Math.min(...thresholds.map((rt) => rt.horizon(now)));
    const fromId = firstIdReceivedSince(this.ctx.db, oldest);
    if (fromId === null) return;
    const needRaw = thresholds.some((rt) => needsRaw(rt.c));
    const view = new EventView();
    for (const ev of scanEvents(this.ctx.db, this.ctx.sources, { fromId, sourceSeqs: null, severities: null, needRaw, untilReceivedAt: now })) {
      const source = this.ctx.sources.bySeq(ev.sourceSeq);
      view.reset(ev, source?.name ?? '', this.platforms.of(source));
      for (const rt of thresholds) if (ev.receivedAt >= rt.horizon(now) && inScope(rt.c, ev.sourceId, source)) rt.onEvent(view, null);
    }
  }

  /** The 'committed' hook: evaluate pattern and threshold rules on events just made durable. */
  onCommitted(events: CommittedEvent[]): void {
    if (this.busy) {
      // An alert listener wrote events (e.g. a security event) while we were flushing: evaluate after.
      this.queued.push(events);
      return;
    }
    this.busy = true;
    try {
      let batch: CommittedEvent[] | undefined = events;
      while (batch) {
        this.evaluate(batch);
        batch = this.queued.shift();
      }
    } finally {
      this.busy = false;
    }
  }

  private evaluate(events: CommittedEvent[]): void {
    const sources = this.ctx.sources;
    let seq = -1;
    let recv = -1;
    let name = '';
    let platform: PlatformRef | null = null;
    const view = this.view;
    const sink = this.sink;
    const feed = (rt: RuleRuntime) => void rt.onEvent(view, sink);
    const touched = new Set<Dispatch>();
    for (const ev of events) {
      if (ev.sourceSeq !== seq || ev.receivedAt !== recv) {
        seq = ev.sourceSeq;
        recv = ev.receivedAt;
        const source = sources.bySeq(seq);
        name = source?.name ?? '';
        platform = this.platforms.of(source);
        if ((this.lastEvent.get(seq) ?? 0) < recv) this.lastEvent.set(seq, recv);
      }
      const d = this.scope.dispatchFor(seq, ev.sourceId, ev.severity);
      if (d.all.length === 0) continue;
      if (d.seenAt < recv) d.seenAt = recv;
      touched.add(d);
      view.reset(ev, name, platform);
      dispatchEvent(d, view, feed);
    }
    // Every rule in scope looked at these events, matching or not: that is its lastEvaluated.
    for (const d of touched) for (const rt of d.all) if (rt.evaluatedAt < d.seenAt) rt.evaluatedAt = d.seenAt;
    this.flushSink(false);
  }

  private flushSink(force: boolean): void {
    try {
      this.sink.flush(force);
    } catch (err) {
      // Kept in memory and retried on the next batch or tick (e.g. disk full).
      console.error('[watchpost] rules: could not store alerts:', err);
    }
  }

  /** Last receive time of a source, as known to the directory or seen by this evaluator. */
  lastEventAt(s: SourceInfo): number | null {
    const v = Math.max(s.lastEventAt ?? 0, this.lastEvent.get(s.seq) ?? 0);
    return v > 0 ? v : null;
  }

  /** One tick: absence rules, auto-close, window sweep, lastEvaluated flush. */
  tick(): void {
    const now = this.ctx.clock.now();
    const sources = this.ctx.sources;
    const all = sources.all();
    const lastAt = (s: SourceInfo) => this.lastEventAt(s);
    for (const rt of this.runtimes.values()) {
      const c = rt.c;
      if (!c.rule.active) continue;
      if (c.rule.ruleType === 'absence') {
        evaluateAbsence(rt, this.sink, now, all, lastAt);
        rt.autoClose(this.sink, now, (g) => absenceHolds(c, g, now, (id) => sources.byId(id), lastAt));
      } else {
        rt.autoClose(this.sink, now, (g) => c.rule.ruleType === 'threshold' && rt.thresholdHolds(g, now));
        if (c.rule.ruleType === 'threshold') rt.sweep(now);
        if (rt.evaluatedAt > (c.rule.lastEvaluated ?? 0)) this.sink.evaluated(c, rt.evaluatedAt);
      }
    }
    this.flushSink(true);
    this.flushEvaluated();
    // After the flush (never inside it): the audit record is itself an event the rules will see.
    for (const { alert, from } of this.sink.drainAutoResolved()) recordStatusChange(this.ctx.security, alert, from, 'system');
  }

  /** Shutdown: write pending alert bumps and lastEvaluated. */
  flushAll(): void {
    this.flushSink(true);
    this.flushEvaluated();
  }

  /** Persist lastEvaluated (kept in memory between ticks: writing it per batch would tax ingest). */
  flushEvaluated(): void {
    for (const rt of this.runtimes.values()) if (rt.evaluatedAt > (rt.c.rule.lastEvaluated ?? 0)) this.sink.evaluated(rt.c, rt.evaluatedAt);
    const dirty = [...this.sink.evaluatedRules].filter((r) => this.runtimes.get(r.id)?.c.rule === r);
    this.sink.evaluatedRules.clear();
    if (dirty.length > 0) this.saveEvaluated(dirty);
  }
}
