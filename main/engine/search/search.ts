import type { SearchInput } from '../../../shared/api.ts';
import { notFound } from '../../../shared/errors.ts';
import { SEARCH_LIMITS } from '../../../shared/limits.ts';
import type { EventPage, FieldCount, Histogram, WatchpostEvent } from '../../../shared/types.ts';
import type { Db } from '../store/db.ts';
import { rowToEvent } from '../events/row.ts';
import type { EventRow } from '../events/row.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { fieldCounts } from './fields.ts';
import { histogram } from './histogram.ts';
import { resolveQuery } from './input.ts';
import { queryInt } from '../validate.ts';
import { BlockReader } from '../store/event-store/index.ts';
import { newestRows } from './newest.ts';
import type { SearchStore } from './parts.ts';
import { GET_BLOCK_SQL, GET_SQL, StatementCache } from './statements.ts';
import { topValues } from './top-values.ts';
import { TOP_LIMITS } from './top.ts';
import { TOP_PART_MAX_VALUES } from './split.ts';
import type { TimePart, TopPart } from './split.ts';

const MAX_ROWID = 9223372036854775807n;

/** The Log Viewer's engine side (SPEC §4 events.*, §5 syntax). `nowMs` anchors relative times. */
export interface Search {
  search(input: SearchInput, nowMs: number): EventPage;
  get(id: string): WatchpostEvent;
  /** With `part`: only the events of that part of the window are counted, in the window's buckets (split.ts). */
  histogram(input: SearchInput & { buckets?: number }, nowMs: number, part?: TimePart | null): Histogram;
  fields(input: SearchInput, nowMs: number): { fields: FieldCount[] };
  /**
   * With `part`: the top values of that part of the window, every value (no limit cut), for
   * mergeTops (split.ts); none and `incomplete` when there are more than TOP_PART_MAX_VALUES.
   */
  top(input: SearchInput & { field: string }, nowMs: number, part?: TimePart | null): TopPart;
}

/**
 * Search over the events table. Queries compile to parameterised SQL; pages are keyset-paged
 * newest first on the events_ts index so a first page stops as soon as it has `limit` rows, and
 * severity/source/platform conditions skip minutes event_counts shows to be empty (scan.ts).
 */
export function createSearch(db: Db): Search {
  const statements = new StatementCache(db);
  const store: SearchStore = { statements, blocks: BlockReader.for(db) };
  // One read transaction per request: the head, the block list and the blocks are read from one
  // snapshot, so an event sealed (or a block dropped) meanwhile is seen exactly once (or not at all).
  const snapshot =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R =>
      db.inTransaction ? fn(...args) : db.transaction(fn)(...args);

  const search: Search = {
    search(input, nowMs) {
      const limit = queryInt('limit', input.limit, { fallback: SEARCH_LIMITS.defaultLimit, max: SEARCH_LIMITS.maxLimit });
      const cursor = input.cursor === undefined || input.cursor === null || input.cursor === '' ? null : decodeCursor(input.cursor);
      const query = resolveQuery(input, nowMs);
      const rows = newestRows(store, query, { kind: 'page', limit: limit + 1, cursor }) as EventRow[];
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      const last = page.at(-1);
      return {
        events: page.map(rowToEvent),
        nextCursor: more && last ? encodeCursor({ ts: last.ts, id: last.id }) : null,
      };
    },

    get(id) {
      const n = typeof id === 'string' && /^\d{1,19}$/.test(id) ? BigInt(id) : null;
      let row = n !== null && n <= MAX_ROWID ? (statements.get(GET_SQL).get({ id: n }) as EventRow | undefined) : undefined;
      const block = !row && n !== null && n <= BigInt(Number.MAX_SAFE_INTEGER) ? store.blocks.holding(Number(n)) : undefined;
      if (block) {
        store.blocks.serve(block.id, GET_BLOCK_SQL);
        row = statements.get(GET_BLOCK_SQL).get({ id: n, blk: block.id }) as EventRow | undefined;
      }
      if (!row) throw notFound('event', id);
      return rowToEvent(row);
    },

    histogram(input, nowMs, part = null) {
      const buckets = queryInt('buckets', input.buckets, { fallback: SEARCH_LIMITS.defaultBuckets, max: SEARCH_LIMITS.maxBuckets });
      return histogram(store, resolveQuery(input, nowMs), buckets, part);
    },

    fields(input, nowMs) {
      return fieldCounts(store, resolveQuery(input, nowMs));
    },

    top(input, nowMs, part = null) {
      const limit = queryInt('limit', input.limit, { fallback: TOP_LIMITS.defaultLimit, max: TOP_LIMITS.maxLimit });
      const query = resolveQuery(input, nowMs);
      if (!part) return topValues(store, query, input.field, limit);
      const range = { fromMs: Math.max(query.range.fromMs, part.fromMs), toMs: Math.min(query.range.toMs, part.toMs) };
      const all: TopPart = topValues(store, { ...query, range }, input.field, Number.MAX_SAFE_INTEGER);
      return all.values.length > TOP_PART_MAX_VALUES ? { ...all, values: [], incomplete: true } : all;
    },
  };
  return {
    search: snapshot(search.search),
    get: snapshot(search.get),
    histogram: snapshot(search.histogram),
    fields: snapshot(search.fields),
    top: snapshot(search.top),
  };
}
