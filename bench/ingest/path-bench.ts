/**
 * Where the microseconds of one ingested event go (issue 9, ingest throughput): each step of the
 * HTTP ingest path timed alone, in one thread, on the writer bench's 500-event NDJSON batches.
 *   node bench/ingest/path-bench.ts      (ROUNDS=5)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { parseNdjson } from '../../main/engine/ingest/ndjson.ts';
import { normalizeEvent } from '../../main/engine/ingest/envelope.ts';
import { newEventRow } from '../../main/engine/ingest/writer.ts';
import { openDatabase } from '../../main/engine/store/db.ts';
import { createAppender } from '../../main/engine/store/event-store/write.ts';
import type { WriteBatch } from '../../main/engine/store/event-store/write.ts';
import { makeBatches } from '../lib/events.ts';
import { rawEventInserter } from '../lib/raw-insert.ts';
import { envNumber } from '../lib/env.ts';

const ROUNDS = envNumber('ROUNDS', 5);
const bodies = makeBatches(7, 200, 500, Date.now(), 5_000).map((b) => Buffer.from(b));
const perRound = bodies.length * 500;

/** This thread's CPU time in µs: steady under a loaded machine, unlike wall time. */
function cpuNow(): number {
  const c = process.threadCpuUsage();
  return c.user + c.system;
}

/** Best of ROUNDS runs of `fn` over every batch, in CPU µs per event. */
function time(label: string, fn: () => void): number {
  fn();
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = cpuNow();
    fn();
    best = Math.min(best, cpuNow() - t0);
  }
  const us = best / perRound;
  console.log(`${label.padEnd(44)} ${us.toFixed(2).padStart(6)} µs/event (thread CPU)`);
  return us;
}

const now = Date.now();
const parsed = bodies.map((b) => parseNdjson(b));
const events = parsed.map((p) => p.lines.map((l) => normalizeEvent(l.value, l.text, now)));
const writes: WriteBatch[][] = events.map((ev) => [{ sourceSeq: 1, receivedAt: now, rejected: 0, touch: false, rows: ev.map(newEventRow) }]);

time('whole-body Buffer.toString (before)', () => bodies.forEach((b) => b.toString('utf8')));
time('parseNdjson (per-line decode + JSON.parse)', () => bodies.forEach((b) => parseNdjson(b)));
time('normalizeEvent', () => parsed.forEach((p) => p.lines.map((l) => normalizeEvent(l.value, l.text, now))));
time('newEventRow', () => events.forEach((ev) => ev.map(newEventRow)));
time('rows as arrays: v8 serialize', () => writes.forEach((w) => serialize(w)));
const ser = writes.map((w) => serialize(w));
time('rows as arrays: v8 deserialize', () => ser.forEach((s) => deserialize(s)));
// One string of a batch's text (what a packed wire format would send) is over V8's large-object threshold:
time('one string per batch: join + serialize', () => writes.forEach((w) => serialize(w[0]!.rows.map((r) => r[9]).join(''))));

const dir = mkdtempSync(join(tmpdir(), 'wp-path-'));
const db = openDatabase({ dataDir: dir });
db.prepare("INSERT INTO sources (seq, id, name, type, created_at) VALUES (1, 'ls_bench', 'bench', 'generic_json', 0)").run();
const app = createAppender(db);
time('appender.commit (500 per transaction)', () => writes.forEach((w) => app.commit(w)));
const raw = rawEventInserter(db, 1);
time('raw better-sqlite3 inserts (500 per tx)', () => events.forEach((ev) => raw(ev, now)));
db.close();
rmSync(dir, { recursive: true, force: true });
