import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { ManualClock } from '../../../main/engine/clock.ts';
import { createTestEngine } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

let t: TestEngine;
beforeEach(() => {
  t = createTestEngine({ searchWorkers: 0, clock: new ManualClock(Date.now()) }); // no refill while the test offers
});
afterEach(async () => {
  await t.close();
});

const gelf = (msg: string, extra: Record<string, unknown> = {}) => Buffer.from(JSON.stringify({ version: '1.1', host: 'h', short_message: msg, ...extra }));

describe('GELF socket intake (batching, rate limit, refusals)', () => {
  it('stores good messages in one batch, counts bad ones as rejected and over-limit UDP ones as rate-limited', async () => {
    const src = await t.call('sources.create', { name: 'gelf-src', type: 'gelf', rateLimit: 1 });
    const intake = t.engine.domains.ingest.intake.createGelfIntake();
    const results = Array.from({ length: 500 }, (_, i) => intake.offer(src.id, i % 2 ? deflateSync(gelf(`gi-${i}`)) : gelf(`gi-${i}`)));
    expect(new Set(results)).toEqual(new Set(['queued']));
    expect(intake.offer(src.id, gelf('gi-over'))).toBe('rate_limited'); // the bucket (capacity 500) is empty: UDP drops
    expect(intake.offer(src.id, gelf('gi-over-tcp'), 'tcp')).toEqual({ wait: 1000 }); // TCP is told to wait instead
    expect(intake.offer(src.id, Buffer.from('{"host":"h"}'))).toBe('rejected');
    expect(intake.offer(src.id, Buffer.from([0x78, 0x9c, 1, 2, 3]))).toBe('rejected');
    await intake.flushAll();
    const page = await t.call('events.search', { q: 'gi-', from: '3650d', limit: 1000 });
    expect(page.events).toHaveLength(500);
    const [row] = (await t.call('health.sources', {})).items.filter((r) => r.sourceId === src.id);
    expect(row).toMatchObject({ rejected24h: 2, rateLimited24h: 1, events1h: 500 });
  });

  it('an inactive source takes nothing', async () => {
    const src = await t.call('sources.create', { name: 'gelf-off', type: 'gelf', active: false });
    const intake = t.engine.domains.ingest.intake.createGelfIntake();
    expect(intake.offer(src.id, gelf('gi-inactive'))).toBe('inactive');
    await intake.flushAll();
    expect((await t.call('events.search', { q: 'gi-inactive', from: '3650d' })).events).toHaveLength(0);
  });
});
