import type { AlertStatus } from '../../../shared/enums.ts';
import type { Alert } from '../../../shared/types.ts';
import type { EngineBus } from '../bus.ts';
import type { Clock } from '../clock.ts';
import type { Notifier } from '../context.ts';
import type { Db } from '../store/db.ts';
import { bumpAlert, createAlert, toApiAlert } from './alert-model.ts';
import type { AbsenceTrigger, AlertState } from './alert-model.ts';
import type { SourceNames } from './alert-query.ts';
import type { AlertRepo } from './alert-repo.ts';
import type { AlertSink } from './evaluator.ts';
import type { CompiledRule } from './rule-compile.ts';
import type { RuleRepo, StoredRule } from './rule-repo.ts';
import type { Evidence } from './threshold-window.ts';

/** What the live sink writes to and tells. `names` turns source ids into names for alert queries and titles. */
export interface LiveSinkDeps {
  db: Db;
  alerts: AlertRepo;
  rules: RuleRepo;
  bus: EngineBus;
  notifier: Notifier;
  clock: Clock;
  names: SourceNames;
}

/** Bumps (more events into an open alert) are written and streamed at most this often per batch flow. */
export const BUMP_FLUSH_MS = 1000;

function nested<V>(m: Map<string, Map<string, V>>, a: string): Map<string, V> {
  let inner = m.get(a);
  if (!inner) m.set(a, (inner = new Map()));
  return inner;
}

/**
 * The engine's AlertSink. Decisions are kept in memory during a batch and written in one
 * transaction by `flush()`; only then are the UI stream ('alert') and the notification fan-out
 * ('alertRaised', desktop toast) told — never about an alert that is not yet stored. New alerts and
 * status changes are written at once; bumps of open alerts (eventCount, lastSeenAt, samples) at most
 * every BUMP_FLUSH_MS and on every tick, so a noisy rule costs one UPDATE per second, not per batch.
 * Readers see bumps immediately anyway: the API serves open alerts from this in-memory copy.
 */
export class LiveAlertSink implements AlertSink {
  private readonly activeMap = new Map<string, Map<string, AlertState>>();
  /** Bumped on every change to activeMap (see AlertSink.version). */
  version = 0;
  private readonly fired = new Map<string, Map<string, number>>();
  private created: { alert: AlertState; rule: StoredRule }[] = [];
  private changed = new Set<AlertState>();
  private bumped = new Set<AlertState>();
  /** Late alerts that on-time events just joined: they get the notification they skipped. */
  private escalated = new Map<AlertState, StoredRule>();
  private autoResolved: { alert: AlertState; from: AlertStatus }[] = [];
  private bumpsToWrite: AlertState[] = [];
  private lastBumpWrite = 0;
  private groups: { ruleId: string; groupKey: string; at: number }[] = [];
  private rulesFired = new Set<StoredRule>();
  /** Rules whose lastEvaluated moved since the last status flush (written on the tick). */
  readonly evaluatedRules = new Set<StoredRule>();
  private readonly write: () => void;

  private readonly deps: LiveSinkDeps;

  constructor(deps: LiveSinkDeps) {
    this.deps = deps;
    for (const a of deps.alerts.loadActive()) if (!this.activeMap.get(a.ruleId)?.has(a.groupKey)) nested(this.activeMap, a.ruleId).set(a.groupKey, a);
    for (const g of deps.alerts.loadGroups()) nested(this.fired, g.ruleId).set(g.groupKey, g.lastFiredAt);
    this.write = deps.db.transaction(() => {
      for (const { alert } of this.created) deps.alerts.insert(alert);
      for (const a of this.changed) deps.alerts.update(a);
      for (const a of this.bumpsToWrite) deps.alerts.update(a);
      for (const g of this.groups) deps.alerts.saveGroup(g.ruleId, g.groupKey, g.at);
      for (const r of this.rulesFired) deps.rules.saveStatus(r);
    });
  }

  active(ruleId: string, groupKey: string): AlertState | undefined {
    return this.activeMap.get(ruleId)?.get(groupKey);
  }
  activeForRule(ruleId: string): AlertState[] {
    return [...(this.activeMap.get(ruleId)?.values() ?? [])];
  }
  lastFiredAt(ruleId: string, groupKey: string): number | undefined {
    return this.fired.get(ruleId)?.get(groupKey);
  }

  open(c: CompiledRule, groupKey: string, at: number, evidence: Evidence[], absence: AbsenceTrigger | null): void {
    const a = createAlert(c.rule, groupKey, at, evidence, absence, this.deps.names);
    nested(this.activeMap, c.rule.id).set(groupKey, a);
    this.version++;
    nested(this.fired, c.rule.id).set(groupKey, at);
    this.created.push({ alert: a, rule: c.rule });
    this.groups.push({ ruleId: c.rule.id, groupKey, at });
    c.rule.lastTriggered = at;
    c.rule.triggerCount++;
    c.rule.lastEvaluated = Math.max(c.rule.lastEvaluated ?? 0, at);
    this.rulesFired.add(c.rule);
  }

