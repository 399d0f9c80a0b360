/**
 * A real engine (temp dir, real SQLite, manual clock) with two platforms, three sources and a
 * reproducible random mix of events over the last 48 h, for the dashboards tests. `count` pages
 * through the ordinary Log Viewer search: the number an analyst would see after drilling down.
 */
import { ManualClock } from '../../../main/engine/clock.ts';
import type { Drilldown } from '../../../shared/types.ts';
import { createTestEngine } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

export const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
export const HOUR = 3_600_000;

export const HOSTS = ['web-1', 'Web-1', 'db 2', 'api-3', 'edge:4'] as const;
export const USERS = ['alice', 'bob', 'carol', null] as const;
export const SEVERITY_NAMES = ['debug', 'info', 'notice', 'warn', 'error', 'critical'] as const;
export const TAGS = ['pci', 'edge', 'batch'] as const;

export const SOURCE_NAMES = ['Auth Service', 'Edge Firewall', 'Staging App'] as const;

export interface SeedEvent {
  /** 0–2: the fixture's sources; 3: the built-in Watchpost source (its own security events). */
  sourceIndex: number;
  timestamp: number;
  severity: (typeof SEVERITY_NAMES)[number];
  host: string | null;
  user: string | null;
  category: string;
  outcome: string;
  tags: string[];
  status: number | null;
}

export interface DashFixture {
  t: TestEngine;
  clock: ManualClock;
  platformIds: string[];
  /** Sources 0 and 1 on platform 0 ("Production"), source 2 on platform 1 ("Staging"). */
  sourceIds: string[];
  events: SeedEvent[];
  count(d: Drilldown): Promise<number>;
  close(): Promise<void>;
}

/** Small deterministic generator (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedEvents(n: number, seed = 7): SeedEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: n }, () => ({
    sourceIndex: Math.floor(r() * 3),
    timestamp: NOW - Math.floor(r() * 48 * HOUR),
    severity: pick(SEVERITY_NAMES),
    host: r() < 0.1 ? null : pick(HOSTS),
    user: pick(USERS),
    category: pick(['auth', 'network', 'app'] as const),
    outcome: pick(['success', 'failure'] as const),
    tags: TAGS.filter(() => r() < 0.3),
    status: pick([200, 404, 500]),
  }));
}

/** The envelope fields a generated event and a stored one have in common. */
function envelopeOf<E extends Pick<SeedEvent, 'severity' | 'host' | 'user' | 'category' | 'outcome' | 'tags'>>(e: E) {
  return { severity: e.severity, host: e.host, user: e.user, category: e.category, outcome: e.outcome, tags: e.tags };
}

export async function dashFixture(opts: { events?: number } = {}): Promise<DashFixture> {
  const clock = new ManualClock(NOW);
  const t = createTestEngine({ clock, searchWorkers: 0 });
  const platformIds = [(await t.call('platforms.create', { name: 'Production' })).id, (await t.call('platforms.create', { name: 'Staging' })).id];
  const sourceIds: string[] = [];
  for (const [i, name] of SOURCE_NAMES.entries()) {
    sourceIds.push((await t.call('sources.create', { name, rateLimit: 100_000, platformId: platformIds[i < 2 ? 0 : 1] })).id);
  }
  const events = seedEvents(opts.events ?? 0);
  for (let s = 0; s < 3; s++) {
    const objects = events
      .filter((e) => e.sourceIndex === s)
      .map((e) => ({ ...envelopeOf(e), timestamp: new Date(e.timestamp).toISOString(), message: `status ${e.status}`, status: e.status }));
    if (objects.length > 0) await t.engine.ingest.submit(sourceIds[s]!, objects, NOW);
  }
  // Creating platforms and sources records Watchpost's own security events: the oracle sees them too.
  const own = await t.call('events.search', { q: 'source:=Watchpost', from: '48h', limit: 1000 });
  for (const e of own.events) {
    events.push({ ...envelopeOf(e), sourceIndex: 3, timestamp: Date.parse(e.timestamp), status: null });
  }
  return {
    t,
    clock,
    platformIds,
    sourceIds,
    events,
    async count(d) {
      let n = 0;
      let cursor: string | undefined;
      do {
        const page = await t.call('events.search', { q: d.q, from: d.from, to: d.to, limit: 1000, ...(cursor ? { cursor } : {}) });
        n += page.events.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return n;
    },
    close: () => t.close(),
  };
}
