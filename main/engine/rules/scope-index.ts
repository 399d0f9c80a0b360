import type { SourceDirectory } from '../context.ts';
import type { RuleRuntime } from './evaluator.ts';
import { inScope } from './rule-compile.ts';

/**
 * Which event-driven rules (active pattern and threshold rules) can apply to events of a source.
 * Resolved once per source and cached until a rule or a source/platform changes, so an event only
 * visits the rules whose scope covers it — not every rule.
 */
export class ScopeIndex {
  private cache = new Map<number, RuleRuntime[]>();
  private readonly runtimes: () => RuleRuntime[];
  private readonly sources: SourceDirectory;

  constructor(runtimes: () => RuleRuntime[], sources: SourceDirectory) {
    this.runtimes = runtimes;
    this.sources = sources;
  }

  rulesFor(sourceSeq: number, sourceId: string): RuleRuntime[] {
    const hit = this.cache.get(sourceSeq);
    if (hit) return hit;
    const source = this.sources.bySeq(sourceSeq);
    const list = this.runtimes().filter((rt) => inScope(rt.c, sourceId, source));
    if (source) this.cache.set(sourceSeq, list);
    return list;
  }

  invalidate(): void {
    this.cache.clear();
  }
}
