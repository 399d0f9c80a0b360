import Database from 'better-sqlite3';
import { normalizeEvent } from '../../main/engine/ingest/envelope.ts';
import { newEventRow } from '../../main/engine/ingest/writer.ts';
import type { NormalizedEvent } from '../../main/engine/ingest/envelope.ts';

/**
 * The raw better-sqlite3 baseline the ingest and storage benches compare the engine against: one
 * prepared INSERT into an `events` table, rows bound exactly as main/engine/ingest/writer.ts binds
 * them, one transaction per call.
 */
export function rawEventInserter(db: Database.Database, sourceSeq: number): (events: NormalizedEvent[], receivedAt: number) => void {
  const ins = db.prepare(
    'INSERT INTO events (source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  return db.transaction((events: NormalizedEvent[], receivedAt: number) => {
    for (const e of events) ins.run(sourceSeq, receivedAt, ...newEventRow(e));
  });
}

/**
 * The baseline figure: rows/s of raw inserts of `rows` events taken from the NDJSON `batches`
 * (500 per transaction) into the store file `file` under `sourceSeq`; the rows are deleted again.
 */
export function timeRawInserts(file: string, sourceSeq: number, batches: string[], rows: number): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const now = Date.now();
  const events = batches.flatMap((b) => b.split('\n').map((l) => normalizeEvent(JSON.parse(l), l, now)));
  const before = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM events').get() as { m: number }).m;
  const tx = rawEventInserter(db, sourceSeq);
  const t0 = performance.now();
  for (let done = 0; done < rows; done += 500) tx(events.slice(done % events.length, (done % events.length) + 500), now);
  const secs = (performance.now() - t0) / 1000;
  db.prepare('DELETE FROM events WHERE id > ?').run(before);
  db.close();
  return rows / secs;
}
