import type { Database as Db, Statement } from 'better-sqlite3';

/** Source stats bucket width. */
export const STATS_BUCKET_MS = 300_000;
const MINUTE = 60_000;

/** The next free event id: past every id in the head and in every sealed block. */
const NEXT_EVENT_ID_SQL =
  'SELECT max(coalesce((SELECT max(id) FROM events), 0), coalesce((SELECT last_id FROM event_blocks ORDER BY id DESC LIMIT 1), 0)) + 1 AS n';

/** One event as it is written, without its id: ts, severity, category, outcome, host, user, action, message, tags (JSON), raw. */
export type NewEventRow = [number, number, number, number, string | null, string | null, string | null, string | null, string | null, string];

/** A statement run inside the commit after the events (pull checkpoints): plain data, so it can cross to the writer thread. */
export interface SqlStep {
  sql: string;
  params: (string | number | null)[];
}

/** One batch as the write connection stores it: plain data (structured-clonable). */
export interface WriteBatch {
  sourceSeq: number;
  receivedAt: number;
  /** Lines of the same request that were rejected (counted in source stats). */
  rejected: number;
  /** Also move sources.last_used_at to receivedAt in this commit. */
  touch: boolean;
  rows: NewEventRow[];
  /** Run in the same transaction after the events; if one fails, the whole commit rolls back. */
  steps?: SqlStep[];
}

/** The event write path of one connection: group commits and refused-request counts. */
export interface EventAppender {
  /**
   * Write every batch in one transaction (group commit); the new ids per batch, in order. When a
   * batch fails on its own (a pull checkpoint step, a bad value) each is retried alone: that one
   * gets its error in its place, the others commit. Throws, with nothing written, when the store
   * cannot write at all (busy past the timeout, full disk, I/O error) or the only batch fails.
   */
  commit(batches: WriteBatch[]): (number[] | Error)[];
  /** Count refused lines and rate-limited requests that stored nothing, in the stats bucket of `at`. */
  countRefused(sourceSeq: number, at: number, rejected: number, rateLimited: number): void;
}

/** An error of the store as a whole rather than of one batch's content. */
function storeWide(err: unknown): boolean {
  return /^SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY|CANTOPEN|NOMEM|CORRUPT|NOTADB|PROTOCOL)/.test((err as { code?: string })?.code ?? '');
}

/**
 * The one place events are inserted: the head table, the per-minute `event_counts` and the
 * per-source `source_stats` in the same transaction. Ids are assigned here, not by SQLite: once
 * the head is sealed empty, max(rowid)+1 would hand out sealed ids again.
 */
export function createAppender(db: Db): EventAppender {
  const insertEvent = db.prepare(
    'INSERT INTO events (id, source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const nextIdStmt = db.prepare(NEXT_EVENT_ID_SQL);
  const upsertStats = db.prepare(`INSERT INTO source_stats (source_seq, bucket, accepted, rejected, rate_limited, last_event_at) VALUES (?,?,?,?,?,?)
    ON CONFLICT (source_seq, bucket) DO UPDATE SET accepted = accepted + excluded.accepted, rejected = rejected + excluded.rejected,
    rate_limited = rate_limited + excluded.rate_limited, last_event_at = max(coalesce(last_event_at, 0), coalesce(excluded.last_event_at, 0))`);
  const upsertCounts = db.prepare(`INSERT INTO event_counts (minute, source_seq, severity, count) VALUES (?,?,?,?)
    ON CONFLICT (minute, source_seq, severity) DO UPDATE SET count = count + excluded.count`);
  const touchSource = db.prepare('UPDATE sources SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE seq = ?');
  const steps = new Map<string, Statement>();
  let nextId = 1;

  const writeOne = (b: WriteBatch): number[] => {
    const seq = b.sourceSeq;
    const ids: number[] = new Array(b.rows.length);
    const counts = new Map<number, number>();
    for (let i = 0; i < b.rows.length; i++) {
      const r = b.rows[i]!;
      const id = nextId++;
      insertEvent.run(id, seq, b.receivedAt, ...r);
      ids[i] = id;
      const key = Math.floor(r[0] / MINUTE) * 8 + r[1];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts) upsertCounts.run(Math.floor(key / 8) * MINUTE, seq, key % 8, n);
    const bucket = Math.floor(b.receivedAt / STATS_BUCKET_MS) * STATS_BUCKET_MS;
    upsertStats.run(seq, bucket, b.rows.length, b.rejected, 0, b.rows.length ? b.receivedAt : null);
    if (b.touch) touchSource.run(b.receivedAt, seq);
    for (const s of b.steps ?? []) {
      let stmt = steps.get(s.sql);
      if (!stmt) steps.set(s.sql, (stmt = db.prepare(s.sql)));
      stmt.run(...s.params);
    }
    return ids;
  };

  const all = db.transaction((batches: WriteBatch[]) => {
    // Re-read in every transaction: also covers rows another connection (a test, an import) added.
    nextId = Math.max(nextId, (nextIdStmt.get() as { n: number }).n);
    return batches.map(writeOne);
  });

  return {
    commit(batches) {
      try {
        return all.immediate(batches);
      } catch (err) {
        // The store as a whole cannot write (busy, full, I/O): every batch fails. Else one batch is
        // at fault (a checkpoint step, a bad value): commit each alone so only that one fails.
        // (A savepoint per batch would isolate it without the retry; the retry keeps the common path plain.)
        if (storeWide(err) || batches.length === 1) throw err;
        let down: Error | null = null;
        return batches.map((b): number[] | Error => {
          if (down) return down;
          try {
            return all.immediate([b])[0]!;
          } catch (e) {
            const failed = e instanceof Error ? e : new Error(String(e));
            if (storeWide(e)) down = failed; // the rest are not tried: each would wait out the busy timeout
            return failed;
          }
        });
      }
    },
    countRefused(sourceSeq, at, rejected, rateLimited) {
      upsertStats.run(sourceSeq, Math.floor(at / STATS_BUCKET_MS) * STATS_BUCKET_MS, 0, rejected, rateLimited, null);
    },
  };
}
