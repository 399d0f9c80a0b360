/**
 * A real engine (temp dir, real SQLite) on a ManualClock with the pull domain built from its core,
 * HTTP waits recorded instead of slept, and helpers to create pull sources, poll and read back
 * what was stored. Tests read as specs over fake providers on 127.0.0.1.
 */
import { ManualClock } from '../../../main/engine/clock.ts';
import { createPullDomain } from '../../../main/engine/pull/index.ts';
import type { PullDomain, PullDomainOptions } from '../../../main/engine/pull/index.ts';
import type { LogSourceInput, SecurityEvent, WatchpostEvent } from '../../../shared/types.ts';
import { createTestEngine, tempDir } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

export const MINUTE = 60_000;

export interface PullHarness {
  t: TestEngine;
  clock: ManualClock;
  pull: PullDomain;
  /** Delays the HTTP client asked to wait (instead of sleeping). */
  waits: number[];
  security: SecurityEvent[];
  source(input: Partial<LogSourceInput> & Pick<LogSourceInput, 'type' | 'credentials' | 'sources'>): Promise<string>;
  /** Every stored event of a source, oldest first. */
  events(sourceId: string): Promise<WatchpostEvent[]>;
  close(): Promise<void>;
}

export async function pullHarness(opts: { dataDir?: string; clock?: ManualClock; domain?: PullDomainOptions } = {}): Promise<PullHarness> {
  const clock = opts.clock ?? new ManualClock('2026-11-29T12:00:00Z');
  const t = createTestEngine({ dataDir: opts.dataDir ?? tempDir('wp-pull-'), clock, searchWorkers: 0 });
  const waits: number[] = [];
  const pull = createPullDomain(t.engine.context, { http: { sleep: async (ms) => void waits.push(ms), random: () => 0.5, baseDelayMs: 50 }, ...opts.domain });
  const security: SecurityEvent[] = [];
  t.engine.bus.on('security', (e) => security.push(e));
  return {
    t,
    clock,
    pull,
    waits,
    security,
    async source(input) {
      return (await t.call('sources.create', { name: `${input.type} source`, ...input })).id;
    },
    async events(sourceId) {
      const out: WatchpostEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.call('events.search', {
          q: `source:"${sourceId}"`,
          from: '2000-01-01T00:00:00Z',
          to: '2100-01-01T00:00:00Z',
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        out.push(...page.events);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return out.filter((e) => e.sourceId === sourceId).reverse();
    },
    async close() {
      await pull.stop();
      await t.close();
    },
  };
}
