import { describe, expect, it } from 'vitest';
import { applyRetention, usedBytes } from '../../../main/engine/store/retention.ts';
import { normalizeEvent } from '../../../main/engine/ingest/envelope.ts';
import { ManualClock } from '../../../main/engine/clock.ts';
import { createTestEngine } from '../../helpers/test-engine.ts';

const DAY = 86_400_000;

async function engineWithEvents(clock: ManualClock, ages: number[], pad = 0) {
  const t = createTestEngine({ clock, searchWorkers: 0 });
  const src = await t.call('sources.create', { name: 'old-and-new', rateLimit: 100_000 });
  const info = t.engine.context.sources.byId(src.id)!;
  const now = clock.now();
  const events = ages.map((age, i) => normalizeEvent({ message: `age-${age}-${i}`, pad: 'p'.repeat(pad) }, null, now - age * DAY));
  t.engine.context.writer.writeNow({ source: info, events, receivedAt: now, rejected: 0 });
  return t;
}
const count = (t: { engine: { db: { prepare(sql: string): { get(): unknown } } } }, sql = 'SELECT count(*) AS n FROM events WHERE source_seq > 1') =>
  (t.engine.db.prepare(sql).get() as { n: number }).n;

describe('retention', () => {
  it('by age: drops events older than maxAgeDays by event time, keeps newer ones and alerts', async () => {
    const clock = new ManualClock();
    const t = await engineWithEvents(clock, [40, 31, 29, 1, 0]);
    const rule = await t.call('rules.create', { name: 'keep me', severity: 'warn', ruleType: 'pattern', patternField: 'message', patternValue: 'age-' });
    await t.engine.ingest.submit(t.engine.context.sources.all().find((s) => s.name === 'old-and-new')!.id, [{ message: 'age-now fires the rule' }]);
    const alertsBefore = (await t.call('alerts.list', {})).items.length;
    expect(alertsBefore).toBeGreaterThan(0);
    const deleted = await applyRetention(t.engine.db, clock, { maxAgeDays: 30, maxSizeGb: 0 });
    expect(deleted).toBe(2);
    const left = (await t.call('events.search', { q: 'source:old-and-new', from: '3650d' })).events.map((e) => e.message).sort();
    expect(left).toEqual(['age-0-4', 'age-1-3', 'age-29-2', 'age-now fires the rule']);
    expect((await t.call('alerts.list', {})).items.length).toBe(alertsBefore);
    expect((await t.call('rules.get', { id: rule.id })).name).toBe('keep me');
    await t.close();
  });

  it('by size: drops the oldest events first until the store is under the cap, and trims the minute summary', async () => {
    const clock = new ManualClock();
    const ages = Array.from({ length: 2000 }, (_, i) => (2000 - i) / 100); // oldest first, 20 days → 0
    const t = await engineWithEvents(clock, ages, 2000);
    const before = usedBytes(t.engine.db);
    const capGb = (before * 0.5) / 1024 ** 3;
    const deleted = await applyRetention(t.engine.db, clock, { maxAgeDays: 0, maxSizeGb: capGb });
    expect(deleted).toBeGreaterThan(0);
    expect(deleted).toBeLessThan(ages.length);
    expect(usedBytes(t.engine.db)).toBeLessThanOrEqual(capGb * 1024 ** 3);
    const oldestLeft = (t.engine.db.prepare('SELECT min(ts) AS t FROM events WHERE source_seq > 1').get() as { t: number }).t;
    const userDeleted = ages.length - count(t); // the built-in source's own events go too
    expect(userDeleted).toBeGreaterThan(0);
    const newestGone = clock.now() - ages[userDeleted - 1]! * DAY;
    expect(oldestLeft).toBeGreaterThan(newestGone);
    const staleMinutes = (
      t.engine.db.prepare('SELECT count(*) AS n FROM event_counts WHERE minute < ?').get(Math.floor(oldestLeft / 60_000) * 60_000) as { n: number }
    ).n;
    expect(staleMinutes).toBe(0);
    await t.close();
  });

  it('a zero policy keeps everything', async () => {
    const clock = new ManualClock();
    const t = await engineWithEvents(clock, [400, 1]);
    expect(await applyRetention(t.engine.db, clock, { maxAgeDays: 0, maxSizeGb: 0 })).toBe(0);
    expect(count(t)).toBe(2);
    await t.close();
  });
});
