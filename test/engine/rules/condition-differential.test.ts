/**
 * A rule condition is evaluated in JS per event; the Log Viewer runs the same query as SQL. On random
 * events and random queries both must select the same events (the oracle is the real search).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommittedEvent } from '../../../main/engine/bus.ts';
import { compileCondition, conditionMatches } from '../../../main/engine/rules/condition.ts';
import { EventView } from '../../../main/engine/rules/field-path.ts';
import type { WatchpostEvent } from '../../../shared/types.ts';
import { rulesHarness } from './rules-harness.ts';
import type { RulesHarness } from './rules-harness.ts';

let h: RulesHarness;
let stored: WatchpostEvent[] = [];
const platform = { id: '', name: 'prod' };

const words = ['Alpha', 'beta', 'web-1', 'web-2', 'root', 'café', 'x y'];
const eventArb = fc.record(
  {
    host: fc.constantFrom(...words),
    user: fc.constantFrom('root', 'Admin', 'guest'),
    action: fc.constantFrom('login', 'logout'),
    message: fc.constantFrom('Failed password for root', 'accepted key', 'GET /api/v1 500', 'café au lait'),
    severity: fc.constantFrom('info', 'warn', 'error'),
    outcome: fc.constantFrom('success', 'failure'),
    tags: fc.array(fc.constantFrom('ssh', 'prod', 'Edge'), { maxLength: 2 }),
    status: fc.constantFrom(200, 404, 500, 503, '500', true, null),
    req: fc.record({ path: fc.constantFrom('/admin', '/login', '/api/v1'), ids: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }) }),
    items: fc.array(fc.record({ name: fc.constantFrom('a', 'B', 'web') }), { maxLength: 2 }),
  },
  { requiredKeys: ['message', 'severity'] },
);

const termArb = fc.constantFrom(
  'root',
  'ROOT',
  'web',
  'café',
  '"x y"',
  'alpha',
  'api',
  'ssh',
  'lait',
  '500',
  'admin',
  'name',
  'auth',
  'prod',
  'host:web',
  'host:web-*',
  'host:=web-1',
  'host:*',
  'user:=Admin',
  'user:admin',
  'message:password',
  'message:*',
  'tag:ssh',
  'tag:=Edge',
  'tag:*',
  'severity:>=warn',
  'severity:info',
  'outcome:failure',
  'action:log*',
  'source:auth',
  'source:=auth',
  'platform:prod',
  'platform:*',
  'raw.status:>=500',
  'raw.status:=500',
  'raw.status:500',
  'raw.status:*',
  'raw.status:=true',
  'raw.status:=null',
  'raw.req.path:/admin',
  'raw.req.ids:=3',
  'raw.req.ids:>2',
  'raw.items.name:=web',
  'raw.items.name:b',
  'raw.missing:*',
  'raw.req:*',
);

const queryArb = fc
  .array(fc.record({ term: termArb, neg: fc.boolean(), or: fc.boolean() }), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map((p, i) => `${i > 0 && p.or ? 'OR ' : ''}${p.neg ? '-' : ''}${p.term}`).join(' '));

beforeAll(async () => {
  h = await rulesHarness();
  const src = await h.source('auth-server');
  platform.id = await h.platform('prod');
  await h.t.call('sources.update', { id: src, platformId: platform.id });
  const events = fc.sample(eventArb, { numRuns: 150, seed: 42 });
  await h.send(src, events);
  stored = (await h.t.call('events.search', { q: '', from: '24h', limit: 1000 })).events;
}, 120_000);
afterAll(async () => h?.close());

function toCommitted(e: WatchpostEvent): CommittedEvent {
  return {
    id: Number(e.id),
    sourceSeq: 0,
    sourceId: e.sourceId,
    receivedAt: Date.parse(e.receivedAt),
    ts: Date.parse(e.timestamp),
    severity: e.severity,
    category: e.category,
    outcome: e.outcome,
    host: e.host,
    user: e.user,
    action: e.action,
    message: e.message,
    tags: e.tags,
    raw: e.raw,
  };
}

describe('rule conditions match what the search finds', () => {
  it('JS evaluation equals the SQL search on random queries', async () => {
    expect(stored.length).toBeGreaterThanOrEqual(150);
    const view = new EventView();
    await fc.assert(
      fc.asyncProperty(queryArb, async (q) => {
        const c = compileCondition(q);
        if ('error' in c) throw new Error(`${q}: ${c.error}`);
        const byJs = stored
          .filter((e) => conditionMatches(c.node, view.reset(toCommitted(e), e.sourceName, e.sourceName === 'auth-server' ? platform : null)))
          .map((e) => e.id);
        const bySql = (await h.t.call('events.search', { q, from: '24h', limit: 1000 })).events.map((e) => e.id);
        expect(byJs.sort()).toEqual(bySql.sort());
      }),
      { numRuns: 300 },
    );
  }, 300_000);
});
