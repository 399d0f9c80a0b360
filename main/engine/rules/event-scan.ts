import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import type { CommittedEvent } from '../bus.ts';
import type { SourceDirectory } from '../context.ts';
import type { Db } from '../store/db.ts';
import { firstIdReceivedSince as storedFirstIdSince, scanById } from '../store/event-store/index.ts';

/** First event id received at or after `cutoff` (head or sealed blocks; see the event store). */
export function firstIdReceivedSince(db: Db, cutoff: number): number | null {
  return storedFirstIdSince(db, cutoff);
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
  const rows = scanById(db, { fromId: o.fromId, untilReceivedAt: o.untilReceivedAt, sourceSeqs: o.sourceSeqs, severities: o.severities });
  for (const r of rows) {
    yield {
      id: r.id,
      sourceSeq: r.source_seq,
      sourceId: sources.bySeq(r.source_seq)?.id ?? `seq:${r.source_seq}`,
      receivedAt: r.received_at,
      ts: r.ts,
      severity: SEVERITIES[r.severity] ?? 'info',
      category: CATEGORIES[r.category] ?? 'other',
      outcome: OUTCOMES[r.outcome] ?? 'unknown',
      host: r.host,
      user: r.user,
      action: r.action,
      message: r.message,
      tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
      raw: o.needRaw ? (JSON.parse(r.raw) as Record<string, unknown>) : {},
    };
  }
}
