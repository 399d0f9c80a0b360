import type { SourceInfo } from '../context.ts';
import type { AlertSink, RuleRuntime } from './evaluator.ts';
import { inScope } from './rule-compile.ts';
import type { CompiledRule } from './rule-compile.ts';

/**
 * The silence allowed for one source under one absence rule, in minutes, or null when the source
 * is not monitored by it. Heartbeat and window both set: the shorter wins (seed 004). A heartbeat of
 * 0 means "monitoring off" for that source (seed 000).
 */
export function absenceWindowFor(c: CompiledRule, source: SourceInfo): number | null {
  const hb = c.rule.absenceUseSourceHeartbeat && source.heartbeatMinutes > 0 ? source.heartbeatMinutes : null;
  const w = c.rule.absenceWindowMinutes !== null && c.rule.absenceWindowMinutes > 0 ? c.rule.absenceWindowMinutes : null;
  if (hb === null) return w;
  if (w === null) return hb;
  return Math.min(hb, w);
}

/**
 * Sources an absence rule watches right now: in scope (platform membership read at evaluation time,
 * so sources linked later are covered), active, and not the built-in Watchpost source unless named
 * explicitly (it only speaks when something happens).
 */
export function absenceSources(c: CompiledRule, all: SourceInfo[]): SourceInfo[] {
  return all.filter((s) => s.active && (!s.builtIn || c.sourceIds.has(s.id)) && inScope(c, s.id, s));
}

/** Absence alerts are grouped per source: one alert per silent source. */
export function absenceGroupKey(sourceId: string): string {
  return `source:${sourceId}`;
}

/** Is this source silent for longer than the rule allows at `now`? Sources that never sent are "awaiting", not silent. */
export function isSilent(c: CompiledRule, source: SourceInfo, lastEventAt: number | null, now: number): boolean {
  const minutes = absenceWindowFor(c, source);
  if (minutes === null || lastEventAt === null) return false;
  return now - lastEventAt > minutes * 60_000;
}

/** One tick of an absence rule: raise or refresh an alert per silent source. */
export function evaluateAbsence(rt: RuleRuntime, sink: AlertSink, now: number, all: SourceInfo[], lastEventAt: (s: SourceInfo) => number | null): void {
  const c = rt.c;
  for (const s of absenceSources(c, all)) {
    const last = lastEventAt(s);
    if (!isSilent(c, s, last, now)) continue;
    const trigger = { sourceId: s.id, sourceName: s.name, lastEventAt: last!, windowMinutes: absenceWindowFor(c, s)! };
    rt.trigger(sink, absenceGroupKey(s.id), now, null, trigger);
  }
  sink.evaluated(c, now);
}

/** Auto-close test for an absence alert: does its source still count as silent? */
export function absenceHolds(
  c: CompiledRule,
  group: string,
  now: number,
  byId: (id: string) => SourceInfo | undefined,
  lastEventAt: (s: SourceInfo) => number | null,
): boolean {
  const id = group.startsWith('source:') ? group.slice(7) : group;
  const s = byId(id);
  if (!s || !absenceSources(c, [s]).length) return false;
  return isSilent(c, s, lastEventAt(s), now);
}
