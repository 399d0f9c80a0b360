import type { Database as Db } from 'better-sqlite3';

const MINUTE = 60_000;
type CountKey = [minute: number, sourceSeq: number, severity: number, count: number];

/** Take dropped events out of the per-minute summary, so histograms stay exact after retention. */
function uncount(db: Db, counts: CountKey[]): void {
  const dec = db.prepare('UPDATE event_counts SET count = count - ? WHERE minute = ? AND source_seq = ? AND severity = ?');
  const gone = db.prepare('DELETE FROM event_counts WHERE minute = ? AND source_seq = ? AND severity = ? AND count <= 0');
  for (const [m, s, v, n] of counts) {
    dec.run(n, m, s, v);
    gone.run(m, s, v);
  }
}

/** Delete one sealed block whole: its rows, its skip-index document, its path columns and dotted runs, its counts. Returns its event count. */
export function dropBlock(db: Db, id: number): number {
  return db
    .transaction(() => {
      const b = db.prepare('SELECT count, summary FROM event_blocks WHERE id = ?').get(id) as { count: number; summary: string } | undefined;
      if (!b) return 0;
      uncount(db, JSON.parse(b.summary) as CountKey[]);
      db.prepare('DELETE FROM event_block_grams WHERE rowid = ?').run(id);
      db.prepare('DELETE FROM event_block_paths WHERE block = ?').run(id);
      db.prepare('DELETE FROM event_block_runs WHERE block = ?').run(id);
      db.prepare('DELETE FROM event_blocks WHERE id = ?').run(id);
      return b.count;
    })
    .immediate();
}

/** Delete head events by id, with their counts. Returns how many were deleted. */
export function dropHeadRows(db: Db, ids: number[]): number {
  if (ids.length === 0) return 0;
  return db
    .transaction(() => {
      const list = JSON.stringify(ids);
      const counts = db
        .prepare(
          `SELECT ts - ((ts % ${MINUTE}) + ${MINUTE}) % ${MINUTE} AS m, source_seq AS s, severity AS v, count(*) AS n FROM events WHERE id IN (SELECT value FROM json_each(?)) GROUP BY m, s, v`,
        )
        .all(list) as { m: number; s: number; v: number; n: number }[];
      uncount(
        db,
        counts.map((c) => [c.m, c.s, c.v, c.n]),
      );
      return db.prepare('DELETE FROM events WHERE id IN (SELECT value FROM json_each(?))').run(list).changes;
    })
    .immediate();
}
