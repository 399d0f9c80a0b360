import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { ManualClock } from '../../../main/engine/clock.ts';
import type { CommittedEvent } from '../../../main/engine/bus.ts';
import type { SourceInfo } from '../../../main/engine/context.ts';
import { normalizeEvent } from '../../../main/engine/ingest/envelope.ts';
import { PullStore } from '../../../main/engine/pull/checkpoint-store.ts';
import { newEventRow } from '../../../main/engine/ingest/writer.ts';
import { openEventSink } from '../../../main/engine/store/event-store/index.ts';
import type { SqlStep, WriteBatch } from '../../../main/engine/store/event-store/index.ts';
import { createTestEngine, tempDir } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

const open: TestEngine[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function engineWithSource(opts: Parameters<typeof createTestEngine>[0] = {}): Promise<{ t: TestEngine; source: SourceInfo; key: string }> {
  const t = createTestEngine({ searchWorkers: 0, ...opts });
  open.push(t);
  const src = await t.call('sources.create', { name: 'writer-thread', rateLimit: 100_000 });
  const { key } = await t.call('sources.generateKey', { id: src.id });
  return { t, source: t.engine.context.sources.byId(src.id)!, key };
}

const ndjson = (tag: string, n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ message: `${tag} event ${i}`, tag, i })).join('\n');
const events = (tag: string, n: number, now: number) => Array.from({ length: n }, (_, i) => normalizeEvent({ message: `${tag}-${i}`, tag }, null, now));

