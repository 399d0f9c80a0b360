import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

/** Counts worker threads this process starts (Node publishes each new Worker on this channel). */
let started = 0;
const onWorker = () => {
  started++;
};
beforeEach(() => {
  started = 0;
  subscribe('worker_threads', onWorker);
});
afterEach(() => {
  unsubscribe('worker_threads', onWorker);
});

describe('search workers start on the first query', () => {
  let t: TestEngine | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('an engine nobody searches starts no search worker; the first search starts them and is answered', async () => {
    t = createTestEngine({ searchWorkers: 2 });
    t.engine.start();
    const { id } = await t.call('sources.create', { name: 'lazy', rateLimit: 1000 });
    await t.engine.ingest.submit(id, [{ message: 'first query marker' }]);
    const beforeSearch = started; // the writer thread and the seal worker, not the search workers
    expect(t.engine.search.mode).toBe('workers');
    const page = await t.call('events.search', { q: 'first query marker' });
    expect(page.events.map((e) => e.message)).toEqual(['first query marker']);
    expect(started - beforeSearch).toBe(2);
    await t.call('events.search', { q: 'first query marker' });
    expect(started - beforeSearch).toBe(2); // started once, then reused
  });

  it('after close, a search fails in plain words instead of starting workers again', async () => {
    t = createTestEngine({ searchWorkers: 2 });
    const search = t.engine.search;
    await t.close();
    const count = started;
    await expect(search.search({ q: 'x' }, Date.now())).rejects.toThrow('search is shut down');
    expect(started).toBe(count);
  });
});
