/**
 * Where a sealed block's CPU goes (issue 9, ingest throughput): a store with a head of HEAD events
 * (bench/lib mix, event times jittered over 5 s, written by the real appender 2,000 per commit) is
 * copied twice; BLOCKS blocks are sealed from one copy by the steps the sealer took before
 * (`before`: an OFFSET probe, row tuples, count check, one block per transaction) and from the other
 * by the sealer as it is (`sealer.ts`), alternating. Each phase in thread CPU (the machine is
 * shared), in µs per sealed event.
 *   node bench/ingest/seal-phases.ts   (HEAD=200000 BLOCKS=16; PER_COMMIT=n blocks per seal transaction)
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { normalizeEvent } from '../../main/engine/ingest/envelope.ts';
import { newEventRow } from '../../main/engine/ingest/writer.ts';
import { openDatabase, walAutocheckpointPages } from '../../main/engine/store/db.ts';
import { encodeBlock } from '../../main/engine/store/event-store/block-codec.ts';
import type { RowTuple } from '../../main/engine/store/event-store/block-codec.ts';
import { blockGrams } from '../../main/engine/store/event-store/block-grams.ts';
import { commitBlocks, prepareBlock } from '../../main/engine/store/event-store/sealer.ts';
import { createAppender } from '../../main/engine/store/event-store/write.ts';
import type { WriteBatch } from '../../main/engine/store/event-store/write.ts';
import { makeEvent, rng } from '../lib/events.ts';
import { envNumber, fmt } from '../lib/env.ts';
import { cpuMs } from '../lib/thread-cpu.ts';

const HEAD = envNumber('HEAD', 200_000);
const BLOCKS = envNumber('BLOCKS', 16);
const PER_COMMIT = envNumber('PER_COMMIT', 1);
const SIZE = 4096;

const dir = mkdtempSync(join(tmpdir(), 'wp-seal-phases-'));
const a = openDatabase({ dataDir: join(dir, 'a') });
const appender = createAppender(a);
const r = rng(3);
const start = Date.now() - 3_600_000;
for (let done = 0; done < HEAD; done += 2000) {
  const batches: WriteBatch[] = [];
  for (let b = 0; b < 4; b++) {
    const at = start + Math.floor(((done + b * 500) / HEAD) * 3_500_000);
    const rows = Array.from({ length: 500 }, () => {
      const ev = makeEvent(r, at - Math.floor(r() * 5000));
      return newEventRow(normalizeEvent(ev, JSON.stringify(ev), at));
    });
    batches.push({ sourceSeq: 1 + b, receivedAt: at, rejected: 0, touch: false, rows });
  }
  appender.commit(batches);
}
a.pragma('wal_checkpoint(TRUNCATE)');
a.close();
copyFileSync(join(dir, 'a', 'watchpost.db'), join(dir, 'b.db'));
const before = new Database(join(dir, 'a', 'watchpost.db'));
const after = new Database(join(dir, 'b.db'));
for (const db of [before, after]) {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32768');
  db.pragma(`wal_autocheckpoint = ${walAutocheckpointPages(db)}`); // as the writer thread and the sealing worker run
}

type Phases = Record<string, number>;
const add = (into: Phases, name: string, ms: number) => (into[name] = (into[name] ?? 0) + ms);

/** The sealer's steps before this change, timed one by one. */
function sealBefore(db: Database.Database, into: Phases): void {
  let t = cpuMs();
  const lap = (name: string) => {
    const now = cpuMs();
    add(into, name, now - t);
    t = now;
  };
  db.prepare('SELECT id FROM events ORDER BY id LIMIT 1 OFFSET ?').get(2 * SIZE - 1);
  lap('probe');
  const rows = db
    .prepare('SELECT id, source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, raw FROM events ORDER BY id LIMIT ?')
    .raw(true)
    .all(SIZE) as RowTuple[];
  lap('read rows');
  const m = new Map<string, number>();
  for (const x of rows) m.set(`${Math.floor(x[3] / 60000)}:${x[1]}:${x[4]}`, (m.get(`${Math.floor(x[3] / 60000)}:${x[1]}:${x[4]}`) ?? 0) + 1);
  const summary = JSON.stringify([...m]);
  lap('summary');
  const { data, raw } = encodeBlock(rows);
  lap('encode (codec)');
  const doc = blockGrams(rows);
  lap('grams');
  const first = rows[0]![0];
  const last = rows.at(-1)![0];
  db.prepare('BEGIN IMMEDIATE').run();
  db.prepare('SELECT count(*) AS n FROM events WHERE id >= ? AND id <= ?').get(first, last);
  lap('commit: count check');
  db.prepare('INSERT INTO event_blocks (id, last_id, count, min_ts, max_ts, max_received, summary, bytes, data, raw) VALUES (?,?,?,?,?,?,?,?,?,?)').run(
    first,
    last,
    rows.length,
    0,
    0,
    0,
    summary,
    data.length + raw.length,
    data,
    raw,
  );
  lap('commit: insert block');
  db.prepare('INSERT INTO event_block_grams (rowid, body) VALUES (?, ?)').run(first, doc);
  lap('commit: FTS5 insert');
  db.prepare('DELETE FROM events WHERE id >= ? AND id <= ?').run(first, last);
  lap('commit: delete head rows');
  db.prepare('COMMIT').run();
  lap('commit: COMMIT');
}

/** The sealer as it is: PER_COMMIT blocks built, then committed in one transaction. */
function sealAfter(db: Database.Database, into: Phases): number {
  const blocks = [];
  for (let k = 0, after = 0; k < PER_COMMIT; k++) {
    const b = prepareBlock(db, { phases: into }, after);
    if (!b) break;
    blocks.push(b);
    after = b.last;
  }
  return commitBlocks(db, blocks, into);
}

const totals: { before: Phases; after: Phases } = { before: {}, after: {} };
const whole = { before: 0, after: 0 };
let sealedAfter = 0;
for (let i = 0; i < BLOCKS; i++) {
  const runs: [keyof typeof totals, () => void][] = [
    ['before', () => sealBefore(before, totals.before)],
    ['after', () => (sealedAfter += sealAfter(after, totals.after))],
  ];
  if (i % 2) runs.reverse();
  for (const [name, fn] of runs) {
    const t = cpuMs();
    fn();
    whole[name] += cpuMs() - t;
  }
}
const events = BLOCKS * SIZE;
console.log(`${BLOCKS} blocks × ${fmt(SIZE)} events from a head of ${fmt(HEAD)}; CPU µs per sealed event by phase (same run):`);
const names = [...new Set([...Object.keys(totals.before), ...Object.keys(totals.after)])];
for (const n of names) {
  const cell = (p: Phases, sealed: number) => (p[n] === undefined ? '–' : ((p[n] * 1000) / sealed).toFixed(2)).padStart(7);
  console.log(`  ${n.padEnd(28)} before ${cell(totals.before, events)}   after ${cell(totals.after, Math.max(1, sealedAfter))}`);
}
console.log(
  `  ${'total'.padEnd(28)} before ${((whole.before * 1000) / events).toFixed(2).padStart(7)}   after ${((whole.after * 1000) / Math.max(1, sealedAfter)).toFixed(2).padStart(7)}` +
    `  (${fmt(events / (whole.before / 1000))} vs ${fmt(sealedAfter / (whole.after / 1000))} events/s of one core)`,
);
before.close();
after.close();
rmSync(dir, { recursive: true, force: true });
