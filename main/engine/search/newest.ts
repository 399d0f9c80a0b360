import { BLOCK_SOURCE } from '../store/event-store/index.ts';
import type { RowFilter } from '../store/event-store/index.ts';
import { COL } from './block-match.ts';
import type { ResolvedQuery } from './input.ts';
import { candidateBlocks, headIsSmall } from './parts.ts';
import type { SearchStore } from './parts.ts';
import { newestHeadRows } from './scan.ts';
import type { NewestOptions } from './scan.ts';
import { newestSql } from './statements.ts';

interface Ordered {
  id: number;
  ts: number;
}

/** (ts DESC, id DESC): the order of every page. */
function newerFirst(a: Ordered, b: Ordered): number {
  return b.ts - a.ts || b.id - a.id;
}

/**
 * Rows of block `id` that come before `last` in page order (newer, or as new with a higher id) and
 * pass `filter` (the cheap test every match passes): times first, the filter's columns only when
 * some row is newer.
 */
function rowsNewerThan(store: SearchStore, id: number, last: Ordered, filter: RowFilter | null): number[] {
  const cols = store.blocks.columns(id, [COL.id, COL.ts]);
  const ids = cols[COL.id]!;
  const times = cols[COL.ts]!;
  const rows: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const ts = times[i] as number;
    if (ts > last.ts || (ts === last.ts && (ids[i] as number) > last.id)) rows.push(i);
  }
  if (rows.length === 0 || !filter) return rows;
  // The filter's columns (message text, say) are decoded only for a block with newer rows.
  const tested = store.blocks.decoded(id, filter.cols);
  return rows.filter((i) => filter.test(tested, i));
}

/**
 * The newest `limit` matching events across the head and the sealed blocks, newest first. Blocks
 * are visited by their newest event time; the walk stops at the first block whose newest event is
 * older than the current `limit`-th match, so a first page decodes a block or two. Once the page is
 * full, a block is decoded past its times only for rows newer than the page's last.
 */
export function newestRows(store: SearchStore, query: ResolvedQuery, opts: NewestOptions): Ordered[] {
  let rows = newestHeadRows(store.statements, query, opts, !headIsSmall(store.statements)) as Ordered[];
  const { fromMs } = query.range;
  const toMs = opts.cursor ? Math.min(query.range.toMs, opts.cursor.ts + 1) : query.range.toMs;
  const { blocks, filter, mayHold } = candidateBlocks(store, query, fromMs, toMs, true);
  if (blocks.length === 0) return rows;
  const sql = newestSql(opts.kind, query.filter?.sql ?? null, opts.cursor !== null, BLOCK_SOURCE);
  const stmt = store.statements.get(sql);
  const params = {
    ...(query.filter?.params ?? {}),
    ...(opts.cursor ? { cts: opts.cursor.ts, cid: opts.cursor.id } : {}),
    from: fromMs,
    to: toMs,
    limit: opts.limit,
  };
  for (const b of blocks) {
    const last = rows.length >= opts.limit ? rows[opts.limit - 1]! : null;
    if (last && last.ts > b.maxTs) break;
    if (mayHold && !mayHold(b)) continue;
    if (last) {
      // Blocks overlapping in time (a burst, late batches): only rows newer than the page's
      // current last row can still enter it; a block with none is passed on its times alone.
      const newer = rowsNewerThan(store, b.id, last, filter);
      if (newer.length === 0) continue;
      store.blocks.serveRows(b.id, sql, newer);
    } else store.blocks.serve(b.id, sql, filter);
    const got = stmt.all({ ...params, blk: b.id }) as Ordered[];
    if (got.length === 0) continue;
    rows = rows.concat(got).sort(newerFirst).slice(0, opts.limit);
  }
  return rows;
}
