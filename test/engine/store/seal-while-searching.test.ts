import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createSearchService } from '../../../main/engine/search/index.ts';
import { sealOne } from '../../../main/engine/store/event-store/index.ts';
import { EventWriter } from '../../../main/engine/ingest/writer.ts';
import { EngineBus } from '../../../main/engine/bus.ts';
import { ManualClock } from '../../../main/engine/clock.ts';
import { normalizeEvent } from '../../../main/engine/ingest/envelope.ts';
import type { SourceInfo } from '../../../main/engine/context.ts';
import { HOUR, NOW, SearchFixture } from '../search/fixture.ts';

const EVENTS = 3_000;

describe('sealing while a search worker reads', () => {
  it('every answer counts each event exactly once, whatever the sealer did meanwhile', async () => {
    const f = new SearchFixture();
    const seq = f.addSource('ls_s', 'sealing');
    const writer = new EventWriter(f.db, new EngineBus(), new ManualClock(NOW));
    const source = { seq, id: 'ls_s', name: 'sealing' } as SourceInfo;
    for (let i = 0; i < EVENTS; i += 500) {
      const events = Array.from({ length: 500 }, (_, k) =>
        normalizeEvent({ message: `m ${i + k}`, user: `u${k % 7}` }, null, NOW - HOUR + ((i + k) * HOUR) / EVENTS),
      );
      writer.writeNow({ source, events, receivedAt: NOW, rejected: 0 });
    }
    const service = createSearchService(f.db, { file: join(f.dir, 'watchpost.db'), workers: 1 });
    try {
      let sealing = true;
      const sealer = (async () => {
        while (sealing && sealOne(f.db, { blockSize: 97, keepInHead: 0 }) > 0) await new Promise((r) => setImmediate(r));
      })();
      const input = { q: 'm', from: '2h' };
      for (let round = 0; round < 6; round++) {
        const [top, hist] = await Promise.all([service.top({ ...input, field: 'user' }, NOW), service.histogram({ ...input, buckets: 5 }, NOW)]);
        expect(top.total).toBe(EVENTS);
        expect(hist.buckets.reduce((s, b) => s + b.counts.info, 0)).toBe(EVENTS);
      }
      sealing = false;
      await sealer;
    } finally {
      await service.close();
      f.close();
    }
  }, 120_000);
});
