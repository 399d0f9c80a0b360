import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstIdReceivedSince, maxEventId, scanById, sealAll, sealOne } from '../../../main/engine/store/event-store/index.ts';
import { EventWriter } from '../../../main/engine/ingest/writer.ts';
import { EngineBus } from '../../../main/engine/bus.ts';
import { ManualClock } from '../../../main/engine/clock.ts';
import { normalizeEvent } from '../../../main/engine/ingest/envelope.ts';
import type { SourceInfo } from '../../../main/engine/context.ts';
import { MIN, NOW, SearchFixture } from '../search/fixture.ts';

let f: SearchFixture;
let writer: EventWriter;
let source: SourceInfo;
const write = (n: number, receivedAt: number, sev = 'info') =>
  writer.writeNow({
    source,
    events: Array.from({ length: n }, (_, i) => normalizeEvent({ message: `m${i}`, severity: i % 2 ? sev : 'info' }, null, receivedAt)),
    receivedAt,
    rejected: 0,
  });

beforeAll(() => {
  f = new SearchFixture();
  const seq = f.addSource('ls_w', 'writer-src');
  source = { seq, id: 'ls_w', name: 'writer-src' } as SourceInfo;
  writer = new EventWriter(f.db, new EngineBus(), new ManualClock(NOW));
});
afterAll(() => f.close());

describe('event store: one API over the head and the sealed blocks', () => {
  it('keeps ids growing after the whole head is sealed, and reads events by id wherever they live', () => {
    const a = write(10, NOW - 10 * MIN, 'error');
    expect(sealAll(f.db, { blockSize: 4 })).toBe(10);
    expect(f.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
    const b = write(5, NOW - 5 * MIN);
    expect(b[0]).toBe(a.at(-1)! + 1); // not a reused id
    expect(maxEventId(f.db)).toBe(b.at(-1));
    sealOne(f.db, { blockSize: 2, keepInHead: 0 });
    const ids = [...scanById(f.db, { fromId: a[3]! })].map((r) => r.id);
    expect(ids).toEqual([...a.slice(3), ...b]);
    const errors = [...scanById(f.db, { fromId: 1, severities: [4] })].map((r) => r.message);
    expect(errors).toEqual(['m1', 'm3', 'm5', 'm7', 'm9']);
    expect([...scanById(f.db, { fromId: 1, toId: a[5]!, limit: 2 })].map((r) => r.id)).toEqual([a[0], a[1]]);
    expect([...scanById(f.db, { fromId: 1, minSeverity: 4, untilReceivedAt: NOW - 6 * MIN })]).toHaveLength(5);
    expect([...scanById(f.db, { fromId: 1, sourceSeqs: [] })]).toEqual([]);
  });

  it('finds the first event received since a time in a block or in the head', () => {
    const first = [...scanById(f.db, { fromId: 1 })];
    const sealedLate = first.find((r) => r.received_at >= NOW - 5 * MIN)!;
    expect(firstIdReceivedSince(f.db, NOW - 6 * MIN)).toBe(sealedLate.id);
    expect(firstIdReceivedSince(f.db, NOW - 20 * MIN)).toBe(first[0]!.id);
    expect(firstIdReceivedSince(f.db, NOW)).toBeNull();
  });

  it('search and get see sealed events exactly as head events', () => {
    const all = f.search.search({ q: 'source:writer-src', limit: 100 }, NOW).events;
    expect(all).toHaveLength(15);
    expect(f.search.get(all[14]!.id)).toEqual(all[14]);
    expect(f.db.prepare('SELECT count(*) AS n FROM event_blocks').get()).toEqual({ n: 4 });
  });
});
