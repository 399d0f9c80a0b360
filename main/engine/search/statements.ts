import type { Database as Db, Statement } from 'better-sqlite3';
import { BLOCK_SOURCE, HEAD_SOURCE, newestOrderSql, windowSql } from '../store/event-store/index.ts';

/**
 * The EventRow columns. LEFT JOIN keeps events whose source was deleted (history outlives
 * config); they show an empty source id and a placeholder name.
 */
export const PAGE_COLUMNS =
  'e.id, e.source_seq, e.received_at, e.ts, e.severity, e.category, e.outcome, e.host, e."user", e.action, e.message, e.tags, e.raw, ' +
  "COALESCE(s.id, '') AS source_id, COALESCE(s.name, '(deleted source)') AS source_name";
const JOIN = 'LEFT JOIN sources s ON s.seq = e.source_seq';

function where(source: string, filterSql: string | null, extra: string[] = []): string {
  const parts = [...windowSql(source), ...extra];
  if (filterSql) parts.push(`(${filterSql})`);
  return parts.join(' AND ');
}

/** What a newest-first read returns: full event rows (a page) or only id, ts and raw text (field sampling). */
export type RowKind = 'page' | 'raw';

/**
 * Newest matching events in [@from, @to), at most @limit. On the head, walks its time-key index
 * backwards (sorting only within a 256 ms slot) and stops after @limit matches. With a
 * cursor (params cts, cid) the caller passes @to = min(to, cts + 1): SQLite uses only one upper
 * bound for the index range, and it must be the cursor's, or page N re-reads pages 1..N-1.
 */
export function newestSql(kind: RowKind, filterSql: string | null, withCursor: boolean, source = HEAD_SOURCE): string {
  const cursor = withCursor ? ['(e.ts < @cts OR e.id < @cid)'] : [];
  const head = kind === 'page' ? `SELECT ${PAGE_COLUMNS} FROM ${source} ${JOIN}` : `SELECT e.id, e.ts, e.raw FROM ${source}`;
  return `${head} WHERE ${where(source, filterSql, cursor)} ORDER BY ${newestOrderSql(source)} LIMIT @limit`;
}

export const GET_SQL = `SELECT ${PAGE_COLUMNS} FROM ${HEAD_SOURCE} ${JOIN} WHERE e.id = @id`;
/** One event of a loaded block (bind @blk and @id). */
export const GET_BLOCK_SQL = `SELECT ${PAGE_COLUMNS} FROM ${BLOCK_SOURCE} ${JOIN} WHERE e.id = @id`;

/**
 * Exact per-bucket counts from events. Bucket = (ts - @origin) * @n / @span in 64-bit integer
 * arithmetic (params bound as BigInt), matching the edges histogram.ts reports.
 */
export function bucketCountSql(filterSql: string | null, source = HEAD_SOURCE): string {
  return `SELECT (e.ts - @origin) * @n / @span AS b, e.severity AS sev, count(*) AS c FROM ${source} WHERE ${where(source, filterSql)} GROUP BY b, sev`;
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
