import type { CursorPosition } from './cursor.ts';
import type { ResolvedQuery } from './input.ts';
import type { CompiledFilter } from './sql-builder.ts';
import { activeMinutesSql, NEWEST_TS_SQL, SUMMARY_MINUTE_SQL } from '../store/event-store/index.ts';
import { newestSql } from './statements.ts';
import type { RowKind, StatementCache } from './statements.ts';

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
/** Minutes fetched per look-up in event_counts. */
const MINUTES_PER_STEP = 120;

export interface NewestOptions {
  kind: RowKind;
  /** Rows wanted (a page asks for one more than it shows, to know whether another page exists). */
  limit: number;
  cursor: CursorPosition | null;
}

/**
 * Whether event_counts covers the newest stored event's minute. Ingest keeps it in step with
 * events in one transaction; rows written any other way (a hand-made store, an import that
 * bypasses the writer) would make the summary undercount, so search falls back to reading events.
 */
export function summaryTrusted(statements: StatementCache): boolean {
  const newest = (statements.get(NEWEST_TS_SQL).get() as { t: number | null }).t;
  if (newest === null) return true;
  return statements.get(SUMMARY_MINUTE_SQL).get(Math.floor(newest / MINUTE) * MINUTE) !== undefined;
}

/**
 * The newest `limit` matching events of the head table, newest first. If the query has a summary guard (a
 * severity/source/platform condition every match must pass), only minutes where event_counts
 * shows such events are read: a low-volume source among busy ones costs its own minutes, not a
 * scan of the whole window. Relies on ingest counting every stored event in event_counts (it
 * does, in the same transaction); retention may leave extra counts, which only cost a look.
 */
export function newestHeadRows(statements: StatementCache, query: ResolvedQuery, opts: NewestOptions, walkSummary: boolean): unknown[] {
  const { fromMs } = query.range;
  const toMs = opts.cursor ? Math.min(query.range.toMs, opts.cursor.ts + 1) : query.range.toMs;
  const stmt = statements.get(newestSql(opts.kind, query.filter?.sql ?? null, opts.cursor !== null));
  const base = { ...(query.filter?.params ?? {}), ...(opts.cursor ? { cts: opts.cursor.ts, cid: opts.cursor.id } : {}) };
  const read = (lo: number, hi: number, limit: number): unknown[] => (lo < hi ? stmt.all({ ...base, from: lo, to: hi, limit }) : []);
  if (!walkSummary || !query.guard || fromMs >= toMs || !summaryTrusted(statements)) return read(fromMs, toMs, opts.limit);

  const minutes = statements.get(activeMinutesSql(query.guard.sql));
  const rows: unknown[] = [];
  let upper = toMs;
  while (rows.length < opts.limit) {
    const found = minutes.all({ ...query.guard.params, lo: Math.floor(fromMs / MINUTE) * MINUTE, hi: upper, n: MINUTES_PER_STEP }) as { m: number }[];
    if (found.length === 0) break;
    // Runs of consecutive minutes become one range, read newest first.
    let i = 0;
    while (i < found.length && rows.length < opts.limit) {
      const hi = found[i]!.m + MINUTE;
      while (i + 1 < found.length && found[i + 1]!.m === found[i]!.m - MINUTE) i++;
      const lo = found[i]!.m;
      rows.push(...read(Math.max(fromMs, lo), Math.min(toMs, hi), opts.limit - rows.length));
      i++;
    }
    upper = found.at(-1)!.m;
    if (found.length < MINUTES_PER_STEP) break;
  }
  return rows;
}

/**
 * Every run of consecutive minutes in which event_counts shows events passing `guard`, clipped to
 * [fromMs, toMs). Used to count a filtered histogram without reading the minutes in between.
 */
export function activeRanges(statements: StatementCache, guard: CompiledFilter, fromMs: number, toMs: number): [number, number][] {
  const found = statements.get(activeMinutesSql(guard.sql)).all({
    ...guard.params,
    lo: Math.floor(fromMs / MINUTE) * MINUTE,
    hi: toMs,
    n: Number.MAX_SAFE_INTEGER,
  }) as { m: number }[];
  const ranges: [number, number][] = [];
  for (const { m } of found) {
    const last = ranges.at(-1);
    if (last && last[0] === m + MINUTE) last[0] = m;
    else ranges.push([m, m + MINUTE]);
  }
  return ranges.map(([lo, hi]) => [Math.max(fromMs, lo), Math.min(toMs, hi)]);
}

/**
 * Whether [lo, hi) meets a minute where event_counts shows events passing `guard` (within
 * [fromMs, toMs)), reading the summary newest first a day at a time and only as far back as asked.
 * A first page visits a block or two, so it reads a day of the summary, not the whole window (30
 * days of a busy store are ~860k summary rows, ~120 ms); a block reaching back further than a
 * day below what was read is answered by one look-up of its own range. Same answer as a test
 * against activeRanges over the whole window.
 */
export function activeMinuteTest(statements: StatementCache, guard: CompiledFilter, fromMs: number, toMs: number): (lo: number, hi: number) => boolean {
  const stmt = statements.get(activeMinutesSql(guard.sql));
  const floor = Math.floor(fromMs / MINUTE) * MINUTE;
  /** Active minutes in [loaded, toMs), descending. */
  const minutes: number[] = [];
  let loaded = toMs;
  /** Whether a loaded active minute lies in [from, to) (minutes descend). */
  const loadedHas = (from: number, to: number): boolean => {
    let a = 0;
    let b = minutes.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (minutes[mid]! >= to) a = mid + 1;
      else b = mid;
    }
    return a < minutes.length && minutes[a]! >= from;
  };
  return (lo, hi) => {
    const start = Math.max(lo, fromMs);
    const to = Math.min(hi, toMs);
    if (start >= to) return false; // clipped to the window before rounding down to its minute
    const from = Math.floor(start / MINUTE) * MINUTE;
    if (from < loaded - DAY && loadedHas(from, to)) return true;
    if (from < loaded - DAY) {
      // A block spanning far back (late events sealed with current ones): ask the summary for one
      // active minute in its unread part rather than reading every minute down to its oldest event.
      return stmt.all({ ...guard.params, lo: from, hi: Math.min(to, loaded), n: 1 }).length > 0;
    }
    while (loaded > from && loaded > floor) {
      const stepLo = Math.max(floor, loaded - DAY);
      for (const r of stmt.all({ ...guard.params, lo: stepLo, hi: loaded, n: Number.MAX_SAFE_INTEGER }) as { m: number }[]) minutes.push(r.m);
      loaded = stepLo;
    }
    return loadedHas(from, to);
  };
}
