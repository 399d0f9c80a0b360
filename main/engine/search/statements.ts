import type { Database as Db, Statement } from 'better-sqlite3';

/**
 * The EventRow columns. LEFT JOIN keeps events whose source was deleted (history outlives
 * config); they show an empty source id and a placeholder name.
 */
export const PAGE_COLUMNS =
  'e.id, e.source_seq, e.received_at, e.ts, e.severity, e.category, e.outcome, e.host, e."user", e.action, e.message, e.tags, e.raw, ' +
  "COALESCE(s.id, '') AS source_id, COALESCE(s.name, '(deleted source)') AS source_name";
const FROM = 'FROM events e LEFT JOIN sources s ON s.seq = e.source_seq';

function where(filterSql: string | null, extra: string[] = []): string {
  const parts = ['e.ts >= @from', 'e.ts < @to', ...extra];
  if (filterSql) parts.push(`(${filterSql})`);
  return parts.join(' AND ');
}

/**
 * One page, newest first. Walks events_ts backwards (rowid is the index's last column, so the
 * ORDER BY needs no sort) and stops after @limit matches. Params: from, to, limit, and with a
 * cursor cts, cid. With a cursor the caller passes @to = min(to, cts + 1): SQLite uses only one
 * upper bound for the index range, and it must be the cursor's, or page N re-reads pages 1..N-1.
 */
export function pageSql(filterSql: string | null, withCursor: boolean): string {
  const cursor = withCursor ? ['(e.ts < @cts OR e.id < @cid)'] : [];
  return `SELECT ${PAGE_COLUMNS} ${FROM} WHERE ${where(filterSql, cursor)} ORDER BY e.ts DESC, e.id DESC LIMIT @limit`;
}

export const GET_SQL = `SELECT ${PAGE_COLUMNS} ${FROM} WHERE e.id = @id`;

/** Raw text of the newest matching events, for field discovery. Params: from, to, limit. */
export function sampleSql(filterSql: string | null): string {
  return `SELECT e.raw FROM events e WHERE ${where(filterSql)} ORDER BY e.ts DESC, e.id DESC LIMIT @limit`;
}

/**
 * Exact per-bucket counts from events. Bucket = (ts - @origin) * @n / @span in 64-bit integer
 * arithmetic (params bound as BigInt), matching the edges histogram.ts reports.
 */
export function bucketCountSql(filterSql: string | null): string {
  return `SELECT (e.ts - @origin) * @n / @span AS b, e.severity AS sev, count(*) AS c FROM events e WHERE ${where(filterSql)} GROUP BY b, sev`;
}

/**
 * The same counts from the per-minute summary for whole minutes [@lo, @hi) except the JSON list
 * @split (minutes cut by a bucket edge, counted exactly instead). `minute` is the minute's start
 * in epoch ms, as the ingest writer stores it.
 */
export function summaryCountSql(filterSql: string | null): string {
  const filter = filterSql ? ` AND (${filterSql})` : '';
  return (
    `SELECT (e.minute - @origin) * @n / @span AS b, e.severity AS sev, sum(e.count) AS c FROM event_counts e ` +
    `WHERE e.minute >= @lo AND e.minute < @hi AND e.minute NOT IN (SELECT value FROM json_each(@split))${filter} GROUP BY b, sev`
  );
}

/** Summary totals for the listed minutes (JSON list @minutes), by minute (as `b`) and severity. */
export function minuteTotalsSql(filterSql: string | null): string {
  const filter = filterSql ? ` AND (${filterSql})` : '';
  return (
    `SELECT e.minute AS b, e.severity AS sev, sum(e.count) AS c FROM event_counts e ` +
    `WHERE e.minute IN (SELECT value FROM json_each(@minutes))${filter} GROUP BY b, sev`
  );
}

/** Prepared statements keyed by SQL text: queries repeat as the analyst pages and refreshes. */
export class StatementCache {
  private readonly db: Db;
  private readonly cache = new Map<string, Statement>();
  private readonly max: number;

  constructor(db: Db, max = 64) {
    this.db = db;
    this.max = max;
  }

  get(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (stmt) {
      this.cache.delete(sql);
    } else {
      stmt = this.db.prepare(sql);
      if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(sql, stmt);
    return stmt;
  }
}
