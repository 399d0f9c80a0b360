import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import type { CommittedEvent, EngineBus } from '../bus.ts';
import type { SourceInfo } from '../context.ts';
import { categoryOf, outcomeOf } from './envelope.ts';
import type { NormalizedEvent } from './envelope.ts';
import { openEventSink } from '../store/event-store/index.ts';
import type { EventSink, NewEventRow, SqlStep, WriteBatch } from '../store/event-store/index.ts';

export { STATS_BUCKET_MS } from '../store/event-store/index.ts';

export interface Batch {
  source: SourceInfo;
  events: NormalizedEvent[];
  receivedAt: number;
  /** Lines of the same request that were rejected (counted in source stats). */
  rejected: number;
  /**
   * Statements run inside the same transaction, after the events (pull checkpoints): if one fails,
   * the events roll back with it, so a checkpoint and the events it covers commit together or not at all.
   */
  steps?: SqlStep[];
}

interface Pending {
  batch: Batch;
  resolve: (ids: number[]) => void;
  reject: (err: unknown) => void;
}

const LAST_USED_EVERY_MS = 10_000;

/** SQLite error codes that mean "the store cannot take writes right now" (→ 503 + Retry-After). */
export function isStoreUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return /^SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY|CANTOPEN|NOMEM)/.test(code);
}

export interface WriterOptions {
  /** Commit on the event writer thread (its own connection) when its script exists; default false (in-thread). */
  thread?: boolean;
  synchronous?: 'normal' | 'full';
}

/**
 * Writes accepted events through the event store's sink (docs/storage.md). Requests queued while a
 * commit is in flight are committed together in the next one (group commit): each caller's promise
 * resolves only after that transaction has committed, so a 2xx always means durable. Commits are
 * announced on the bus in commit order, which is id order.
 */
/** An event as the store writes it (the benches' raw-insert baseline binds the same values). */
export function newEventRow(e: NormalizedEvent): NewEventRow {
  return [e.ts, e.severityIdx, e.categoryIdx, e.outcomeIdx, e.host, e.user, e.action, e.message, e.tags.length ? JSON.stringify(e.tags) : null, e.rawText];
}

export class EventWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  private idle: (() => void)[] = [];
  private lastUsedWritten = new Map<number, number>();
  private readonly sink: EventSink;
  private readonly bus: EngineBus;
  private readonly clock: Clock;

  constructor(db: Db, bus: EngineBus, clock: Clock, opts: WriterOptions = {}) {
    this.bus = bus;
    this.clock = clock;
    this.sink = openEventSink(db, { preferThread: opts.thread ?? false, synchronous: opts.synchronous ?? 'normal' });
  }

  /** Where commits run now: the writer thread, or the engine thread (no worker script, or it died). */
  get where(): 'worker' | 'thread' {
    return this.sink.where;
  }

  /** Queue a batch for the next group commit; resolves with the new event ids once durable. */
  write(batch: Batch): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.schedule();
    });
  }

  /** Write now, in its own transaction, blocking until durable (security events, tests, bench set-up). */
  writeNow(batch: Batch): number[] {
    const ids = this.sink.commitSync(this.toWrite(batch));
    this.afterCommit([batch], [ids]);
    return ids;
  }

  /** Count rejected or rate-limited requests that stored nothing. */
  countRefused(sourceSeq: number, rejected: number, rateLimited: number): void {
    this.sink.countRefused(sourceSeq, this.clock.now(), rejected, rateLimited);
  }

  /** Commit everything queued, wait for it, and stop the writer thread (engine shutdown). */
  async close(): Promise<void> {
    while (this.queue.length || this.inFlight) {
      this.flush();
      if (!this.queue.length && !this.inFlight) break;
      await new Promise<void>((res) => this.idle.push(res));
    }
    await this.sink.close();
  }

  private schedule(): void {
    // To the writer thread, each request goes at once: the thread gathers whatever waits for it into
    // one commit. Held until the loop's next turn, the requests parsed in one poll phase went as one
    // commit and were answered together, so the clients sent again together (a convoy): measured
    // 92–108k → 110–116k events/s (docs/benchmarks.md "Stop 13"). In-thread a commit blocks, so
    // what this turn of the loop queued is gathered first.
    if (this.sink.where === 'worker') return this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Send everything queued as one commit request. The writer thread commits all requests waiting
   * for it as one transaction, so requests are sent as they come (parsing the next overlaps the
   * commit) and still gather into commits of ~1,000 rows under load; in-thread, a commit blocks,
   * and what arrives meanwhile is the next group.
   */
  private flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const pending = this.queue;
    this.queue = [];
    this.inFlight++;
    this.sink.send(
      pending.map((p) => this.toWrite(p.batch)),
      (results) => {
        this.inFlight--;
        const batches: Batch[] = [];
        const ids: number[][] = [];
        for (let i = 0; i < pending.length; i++) {
          const p = pending[i]!;
          const r = results[i]!;
          if (r instanceof Error) p.reject(r);
          else {
            p.resolve(r);
            batches.push(p.batch);
            ids.push(r);
          }
        }
        this.afterCommit(batches, ids);
        if (this.queue.length) this.schedule();
        else if (!this.inFlight) for (const res of this.idle.splice(0)) res();
      },
    );
  }

  private toWrite(b: Batch): WriteBatch {
    const seq = b.source.seq;
    const touch = b.events.length > 0 && b.receivedAt - (this.lastUsedWritten.get(seq) ?? 0) >= LAST_USED_EVERY_MS;
    if (touch) this.lastUsedWritten.set(seq, b.receivedAt);
    return {
      sourceSeq: seq,
      receivedAt: b.receivedAt,
      rejected: b.rejected,
      touch,
      rows: b.events.map(newEventRow),
      steps: b.steps,
    };
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
