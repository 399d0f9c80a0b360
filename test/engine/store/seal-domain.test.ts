import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../../../main/engine/ingest/envelope.ts';
import { BLOCK_SIZE } from '../../../main/engine/store/event-store/index.ts';
import { createTestEngine } from '../../helpers/test-engine.ts';

const EVENTS = 3 * BLOCK_SIZE;

describe('background sealing in a running engine', () => {
  it('seals on its worker while the engine serves, then builds path columns and dotted runs, and every event stays searchable exactly once', async () => {
    const t = createTestEngine({ searchWorkers: 0 });
    try {
      const src = await t.call('sources.create', { name: 'sealed-src', rateLimit: 100_000 });
      const info = t.engine.context.sources.byId(src.id)!;
      const now = t.engine.clock.now();
      for (let i = 0; i < EVENTS; i += 1024) {
        const events = Array.from({ length: 1024 }, (_, k) =>
          normalizeEvent({ message: `ev ${i + k}`, user: `u${k % 5}`, request: { port: 8000 + (k % 3) } }, null, now - 60_000 + k),
        );
        t.engine.context.writer.writeNow({ source: info, events, receivedAt: now, rejected: 0 });
      }
      t.engine.start();
      const blocks = () => (t.engine.db.prepare('SELECT count(*) AS n FROM event_blocks').get() as { n: number }).n;
      for (let waited = 0; blocks() < 2 && waited < 90_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
      expect(blocks()).toBe(2); // two blocks sealed, one block's worth kept in the head
      // On Linux the sealing thread runs at nice 10, below ingest's threads (the 19th field of its stat).
      if (existsSync('/proc/thread-self')) {
        const nice = readdirSync('/proc/self/task')
          .filter((tid) => readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'event-sealer')
          .map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
        expect(nice).toEqual([10]);
      }
      const top = await t.call('events.top', { q: 'source:sealed-src', field: 'user', from: '1h' });
      expect(top.total).toBe(EVENTS);
      const perBatch = (u: number) => Array.from({ length: 1024 }, (_, k) => k).filter((k) => k % 5 === u).length;
      expect(Object.fromEntries(top.values.map((v) => [v.value, v.count]))).toEqual(
        Object.fromEntries([0, 1, 2, 3, 4].map((u) => [`u${u}`, (perBatch(u) * EVENTS) / 1024])),
      );
      // With no head left to seal, the worker builds both blocks' path columns, and a raw-path top reads them.
      const shredded = () => t.engine.db.prepare(`SELECT count(*) FROM event_block_paths WHERE path = 'request.port'`).pluck().get() as number;
      for (let waited = 0; shredded() < 2 && waited < 30_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
      expect(shredded()).toBe(2);
      // …and their dotted runs (block-runs.ts), in the same pass.
      expect(t.engine.db.prepare('SELECT count(*) FROM event_block_runs').pluck().get()).toBe(2);
      const ports = await t.call('events.top', { q: 'source:sealed-src', field: 'raw.request.port', from: '1h' });
      const perPort = (p: number) => Array.from({ length: 1024 }, (_, k) => k).filter((k) => k % 3 === p).length * (EVENTS / 1024);
      expect(ports).toEqual({
        field: 'raw.request.port',
        total: EVENTS,
        values: [0, 1, 2].map((p) => ({ value: String(8000 + p), count: perPort(p) })),
      });
    } finally {
      await t.close();
    }
  }, 120_000);
});
