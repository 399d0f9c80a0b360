import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import type { CommittedEvent, EngineBus } from '../bus.ts';
import type { SourceInfo } from '../context.ts';
import { categoryOf, outcomeOf } from './envelope.ts';
import type { NormalizedEvent } from './envelope.ts';
import { NEXT_EVENT_ID_SQL } from '../store/event-store/index.ts';

export interface Batch {
  source: SourceInfo;
  events: NormalizedEvent[];
  receivedAt: number;
  /** Lines of the same request that were rejected (counted in source stats). */
  rejected: number;
  /**
   * Runs inside the same transaction, after the events (pull checkpoints): if it throws, the
   * events roll back with it, so a checkpoint and the events it covers commit together or not at all.
   */
  inTransaction?: () => void;
}

interface Pending {
  batch: Batch;
  resolve: (ids: number[]) => void;
  reject: (err: unknown) => void;
}

/** Source stats bucket width. */
export const STATS_BUCKET_MS = 300_000;
const MINUTE = 60_000;
const LAST_USED_EVERY_MS = 10_000;

/** SQLite error codes that mean "the store cannot take writes right now" (→ 503 + Retry-After). */
export function isStoreUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return /^SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY|CANTOPEN|NOMEM)/.test(code);
}

/**
 * Writes accepted events. Requests arriving in the same tick share one transaction (group commit):
 * each caller's promise resolves only after that transaction has committed, so a 2xx always means
 * durable. Also keeps per-source hourly stats and per-minute severity counts in the same transaction.
 */
export class EventWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private lastUsedWritten = new Map<number, number>();
  private readonly insertEvent: Statement;
  private readonly upsertStats: Statement;
  private readonly upsertCounts: Statement;
  private readonly touchSource: Statement;
  private readonly commit: (batches: Batch[]) => number[][];
  private readonly nextIdStmt: Statement;
  /** Next event id. Assigned here, not by SQLite: once the head is sealed empty, max(rowid)+1 would reuse sealed ids. */
  private nextId = 1;

  private readonly bus: EngineBus;
  private readonly clock: Clock;

  constructor(db: Db, bus: EngineBus, clock: Clock) {
    this.bus = bus;
    this.clock = clock;
    this.insertEvent = db.prepare(
      'INSERT INTO events (id, source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
    );
    this.nextIdStmt = db.prepare(NEXT_EVENT_ID_SQL);
    this.upsertStats = db.prepare(`INSERT INTO source_stats (source_seq, bucket, accepted, rejected, rate_limited, last_event_at) VALUES (?,?,?,?,?,?)
      ON CONFLICT (source_seq, bucket) DO UPDATE SET accepted = accepted + excluded.accepted, rejected = rejected + excluded.rejected,
      rate_limited = rate_limited + excluded.rate_limited, last_event_at = max(coalesce(last_event_at, 0), coalesce(excluded.last_event_at, 0))`);
    this.upsertCounts = db.prepare(`INSERT INTO event_counts (minute, source_seq, severity, count) VALUES (?,?,?,?)
      ON CONFLICT (minute, source_seq, severity) DO UPDATE SET count = count + excluded.count`);
    this.touchSource = db.prepare('UPDATE sources SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE seq = ?');
    this.commit = db.transaction((batches: Batch[]) => {
      // Two index look-ups per transaction: also covers rows another writer (a test, an import) added.
      this.nextId = Math.max(this.nextId, (this.nextIdStmt.get() as { n: number }).n);
      return batches.map((b) => this.writeOne(b));
    });
  }

  /** Queue a batch for the next group commit; resolves with the new event ids once durable. */
  write(batch: Batch): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Write now, in its own transaction (security events, connectors, tests). */
  writeNow(batch: Batch): number[] {
    const [ids] = this.commit([batch]);
    this.afterCommit([batch], [ids!]);
    return ids!;
  }

  /** Count rejected or rate-limited requests that stored nothing. */
  countRefused(sourceSeq: number, rejected: number, rateLimited: number): void {
    const bucket = Math.floor(this.clock.now() / STATS_BUCKET_MS) * STATS_BUCKET_MS;
    this.upsertStats.run(sourceSeq, bucket, 0, rejected, rateLimited, null);
  }

  /** Commit everything queued; used by shutdown to drain. */
  flush(): void {
    this.scheduled = false;
    const pending = this.queue;
    if (pending.length === 0) return;
    this.queue = [];
    let ids: number[][];
    try {
      ids = this.commit(pending.map((p) => p.batch));
    } catch (err) {
      for (const p of pending) p.reject(err);
      return;
    }
    for (let i = 0; i < pending.length; i++) pending[i]!.resolve(ids[i]!);
    this.afterCommit(
      pending.map((p) => p.batch),
      ids,
    );
  }

  private writeOne(b: Batch): number[] {
    const seq = b.source.seq;
    const ids: number[] = new Array(b.events.length);
    const counts = new Map<number, number>();
    for (let i = 0; i < b.events.length; i++) {
      const e = b.events[i]!;
      const id = this.nextId++;
      this.insertEvent.run(
        id,
        seq,
        b.receivedAt,
        e.ts,
        e.severityIdx,
        e.categoryIdx,
        e.outcomeIdx,
        e.host,
        e.user,
        e.action,
        e.message,
        e.tags.length ? JSON.stringify(e.tags) : null,
        e.rawText,
      );
      ids[i] = id;
      const key = Math.floor(e.ts / MINUTE) * 8 + e.severityIdx;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts) this.upsertCounts.run(Math.floor(key / 8) * MINUTE, seq, key % 8, n);
    const bucket = Math.floor(b.receivedAt / STATS_BUCKET_MS) * STATS_BUCKET_MS;
    this.upsertStats.run(seq, bucket, b.events.length, b.rejected, 0, b.events.length ? b.receivedAt : null);
    if (b.events.length && b.receivedAt - (this.lastUsedWritten.get(seq) ?? 0) >= LAST_USED_EVERY_MS) {
      this.touchSource.run(b.receivedAt, seq);
      this.lastUsedWritten.set(seq, b.receivedAt);
    }
    b.inTransaction?.();
    return ids;
  }

  private afterCommit(batches: Batch[], ids: number[][]): void {
    let count = 0;
    const sourceIds = new Set<string>();
    let newest = 0;
    const wantCommitted = this.bus.hasListeners('committed');
    const committed: CommittedEvent[] = [];
    for (let i = 0; i < batches.length; i++) {
      const b = batches[i]!;
      if (!b.events.length) continue;
      b.source.lastEventAt = Math.max(b.source.lastEventAt ?? 0, b.receivedAt);
      count += b.events.length;
      sourceIds.add(b.source.id);
      newest = Math.max(newest, b.receivedAt);
      if (!wantCommitted) continue;
      const bIds = ids[i]!;
      for (let j = 0; j < b.events.length; j++) {
        const e = b.events[j]!;
        committed.push({
          id: bIds[j]!,
          sourceSeq: b.source.seq,
          sourceId: b.source.id,
          receivedAt: b.receivedAt,
          ts: e.ts,
          severity: e.severity,
          category: categoryOf(e.categoryIdx),
          outcome: outcomeOf(e.outcomeIdx),
          host: e.host,
          user: e.user,
          action: e.action,
          message: e.message,
          tags: e.tags,
          raw: e.raw,
        });
      }
    }
    if (committed.length) this.bus.emit('committed', committed);
    if (count) this.bus.emit('events', { count, sourceIds: [...sourceIds], newestAt: new Date(newest).toISOString() });
  }
}
