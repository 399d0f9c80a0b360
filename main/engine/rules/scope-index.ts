import { SEVERITIES } from '../../../shared/enums.ts';
import type { Severity } from '../../../shared/enums.ts';
import type { SourceDirectory } from '../context.ts';
import type { RuleRuntime } from './evaluator.ts';
import type { EventView, FieldPath } from './field-path.ts';
import { inScope, severityBit } from './rule-compile.ts';

const SEVERITY_INDEX = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

/** Rules that test the same field for the same substring, visited only when the event's field contains it. */
interface NeedleGroup {
  needle: string;
  testId: number;
  rules: RuleRuntime[];
}

/**
 * The event-driven rules (active pattern and threshold rules) that can apply to one (source,
 * severity): `always` is visited for every event (unfiltered thresholds, regex tests), `bySlot` only
 * where a substring test passes — one `includes` per distinct (field, needle), whatever the number
 * of rules sharing it, and no visit at all for rules whose needle is absent.
 */
export interface Dispatch {
  all: RuleRuntime[];
  always: RuleRuntime[];
  bySlot: { path: FieldPath; groups: NeedleGroup[] }[];
  /** Newest receive time dispatched in the current batch (lastEvaluated of every rule in `all`). */
  seenAt: number;
}

function build(rules: RuleRuntime[]): Dispatch {
  const d: Dispatch = { all: rules, always: [], bySlot: [], seenAt: 0 };
  for (const rt of rules) {
    const t = rt.c.test;
    if (!t || t.matcher.kind !== 'substring') {
      d.always.push(rt);
      continue;
    }
    let slot = d.bySlot.find((s) => s.path.slot === t.path.slot);
    if (!slot) d.bySlot.push((slot = { path: t.path, groups: [] }));
    let g = slot.groups.find((x) => x.testId === t.id);
    if (!g) slot.groups.push((g = { needle: t.matcher.needle, testId: t.id, rules: [] }));
    g.rules.push(rt);
  }
  return d;
}

/** Feed one event through a dispatch (rules see their events in receive order, as each is fed in turn). */
export function dispatchEvent(d: Dispatch, view: EventView, feed: (rt: RuleRuntime) => void): void {
  for (let i = 0; i < d.always.length; i++) feed(d.always[i]!);
  for (let s = 0; s < d.bySlot.length; s++) {
    const slot = d.bySlot[s]!;
    const v = view.lowered(slot.path);
    if (v === null) continue;
    for (let g = 0; g < slot.groups.length; g++) {
      const group = slot.groups[g]!;
      let hit = false;
      if (typeof v === 'string') hit = v.includes(group.needle);
      else for (let k = 0; k < v.length && !hit; k++) hit = v[k]!.includes(group.needle);
      view.setTestResult(group.testId, hit);
      if (hit) for (let r = 0; r < group.rules.length; r++) feed(group.rules[r]!);
    }
  }
}

/**
 * Which rules can apply to events of a source at a severity, resolved once per (source, severity)
 * and cached until a rule or a source/platform changes: an event only visits the rules whose scope
 * and severity filter cover it, and of those only the ones whose substring test it passes.
 */
export class ScopeIndex {
  private cache = new Map<number, Dispatch>();
  private readonly runtimes: () => RuleRuntime[];
  private readonly sources: SourceDirectory;

  constructor(runtimes: () => RuleRuntime[], sources: SourceDirectory) {
    this.runtimes = runtimes;
    this.sources = sources;
  }

  dispatchFor(sourceSeq: number, sourceId: string, severity: Severity): Dispatch {
    const key = sourceSeq * 8 + SEVERITY_INDEX[severity];
    const hit = this.cache.get(key);
    if (hit) return hit;
    const source = this.sources.bySeq(sourceSeq);
    const bit = severityBit(severity);
    const d = build(this.runtimes().filter((rt) => (rt.c.severityMask & bit) !== 0 && inScope(rt.c, sourceId, source)));
    if (source) this.cache.set(key, d);
    return d;
  }

  invalidate(): void {
    this.cache.clear();
  }
}