  bump(c: CompiledRule, alert: AlertState, at: number, evidence: Evidence[]): void {
    if (bumpAlert(c.rule, alert, at, evidence, this.deps.names)) {
      this.escalated.set(alert, c.rule);
      this.changed.add(alert);
    } else {
      this.bumped.add(alert);
    }
  }

  autoResolve(_c: CompiledRule, alert: AlertState, at: number): void {
    const from = alert.status;
    this.applyStatus(alert, 'resolved', at, 'auto');
    this.autoResolved.push({ alert, from });
  }

  evaluated(c: CompiledRule, at: number): void {
    if ((c.rule.lastEvaluated ?? 0) >= at) return;
    c.rule.lastEvaluated = at;
    this.evaluatedRules.add(c.rule);
  }

  /** Status change from the analyst (or auto-close). Keeps the (rule, group) → active alert map true. */
  applyStatus(alert: AlertState, status: AlertStatus, at: number, by: 'user' | 'auto'): void {
    const groupMap = this.activeMap.get(alert.ruleId);
    this.version++;
    if (status === 'resolved') {
      alert.resolvedAt = at;
      alert.resolvedBy = by;
      if (groupMap?.get(alert.groupKey) === alert) groupMap.delete(alert.groupKey);
    } else {
      alert.resolvedAt = null;
      alert.resolvedBy = null;
      alert.acknowledgedAt = status === 'acknowledged' ? at : null;
      // A reopened alert becomes the group's live alert again unless a newer one already is.
      if (!groupMap?.has(alert.groupKey)) nested(this.activeMap, alert.ruleId).set(alert.groupKey, alert);
    }
    alert.status = status;
    alert.statusChangedAt = at;
    this.changed.add(alert);
  }

  /** An analyst changed assignee or resolution reason: write the alert in the next flush and stream it. */
  touch(alert: AlertState): void {
    this.changed.add(alert);
  }

  /** Alerts auto-closed since the last call (the engine records their status change after the flush). */
  drainAutoResolved(): { alert: AlertState; from: AlertStatus }[] {
    const out = this.autoResolved;
    this.autoResolved = [];
    return out;
  }

  /** The in-memory copy of an active alert (so API updates and evaluation share one object). */
  cached(id: string): AlertState | undefined {
    for (const m of this.activeMap.values()) for (const a of m.values()) if (a.id === id) return a;
    return undefined;
  }

  /** Forget a deleted or redefined rule's live alerts (they stay in the table as history). */
  forgetRule(ruleId: string, keepCooldown: boolean): void {
    this.activeMap.delete(ruleId);
    this.version++;
    if (!keepCooldown) this.fired.delete(ruleId);
  }

  /**
   * Write the batch's decisions in one transaction, then announce them. `force` also writes pending
   * bumps whatever their age (tick, API, shutdown). Returns the alerts raised.
   */
  flush(force = false): Alert[] {
    const now = this.deps.clock.now();
    const writeBumps = this.bumped.size > 0 && (force || now - this.lastBumpWrite >= BUMP_FLUSH_MS);
    if (this.created.length === 0 && this.changed.size === 0 && this.groups.length === 0 && this.rulesFired.size === 0 && !writeBumps) return [];
    const created = this.created;
    const changed = this.changed;
    const createdSet = new Set(created.map((c) => c.alert));
    const bumps = writeBumps ? [...this.bumped].filter((a) => !changed.has(a) && !createdSet.has(a)) : [];
    this.bumpsToWrite = bumps;
    this.write();
    this.bumpsToWrite = [];
    if (writeBumps) {
      this.bumped = new Set();
      this.lastBumpWrite = now;
    }
    for (const a of changed) this.bumped.delete(a);
    for (const a of createdSet) this.bumped.delete(a);
    this.created = [];
    this.changed = new Set();
    this.groups = [];
    for (const r of this.rulesFired) this.evaluatedRules.delete(r);
    this.rulesFired = new Set();
    const raised: Alert[] = [];
    const { bus, notifier } = this.deps;
    const toast = (alert: AlertState, rule: StoredRule) => {
      if (rule.notifyDesktop && !alert.late)
        notifier.notify({ kind: 'alert', title: `${alert.severity.toUpperCase()}: ${rule.name}`, body: alert.title, alertId: alert.id });
    };
    for (const { alert, rule } of created) {
      changed.delete(alert);
      this.escalated.delete(alert);
      const api = toApiAlert(alert);
      raised.push(api);
      bus.emit('alert', api);
      // Late alerts are still forwarded (endpoints keep records, with late: true); only the toast is skipped.
      bus.emit('alertRaised', { alert: api, notifyDesktop: rule.notifyDesktop && !alert.late, endpointIds: [...rule.notifyEndpointIds] });
      toast(alert, rule);
    }
    for (const [alert, rule] of this.escalated) toast(alert, rule);
    this.escalated = new Map();
    for (const a of changed) bus.emit('alert', toApiAlert(a));
    for (const a of bumps) bus.emit('alert', toApiAlert(a));
    return raised;
  }
}
