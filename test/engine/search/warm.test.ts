import { describe, expect, it } from 'vitest';
import { warmUp, warmUpSteps } from '../../../main/engine/search/warm.ts';
import { BlockReader, sealOne } from '../../../main/engine/store/event-store/index.ts';
import { MIN, NOW, SearchFixture, watchServed } from './fixture.ts';

describe('search warm-up', () => {
  it('runs real queries over the newest blocks, in small steps, and changes nothing', () => {
    const f = new SearchFixture();
    try {
      f.addSource('ls_a', 'src');
      for (let i = 0; i < 40; i++)
        f.add({ host: `web-${i % 3}`, message: `request served in ${i} ms`, raw: { status: 200 + (i % 2), path: `/p/${i % 4}` }, ts: NOW - (60 - i) * MIN });
      while (sealOne(f.db, { blockSize: 5, keepInHead: 0 }) > 0);
      const before = f.db.prepare('SELECT count(*) AS n, sum(id) AS s FROM events').get();
      const blocks = f.db.prepare('SELECT count(*) FROM event_blocks').pluck().get();
      const { reader, served } = watchServed(f);
      const steps = [...warmUpSteps(f.search, reader, NOW)].length;
      // 8 blocks in windows of 6, two windows of: a page, pages of a host, a word and a raw value, a histogram, two tops.
      expect(steps).toBe(2 * 7);
      expect(new Set(served).size).toBe(8);
      expect(f.db.prepare('SELECT count(*) AS n, sum(id) AS s FROM events').get()).toEqual(before);
      expect(f.db.prepare('SELECT count(*) FROM event_blocks').pluck().get()).toBe(blocks);
      expect(warmUp(f.search, reader, NOW, 0)).toBe(1); // stops at its budget after one step
      // Answers are unchanged by it.
      expect(f.search.search({ q: 'host:web-1', from: '2h' }, NOW).events).toHaveLength(13);
    } finally {
      f.close();
    }
  });

  it('passes over windows where blocks pile on one instant, for older ones', () => {
    const f = new SearchFixture();
    try {
      f.addSource('ls_a', 'src');
      for (let i = 0; i < 30; i++) f.add({ host: 'web-1', message: `request ${i}`, ts: NOW - (90 - i) * MIN });
      // A burst replayed with one time stamp: 20 blocks of the same instant, newest of all.
      for (let i = 0; i < 100; i++) f.add({ host: 'web-2', message: `replayed ${i}`, ts: NOW - MIN });
      while (sealOne(f.db, { blockSize: 5, keepInHead: 0 }) > 0);
      const piled = new Set(
        f.db
          .prepare('SELECT id FROM event_blocks WHERE min_ts = ?')
          .pluck()
          .all(NOW - MIN) as number[],
      );
      expect(piled.size).toBe(20);
      const { reader, served } = watchServed(f);
      expect([...warmUpSteps(f.search, reader, NOW)].length).toBeGreaterThan(0);
      expect(served.length).toBeGreaterThan(0);
      expect(served.filter((id) => piled.has(id))).toEqual([]);
    } finally {
      f.close();
    }
  });

  it('has nothing to do on a store without sealed blocks', () => {
    const f = new SearchFixture();
    try {
      f.addSource('ls_a', 'src');
      f.add({ message: 'only in the head' });
      expect([...warmUpSteps(f.search, BlockReader.for(f.db), NOW)]).toHaveLength(0);
    } finally {
      f.close();
    }
  });
});
