import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';
import type { SyslogIntake } from '../../../main/engine/syslog/intake.ts';

let t: TestEngine;
let intake: SyslogIntake;
beforeEach(() => {
  // Commits on the engine thread, so a batch handed to the writer is committed before the next turn
  // of the event loop: these tests count the intake's own batches. The writer thread's grouping is
  // tested in test/engine/ingest/writer-thread.test.ts; syslog over real sockets uses the thread.
  t = createTestEngine({ writerThread: false });
  intake = t.engine.syslog.createIntake();
});
afterEach(async () => {
  await intake.flushAll();
  await t.close();
});

async function source(input: Record<string, unknown> = {}): Promise<string> {
  const s = await t.call('sources.create', { name: `sys-${Math.random().toString(36).slice(2, 7)}`, type: 'syslog', ...input } as never);
  return s.id;
}
function stats(sourceId: string): { accepted: number; rejected: number; rateLimited: number } {
  return t.engine.db
    .prepare(`SELECT coalesce(sum(accepted),0) AS accepted, coalesce(sum(rejected),0) AS rejected, coalesce(sum(rate_limited),0) AS rateLimited
      FROM source_stats WHERE source_seq = (SELECT seq FROM sources WHERE id = ?)`)
    .get(sourceId) as { accepted: number; rejected: number; rateLimited: number };
}
const msg = (i: number) => Buffer.from(`<14>1 2026-01-01T00:00:00Z h app - - - message ${i}`);
const udp = { transport: 'udp' as const, peerAddress: '127.0.0.1' };

describe('syslog intake: batching, rate limit, refusals', () => {
  it('500 messages become one commit at once; the rest follow on the batch timer, without more input', async () => {
    const id = await source({ rateLimit: 100_000 });
    const commits: number[] = [];
    t.engine.bus.on('events', (e) => commits.push(e.count));
    for (let i = 0; i < 620; i++) expect(intake.offer(id, 'syslog', msg(i), udp)).toBe('queued');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(commits).toEqual([500]); // the full batch did not wait for the timer
    // The timer is 50 ms; a loaded machine may run it late, so wait for the commit (up to 5 s) instead of a fixed time.
    for (const until = Date.now() + 5000; commits.length < 2 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    expect(commits).toEqual([500, 120]);
    expect(stats(id).accepted).toBe(620);
    const page = await t.call('events.search', { q: 'action:app', from: '3650d', limit: 1 });
    expect(page.events[0]).toMatchObject({ sourceId: id, action: 'app', host: 'h' });
  });

  it('UDP-style offers over the rate limit are dropped and counted; TCP-style ones are told to wait', async () => {
    const id = await source({ rateLimit: 1 }); // bucket capacity is one full batch: 500
    const results = Array.from({ length: 510 }, (_, i) => intake.offer(id, 'syslog', msg(i), udp));
    expect(results.filter((r) => r === 'queued')).toHaveLength(500);
    expect(results.filter((r) => r === 'rate_limited')).toHaveLength(10);
    const wait = intake.offer(id, 'syslog', msg(0), { transport: 'tcp' }, true);
    expect(wait).toEqual({ wait: 1000 });
    await intake.flushAll();
    expect(stats(id)).toEqual({ accepted: 500, rejected: 0, rateLimited: 10 });
    const health = await t.call('health.sources', {});
    expect(health.items.find((h) => h.sourceId === id)).toMatchObject({ events24h: 500, rateLimited24h: 10, rejected24h: 0 });
  });

  it('binary and oversized messages are counted as rejected, never stored', async () => {
    const id = await source();
    expect(intake.offer(id, 'syslog', Buffer.from([0x3c, 0x31, 0x3e, 0x00, 0x01, 0x02]), udp)).toBe('rejected');
    expect(intake.offer(id, 'syslog', Buffer.alloc(100 * 1024 + 1, 0x61), udp)).toBe('rejected');
    intake.reject(id, 2); // e.g. oversized / truncated TCP frames the framer refused
    expect(intake.offer(id, 'syslog', Buffer.from('not syslog at all'), udp)).toBe('queued'); // unparseable text is still stored
    await intake.flushAll();
    expect(stats(id)).toEqual({ accepted: 1, rejected: 4, rateLimited: 0 });
    const page = await t.call('events.search', { q: 'raw.parseError:*', from: '3650d' });
    expect(page.events.map((e) => e.message)).toEqual(['not syslog at all']);
  });

  it('an inactive source takes nothing; deactivating drops what is still batched', async () => {
    const off = await source({ active: false });
    expect(intake.offer(off, 'syslog', msg(1), udp)).toBe('inactive');
    const id = await source();
    expect(intake.offer(id, 'syslog', msg(2), udp)).toBe('queued');
    await t.call('sources.update', { id, active: false } as never);
    await intake.flushAll();
    expect(stats(id).accepted).toBe(0);
    expect(stats(off).accepted).toBe(0);
  });
});
