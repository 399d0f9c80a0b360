import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import type { CommittedEvent } from '../bus.ts';
import type { SourceDirectory } from '../context.ts';
import type { Db } from '../store/db.ts';
import type { EventRow } from '../events/row.ts';

/** An events row without the source join (the scan resolves sources from the directory). */
type ScanRow = Omit<EventRow, 'source_id' | 'source_name'>;

/**
 * First event id received at or after `cutoff`, by bisecting the rowid (ids grow in receive order),
 * so rebuilding a window or previewing a day never scans the older part of the events table.
 */
export function firstIdReceivedSince(db: Db, cutoff: number): number | null {
  const bounds = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM events').get() as { lo: number | null; hi: number | null };
  if (bounds.lo === null || bounds.hi === null) return null;
  const probe = db.prepare('SELECT id, received_at FROM events WHERE id >= ? ORDER BY id LIMIT 1');
  const at = (x: number) => probe.get(x) as { id: number; received_at: number };
  if (at(bounds.hi).received_at < cutoff) return null;
  let lo = bounds.lo;
  let hi = bounds.hi;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (at(mid).received_at >= cutoff) hi = mid;
    else lo = mid + 1;
  }
  return at(lo).id;
}

/** What to replay: narrowed in SQL so previews and rebuilds skip what no rule could use. */
export interface ScanOptions {
  fromId: number;
  /** Only these sources (null = all). */
  sourceSeqs: number[] | null;
  /** Only these severity indexes (null = all). */
  severities: number[] | null;
  /** Parse raw JSON only when a rule reads raw paths. */
  needRaw: boolean;
  /** Stop after this receive time (inclusive). */
  untilReceivedAt: number;
}

/** Stored events from `fromId` on, in receive order, as the evaluator's CommittedEvent shape. */
export function* scanEvents(db: Db, sources: SourceDirectory, o: ScanOptions): Generator<CommittedEvent> {
  const where = ['id >= ?', 'received_at <= ?'];
  const args: unknown[] = [o.fromId, o.untilReceivedAt];
  if (o.sourceSeqs) {
    if (o.sourceSeqs.length === 0) return;
    where.push(`source_seq IN (${o.sourceSeqs.map(() => '?').join(',')})`);
    args.push(...o.sourceSeqs);
  }
  if (o.severities) {
    if (o.severities.length === 0) return;
    where.push(`severity IN (${o.severities.map(() => '?').join(',')})`);
    args.push(...o.severities);
  }
  const cols = `id, source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, ${o.needRaw ? 'raw' : "'{}' AS raw"}`;
  const stmt = db.prepare(`SELECT ${cols} FROM events WHERE ${where.join(' AND ')} ORDER BY id`);
  for (const r of stmt.iterate(...args) as IterableIterator<ScanRow>) {
    yield {
      id: r.id, sourceSeq: r.source_seq, sourceId: sources.bySeq(r.source_seq)?.id ?? `seq:${r.source_seq}`, receivedAt: r.received_at, ts: r.ts,
      severity: SEVERITIES[r.severity] ?? 'info', category: CATEGORIES[r.category] ?? 'other', outcome: OUTCOMES[r.outcome] ?? 'unknown',
      host: r.host, user: r.user, action: r.action, message: r.message, tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
      raw: o.needRaw ? (JSON.parse(r.raw) as Record<string, unknown>) : {},
    };
  }
}
