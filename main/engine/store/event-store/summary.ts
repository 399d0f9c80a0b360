/**
 * The per-minute summary (`event_counts`) and the store's time bounds as SQL the search module
 * runs through its statement cache: the store owns the table names, search supplies conditions on
 * the alias `e` (its compiled severity/source/platform guard or filter).
 */
import { headKey } from './blocks.ts';

/** The newest stored event time (head or sealed), as `t` (null when empty); on the head, within its newest time-key slot (index `events_tkey`). */
export const NEWEST_TS_SQL = `SELECT max(t) AS t FROM (SELECT max(ts) AS t FROM events WHERE ${headKey('ts')} = (SELECT max(${headKey('ts')}) FROM events) UNION ALL SELECT max(max_ts) FROM event_blocks)`;
/** The oldest stored event time (head or sealed), as `t` (null when empty); on the head, within its oldest time-key slot. */
export const OLDEST_TS_SQL = `SELECT min(t) AS t FROM (SELECT min(ts) AS t FROM events WHERE ${headKey('ts')} = (SELECT min(${headKey('ts')}) FROM events) UNION ALL SELECT min(min_ts) FROM event_blocks)`;
/** A row when the summary has minute `?`. */
export const SUMMARY_MINUTE_SQL = 'SELECT 1 FROM event_counts WHERE minute = ? LIMIT 1';
/** A row when the head holds more than `?` events (the id at that offset). */
export const HEAD_ROW_AT_SQL = 'SELECT id FROM events ORDER BY id LIMIT 1 OFFSET ?';

/**
 * Minutes in [@lo, @hi) that hold at least one event passing the summary guard, newest first, at
 * most @n of them; read from event_counts, walking its primary key backwards.
 */
export function activeMinutesSql(guardSql: string): string {
  return (
    `SELECT e.minute AS m FROM event_counts e WHERE e.minute >= @lo AND e.minute < @hi AND (${guardSql}) ` +
    `GROUP BY e.minute HAVING sum(e.count) > 0 ORDER BY e.minute DESC LIMIT @n`
  );
}

/**
 * Per-bucket, per-severity counts (bucket = (minute - @origin) * @n / @span, the formula search
 * uses on event times) from the per-minute summary for whole minutes [@lo, @hi) except the JSON list
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
