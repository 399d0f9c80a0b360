import { SEVERITIES } from '../../../shared/enums.ts';
import type { RulePreview } from '../../../shared/types.ts';
import { iso } from '../clock.ts';
import type { SourceDirectory, SourceInfo } from '../context.ts';
import type { Db } from '../store/db.ts';
import { lastEventBefore } from '../store/event-store/index.ts';
import { absenceHolds, absenceSources, evaluateAbsence } from './absence.ts';
import { bumpAlert, createAlert } from './alert-model.ts';
import type { AbsenceTrigger, AlertState } from './alert-model.ts';
import { firstIdReceivedSince, scanEvents } from './event-scan.ts';
import { RuleRuntime } from './evaluator.ts';
import type { AlertSink } from './evaluator.ts';
import { EventView } from './field-path.ts';
import { PlatformNames } from './platform-names.ts';
import { compileRule, inScope, needsRaw } from './rule-compile.ts';
import type { CompiledRule } from './rule-compile.ts';
import type { StoredRule } from './rule-repo.ts';
import type { RuleDefinition } from './rule-validate.ts';
import { TICK_MS } from './rules-engine.ts';
import type { Evidence } from './threshold-window.ts';

const PREVIEW_MS = 24 * 3600_000;
const MAX_FIRINGS_LISTED = 500;

/** A throwaway AlertSink: same decisions as the live one, kept in memory, nothing stored or sent. */
class MemorySink implements AlertSink {
  readonly raised: { at: number; alert: AlertState }[] = [];
  version = 0;
  private readonly live = new Map<string, AlertState>();
  private readonly fired = new Map<string, number>();

  active(_ruleId: string, groupKey: string): AlertState | undefined {
    return this.live.get(groupKey);
  }
  activeForRule(): AlertState[] {
    return [...this.live.values()];
  }
  lastFiredAt(_ruleId: string, groupKey: string): number | undefined {
    return this.fired.get(groupKey);
  }
  open(c: CompiledRule, groupKey: string, at: number, evidence: Evidence[], absence: AbsenceTrigger | null): void {
    const alert = createAlert(c.rule, groupKey, at, evidence, absence, () => undefined);
    this.live.set(groupKey, alert);
    this.version++;
    this.fired.set(groupKey, at);
    this.raised.push({ at, alert });
  }
  bump(c: CompiledRule, alert: AlertState, at: number, evidence: Evidence[]): void {
    bumpAlert(c.rule, alert, at, evidence, () => undefined);
  }
  autoResolve(_c: CompiledRule, alert: AlertState, at: number): void {
    alert.status = 'resolved';
    alert.resolvedAt = at;
    this.live.delete(alert.groupKey);
    this.version++;
  }
  evaluated(): void {}
}

/** Run virtual ticks (auto-close, absence) up to `until`, as the live engine would have. */
function tickUntil(state: { next: number }, until: number, onTick: (t: number) => void): void {
  while (state.next <= until) {
    onTick(state.next);
    state.next += TICK_MS;
  }
}

/**
 * rules.preview: replay the last 24 h of stored events, in receive order, through the same
 * RuleRuntime the live engine uses, with a throwaway state (no cooldown history, no open alerts),
 * and report how often the draft would have fired. Scope is resolved against today's sources.
 */
export function previewRule(deps: { db: Db; sources: SourceDirectory; now: number }, def: RuleDefinition): RulePreview {
  const to = deps.now;
  const from = to - PREVIEW_MS;
  const rule: StoredRule = { ...def, id: 'preview', createdAt: from, updatedAt: from, lastEvaluated: null, lastTriggered: null, triggerCount: 0 };
  const c = compileRule(rule);
  const rt = new RuleRuntime(c);
  const sink = new MemorySink();
  const all = deps.sources.all();
  const scoped = def.ruleType === 'absence' ? absenceSources(c, all) : all.filter((s) => inScope(c, s.id, s));
  const lastEvent = new Map<number, number>();
  if (def.ruleType === 'absence') {
    for (const s of scoped) {
      const t = lastEventBefore(deps.db, s.seq, from);
      if (t !== null) lastEvent.set(s.seq, t);
    }
  }
  const lastAt = (s: SourceInfo) => lastEvent.get(s.seq) ?? null;
  const existing = (t: number) => scoped.filter((s) => s.createdAt <= t);
  const onTick = (t: number) => {
    if (def.ruleType === 'absence') {
      evaluateAbsence(rt, sink, t, existing(t), lastAt);
      rt.autoClose(sink, t, (g) => absenceHolds(c, g, t, (id) => scoped.find((s) => s.id === id), lastAt));
    } else if (def.autoClose) {
      rt.autoClose(sink, t, (g) => def.ruleType === 'threshold' && rt.thresholdHolds(g, t));
    }
  };
  const ticking = def.ruleType === 'absence' || def.autoClose;
  const clock = { next: from + TICK_MS };
  let matchedEvents = 0;
  const view = new EventView();
  const platforms = new PlatformNames(deps.db);
  const fromId = firstIdReceivedSince(deps.db, from);
  if (fromId !== null) {
    const severities = def.ruleType !== 'absence' && def.severityFilter.length > 0 ? def.severityFilter.map((s) => SEVERITIES.indexOf(s)) : null;
    const events = scanEvents(deps.db, deps.sources, {
      fromId,
      sourceSeqs: scoped.map((s) => s.seq),
      severities,
      needRaw: needsRaw(c),
      untilReceivedAt: to,
    });
    for (const ev of events) {
      if (ticking) tickUntil(clock, ev.receivedAt - 1, onTick);
      if (def.ruleType === 'absence') {
        lastEvent.set(ev.sourceSeq, ev.receivedAt);
        matchedEvents++;
        continue;
      }
      const source = deps.sources.bySeq(ev.sourceSeq);
      if (rt.onEvent(view.reset(ev, source?.name ?? '', platforms.of(source)), sink)) matchedEvents++;
    }
  }
  if (ticking) tickUntil(clock, to, onTick);
  return {
    wouldFire: sink.raised.length,
    matchedEvents,
    from: iso(from),
    to: iso(to),
    firings: sink.raised
      .slice(0, MAX_FIRINGS_LISTED)
      .map((f) => ({ at: iso(f.at), eventAt: iso(f.alert.minTs ?? f.at), groupKey: f.alert.groupKey, eventCount: f.alert.eventCount, late: f.alert.late })),
    // Late as the live alert would end up: raised by late data and never joined by on-time events (never toasted).
    lateFirings: sink.raised.filter((f) => f.alert.late).length,
  };
}