/** Rows of `tag` seen by a separate connection: what a crash right now would keep. */
function durableCount(dataDir: string, tag: string): number {
  const db = new Database(join(dataDir, 'watchpost.db'), { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM events WHERE json_extract(raw, '$.tag') = ?").get(tag) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('event writer thread', () => {
  it('answers each concurrent request only once its events are committed, and announces ids in ascending order', async () => {
    const { t, source, key } = await engineWithSource();
    expect(t.engine.context.writer.where).toBe('worker');
    const announced: number[] = [];
    t.engine.bus.on('committed', (evs: CommittedEvent[]) => announced.push(...evs.map((e) => e.id)));
    const durableAtAck: number[] = [];
    const requests = Array.from({ length: 8 }, (_, r) =>
      t.engine.ingest
        .handle({ key, contentType: 'application/x-ndjson', contentEncoding: undefined, body: Buffer.from(ndjson(`req${r}`, 200)) })
        .then((res) => {
          expect(res.status).toBe(200);
          durableAtAck.push(durableCount(t.dataDir, `req${r}`));
        }),
    );
    // A synchronous write in between (what the security recorder does) waits for the thread too.
    const now = t.engine.clock.now();
    const sync = t.engine.context.writer.writeNow({ source, events: events('sync', 3, now), receivedAt: now, rejected: 0 });
    expect(durableCount(t.dataDir, 'sync')).toBe(3);
    await Promise.all(requests);
    expect(durableAtAck).toEqual(Array(8).fill(200));
    expect(announced).toHaveLength(8 * 200 + 3);
    expect(announced.every((id, i) => i === 0 || id > announced[i - 1]!)).toBe(true);
    expect(announced).toEqual(expect.arrayContaining(sync));
    const stored = (t.engine.db.prepare('SELECT id FROM events WHERE source_seq = ? ORDER BY id').all(source.seq) as { id: number }[]).map((r) => r.id);
    expect(stored).toEqual([...announced].sort((a, b) => a - b));
  });

  it('commits a pull checkpoint with its events, and a failing step rolls the events back', async () => {
    const { t, source } = await engineWithSource();
    const store = new PullStore(t.engine.db);
    const now = t.engine.clock.now();
    const steps = store.progressSteps(source.seq, 'feed', 5_000, [{ key: 'entry-1', at: 4_000 }], 0, now);
    await t.engine.context.writer.write({ source, events: events('pulled', 2, now), receivedAt: now, rejected: 0, steps });
    expect(store.cursor(source.seq, 'feed')).toBe(5_000);
    expect(durableCount(t.dataDir, 'pulled')).toBe(2);

    const bad = [{ sql: 'INSERT INTO no_such_table (x) VALUES (?)', params: [1] }];
    await expect(t.engine.context.writer.write({ source, events: events('rolled-back', 2, now), receivedAt: now, rejected: 0, steps: bad })).rejects.toThrow(
      /no_such_table/,
    );
    expect(durableCount(t.dataDir, 'rolled-back')).toBe(0);
    // The thread keeps serving after a failed commit.
    await t.engine.context.writer.write({ source, events: events('after', 1, now), receivedAt: now, rejected: 0 });
    expect(durableCount(t.dataDir, 'after')).toBe(1);
  });

  it.each([true, false])(
    'group commit (writerThread %s): concurrent requests share a transaction, ids per batch in order, a failing one fails alone',
    async (thread) => {
      const { t, source } = await engineWithSource({ writerThread: thread });
      const now = t.engine.clock.now();
      const bad = [{ sql: 'INSERT INTO no_such_table (x) VALUES (?)', params: [1] }];
      const sizes = [3, 50, 1, 20, 7, 40];
      const writes = sizes.map((n, i) =>
        t.engine.context.writer.write({ source, events: events(`g${i}`, n, now), receivedAt: now, rejected: 0, ...(i === 2 || i === 4 ? { steps: bad } : {}) }),
      );
      const settled = await Promise.allSettled(writes);
      const ok: number[][] = [];
      settled.forEach((s, i) => {
        if (i === 2 || i === 4) {
          expect(s.status).toBe('rejected');
          expect(String((s as PromiseRejectedResult).reason)).toMatch(/no_such_table/);
          expect(durableCount(t.dataDir, `g${i}`)).toBe(0);
        } else {
          expect(s.status).toBe('fulfilled');
          const ids = (s as PromiseFulfilledResult<number[]>).value;
          expect(ids).toHaveLength(sizes[i]!);
          const stored = t.engine.db.prepare("SELECT id FROM events WHERE json_extract(raw, '$.tag') = ? ORDER BY id").all(`g${i}`) as { id: number }[];
          expect(stored.map((r) => r.id)).toEqual(ids);
          ok.push(ids);
        }
      });
      const all = ok.flat();
      expect(all.every((id, i) => i === 0 || id > all[i - 1]!)).toBe(true);
    },
  );

  it('the writer thread merges requests waiting on its port into one commit, answering each with its own outcome', async () => {
    const { t, source } = await engineWithSource();
    const sink = openEventSink(t.engine.db, { preferThread: true, synchronous: 'normal' });
    try {
      expect(sink.where).toBe('worker');
      const now = t.engine.clock.now();
      const batch = (tag: string, n: number, steps?: SqlStep[]): WriteBatch => ({
        sourceSeq: source.seq,
        receivedAt: now,
        rejected: 0,
        touch: false,
        rows: events(tag, n, now).map(newEventRow),
        ...(steps ? { steps } : {}),
      });
      const bad = [{ sql: 'INSERT INTO no_such_table (x) VALUES (?)', params: [1] }];
      const replies: (number[] | Error)[][] = [];
      const done = new Promise<void>((res) => {
        const reqs = [[batch('m0', 5)], [batch('m1', 2), batch('m2', 4, bad), batch('m3', 1)], [batch('m4', 30)], [batch('m5', 3, bad)], [batch('m6', 2)]];
        reqs.forEach((r, i) =>
          sink.send(r, (out) => {
            replies[i] = out;
            if (replies.filter(Boolean).length === reqs.length) res();
          }),
        );
      });
      // A blocking write behind them waits for all of them and gets the next ids.
      const sync = sink.commitSync(batch('m7', 2));
      await done;
      const flat = replies.flat();
      expect(flat.map((r) => (r instanceof Error ? 'error' : r.length))).toEqual([5, 2, 'error', 1, 30, 'error', 2]);
      expect(String(flat[2])).toMatch(/no_such_table/);
      const ids = [...flat.filter((r): r is number[] => !(r instanceof Error)).flat(), ...sync];
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
      for (const [tag, n] of [
        ['m0', 5],
        ['m1', 2],
        ['m2', 0],
        ['m3', 1],
        ['m4', 30],
        ['m5', 0],
        ['m6', 2],
        ['m7', 2],
      ] as const)
        expect(durableCount(t.dataDir, tag)).toBe(n);
    } finally {
      await sink.close();
    }
  });

  it('engine close commits every write still queued or in flight, then the thread ends with its connection closed', async () => {
    const dataDir = tempDir();
    const { t, source } = await engineWithSource({ dataDir });
    const now = t.engine.clock.now();
    const writes = Array.from({ length: 10 }, (_, i) =>
      t.engine.context.writer.write({ source, events: events(`late${i}`, 50, now), receivedAt: now, rejected: 0 }),
    );
    await t.close();
    const ids = await Promise.all(writes);
    expect(ids.flat()).toHaveLength(500);
    for (let i = 0; i < 10; i++) expect(durableCount(dataDir, `late${i}`)).toBe(50);
    const db = new Database(join(dataDir, 'watchpost.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('without the thread (writerThread: false) a full disk still answers 503 with nothing stored', async () => {
    const { t, key } = await engineWithSource({ writerThread: false });
    expect(t.engine.context.writer.where).toBe('thread');
    const db = t.engine.db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    try {
      const body = Buffer.from(Array.from({ length: 300 }, (_, i) => JSON.stringify({ tag: 'full', i, pad: 'x'.repeat(1500) })).join('\n'));
      const r = await t.engine.ingest.handle({ key, contentType: 'application/x-ndjson', contentEncoding: undefined, body });
      expect(r.status).toBe(503);
      expect(r.retryAfterSec).toBeGreaterThan(0);
    } finally {
      db.pragma('max_page_count = 4294967294');
    }
    expect(durableCount(t.dataDir, 'full')).toBe(0);
  });

  it('stores exactly what the in-thread writer stores: same ids, rows, per-minute counts and source stats (random batches)', async () => {
    // Rounds of synchronous writes then concurrent async writes: the commit order is the same on both paths.
    const round = fc.record({
      now: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 2 }),
      later: fc.array(fc.record({ n: fc.integer({ min: 0, max: 40 }), rejected: fc.integer({ min: 0, max: 3 }) }), { maxLength: 5 }),
      advanceMs: fc.integer({ min: 0, max: 400_000 }),
    });
    const event = fc.record({
      message: fc.string({ maxLength: 30 }),
      severity: fc.constantFrom('debug', 'info', 'warn', 'error', 'critical', 'bogus'),
      ageMs: fc.integer({ min: 0, max: 3 * 3_600_000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(round, { minLength: 1, maxLength: 4 }), fc.array(event, { minLength: 1, maxLength: 20 }), async (rounds, pool) => {
        const dump = async (thread: boolean) => {
          const clock = new ManualClock();
          const { t, source } = await engineWithSource({ writerThread: thread, clock });
          expect(t.engine.context.writer.where).toBe(thread ? 'worker' : 'thread');
          let k = 0;
          const make = (n: number) =>
            Array.from({ length: n }, () => {
              const e = pool[k++ % pool.length]!;
              const now = clock.now();
              return normalizeEvent({ message: e.message, severity: e.severity, timestamp: new Date(now - e.ageMs).toISOString(), k }, null, now);
            });
          for (const r of rounds) {
            for (const n of r.now) t.engine.context.writer.writeNow({ source, events: make(n), receivedAt: clock.now(), rejected: 0 });
            await Promise.all(r.later.map((b) => t.engine.context.writer.write({ source, events: make(b.n), receivedAt: clock.now(), rejected: b.rejected })));
            clock.advance(r.advanceMs);
          }
          const db = t.engine.db;
          const out = {
            events: db.prepare('SELECT * FROM events WHERE source_seq = ? ORDER BY id').all(source.seq),
            counts: db.prepare('SELECT * FROM event_counts WHERE source_seq = ? ORDER BY minute, severity').all(source.seq),
            stats: db.prepare('SELECT * FROM source_stats WHERE source_seq = ? ORDER BY bucket').all(source.seq),
            lastUsed: db.prepare('SELECT last_used_at FROM sources WHERE seq = ?').get(source.seq),
          };
          await t.close();
          open.splice(open.indexOf(t), 1);
          return out;
        };
        expect(await dump(true)).toEqual(await dump(false));
      }),
      { numRuns: 6 },
    );
  }, 120_000);
});
