import { BLOCK_SOURCE } from '../store/event-store/index.ts';
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
 * The newest `limit` matching events across the head and the sealed blocks, newest first. Blocks
 * are visited by their newest event time; the walk stops at the first block whose newest event is
 * older than the current `limit`-th match, so a first page decodes a block or two.
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
    if (rows.length >= opts.limit && rows[opts.limit - 1]!.ts > b.maxTs) break;
    if (mayHold && !mayHold(b)) continue;
    store.blocks.serve(b.id, sql, filter);
    const got = stmt.all({ ...params, blk: b.id }) as Ordered[];
    if (got.length === 0) continue;
    rows = rows.concat(got).sort(newerFirst).slice(0, opts.limit);
  }
  return rows;
}
