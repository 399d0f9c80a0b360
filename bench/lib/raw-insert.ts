import type Database from 'better-sqlite3';
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
    for (const e of events)
      ins.run(
        sourceSeq,
        receivedAt,
        e.ts,
        e.severityIdx,
        e.categoryIdx,
        e.outcomeIdx,
        e.host,
        e.user,
        e.action,
        e.message,
        e.tags.length ? JSON.stringify(e.tags) : null,
        e.rawText,
      );
  });
}
