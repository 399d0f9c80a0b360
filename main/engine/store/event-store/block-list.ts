import type { Database as Db, Statement } from 'better-sqlite3';

/** A sealed block's span (no data). */
export interface BlockMeta {
  id: number;
  lastId: number;
  minTs: number;
  maxTs: number;
}

/** Every block's span, by id and by newest event (see BlockList.current). */
export interface SpanList {
  count: number;
  maxId: number;
  byId: BlockMeta[];
  /** By max ts descending, then id descending: the order a page walks blocks in. */
  newest: BlockMeta[];
}

const META_COLUMNS = 'id, last_id AS lastId, min_ts AS minTs, max_ts AS maxTs';

function newerFirst(a: BlockMeta, b: BlockMeta): number {
  return b.maxTs - a.maxTs || b.id - a.id;
}

/** Two lists sorted by newerFirst, merged. */
function mergeNewest(a: BlockMeta[], b: BlockMeta[]): BlockMeta[] {
  if (b.length === 0) return a;
  const out: BlockMeta[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(newerFirst(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** Index of the last block whose id is ≤ id (-1 when none): byId ascends. */
export function lastAtOrBelow(byId: BlockMeta[], id: number): number {
  let a = 0;
  let b = byId.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (byId[mid]!.id <= id) a = mid + 1;
    else b = mid;
  }
  return a - 1;
}

/** One connection's list of the sealed blocks' spans, kept in step with `event_blocks`. */
export class BlockList {
  private readonly db: Db;
  private stmts: { head: Statement; after: Statement; ids: Statement; all: Statement } | null = null;
  private spans: SpanList | null = null;

  constructor(db: Db) {
    this.db = db;
  }

  /**
   * The connection's list of blocks, brought in step with `event_blocks` in the current snapshot.
   * Blocks are only ever inserted with ids above every earlier block (a block's id is its first
   * event's, and the sealer takes the head in id order) and deleted (retention), never updated:
   * a count and the highest id tell whether anything changed, new blocks are read by id, and a
   * drop costs one read of the ids. A 30-day store holds ~24,000 blocks; reading their spans for
   * every query cost more than the first page itself.
   */
  current(): SpanList {
    const sql = (this.stmts ??= {
      head: this.db.prepare('SELECT count(*) AS n, coalesce(max(id), 0) AS m FROM event_blocks'),
      after: this.db.prepare(`SELECT ${META_COLUMNS} FROM event_blocks WHERE id > ? ORDER BY id`),
      ids: this.db.prepare('SELECT id FROM event_blocks').pluck(),
      all: this.db.prepare(`SELECT ${META_COLUMNS} FROM event_blocks`),
    });
    const { n, m } = sql.head.get() as { n: number; m: number };
    const old = this.spans;
    if (old && old.count === n && old.maxId === m) return old;
    let byId: BlockMeta[] = [];
    let newest: BlockMeta[] = [];
    if (old) {
      const added = sql.after.all(old.maxId) as BlockMeta[];
      byId = old.byId.concat(added);
      newest = mergeNewest(old.newest, added.sort(newerFirst));
      if (byId.length !== n) {
        // Blocks were dropped (retention): keep the rest.
        const present = new Set(sql.ids.all() as number[]);
        byId = byId.filter((b) => present.has(b.id));
        newest = newest.filter((b) => present.has(b.id));
      }
    }
    if (!old || byId.length !== n) {
      // First use, or not an append or a drop (ids are never reused lower): read the whole list,
      // from the covering index (event_blocks_span) alone.
      byId = (sql.all.all() as BlockMeta[]).sort((a, b) => a.id - b.id);
      newest = byId.slice().sort(newerFirst);
    }
    this.spans = { count: byId.length, maxId: byId.at(-1)?.id ?? 0, byId, newest };
    return this.spans;
  }
}
