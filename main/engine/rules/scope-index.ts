import { SEVERITIES } from '../../../shared/enums.ts';
import type { Severity } from '../../../shared/enums.ts';
import type { SourceDirectory } from '../context.ts';
import type { RuleRuntime } from './evaluator.ts';
import { inScope, severityBit } from './rule-compile.ts';

const SEVERITY_INDEX = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

/**
 * Which event-driven rules (active pattern and threshold rules) can apply to events of a source at a
 * severity. Resolved once per (source, severity) and cached until a rule or a source/platform
 * changes, so an event only visits the rules whose scope and severity filter cover it.
 */
export class ScopeIndex {
  private cache = new Map<number, RuleRuntime[]>();
  private readonly runtimes: () => RuleRuntime[];
  private readonly sources: SourceDirectory;

  constructor(runtimes: () => RuleRuntime[], sources: SourceDirectory) {
    this.runtimes = runtimes;
    this.sources = sources;
  }

  rulesFor(sourceSeq: number, sourceId: string, severity: Severity): RuleRuntime[] {
    const key = sourceSeq * 8 + SEVERITY_INDEX[severity];
    const hit = this.cache.get(key);
    if (hit) return hit;
    const source = this.sources.bySeq(sourceSeq);
    const bit = severityBit(severity);
    const list = this.runtimes().filter((rt) => (rt.c.severityMask & bit) !== 0 && inScope(rt.c, sourceId, source));
    if (source) this.cache.set(key, list);
    return list;
  }

  invalidate(): void {
    this.cache.clear();
  }
}
