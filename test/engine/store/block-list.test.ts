import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/engine/store/db.ts';
import type { Db } from '../../../main/engine/store/db.ts';
import { BlockReader } from '../../../main/engine/store/event-store/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function store(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'wp-block-list-'));
  dirs.push(dir);
  return openDatabase({ dataDir: dir });
}

type Op =
  | { kind: 'seal'; events: number; minTs: number; spanMs: number }
  | { kind: 'drop'; pick: number }
  | { kind: 'ask'; from: number; len: number; id: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('seal' as const),
    events: fc.integer({ min: 1, max: 50 }),
    minTs: fc.integer({ min: 0, max: 1000 }),
    spanMs: fc.integer({ min: 0, max: 200 }),
  }),
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('ask' as const),
    from: fc.integer({ min: -50, max: 1300 }),
    len: fc.integer({ min: 0, max: 1300 }),
    id: fc.integer({ min: 0, max: 3000 }),
  }),
);

/** The list as plain SQL over event_blocks gives it: the oracle. */
function oracle(db: Db, from: number, to: number, id: number) {
  const meta = 'id, last_id AS lastId, min_ts AS minTs, max_ts AS maxTs';
  return {
    window: db.prepare(`SELECT ${meta} FROM event_blocks WHERE max_ts >= ? AND min_ts < ? ORDER BY max_ts DESC, id DESC`).all(from, to),
    holding: db.prepare(`SELECT ${meta} FROM event_blocks WHERE id <= ? AND last_id >= ?`).get(id, id),
    range: db.prepare(`SELECT ${meta} FROM event_blocks WHERE last_id >= ? AND id <= ? ORDER BY id`).all(id, id + 100),
  };
}

describe('the block list a search connection keeps in memory', () => {
  it('answers window, holding and id-range look-ups exactly as SQL does, across seals, drops and other connections', () => {
    const db = store();
    // The writer's connection seals and drops; a second connection (a search worker's) only reads.
    const search = new Database(db.name, { readonly: true, fileMustExist: true });
    const reader = BlockReader.for(search);
    let nextId = 1;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        // Each case starts from an empty store: every block of the case before is dropped.
        db.prepare('DELETE FROM event_blocks').run();
        const insert = db.prepare(
          "INSERT INTO event_blocks (id, last_id, count, min_ts, max_ts, max_received, summary, bytes, data, raw) VALUES (?, ?, ?, ?, ?, 0, '[]', 0, x'', x'')",
        );
        for (const o of ops) {
          if (o.kind === 'seal') {
            insert.run(nextId, nextId + o.events - 1, o.events, o.minTs, o.minTs + o.spanMs);
            nextId += o.events;
          } else if (o.kind === 'drop') {
            const ids = db.prepare('SELECT id FROM event_blocks ORDER BY id').pluck().all() as number[];
            if (ids.length) db.prepare('DELETE FROM event_blocks WHERE id = ?').run(ids[o.pick % ids.length]);
          } else {
            const want = oracle(db, o.from, o.from + o.len, o.id);
            expect(reader.inWindow(o.from, o.from + o.len)).toEqual(want.window);
            expect(reader.holding(o.id)).toEqual(want.holding);
            expect(reader.byIdRange(o.id, o.id + 100)).toEqual(want.range);
          }
        }
      }),
      { numRuns: 60 },
    );
    search.close();
    db.close();
  });
});
