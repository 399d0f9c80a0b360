import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { DeliveryStatus } from '../../../shared/enums.ts';
import { conflict, notFound } from '../../../shared/errors.ts';
import type { Delivery } from '../../../shared/types.ts';
import { iso, isoOrNull } from '../clock.ts';
import type { Db } from '../store/db.ts';
import type { LogRange } from './log-body.ts';
import { generateWebhookId } from './signing.ts';

export type DeliveryKind = Delivery['kind'];

interface DeliveryRow {
  seq: number;
  id: string;
  endpoint_id: string;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  last_status: number | null;
  next_attempt_at: number | null;
  created_at: number;
  delivered_at: number | null;
  webhook_id: string;
  event_count: number;
  derived: number;
}

/** What an attempt needs from a queued row; a stored payload is read separately, when it is sent. */
export interface DueDelivery {
  id: string;
  endpointId: string;
  kind: DeliveryKind;
  attempts: number;
  webhookId: string;
  eventCount: number;
  derived: boolean;
  /** Logs deliveries: the events they carry, by reference. */
  range: LogRange | null;
}

type DueRow = {
  id: string;
  endpoint_id: string;
  kind: string;
  attempts: number;
  webhook_id: string;
  event_count: number;
  derived: number;
  range_min: number | null;
  range_max: number | null;
  range_filter: string | null;
};
function toDue(r: DueRow): DueDelivery {
  const range =
    r.range_min === null || r.range_max === null || r.range_filter === null
      ? null
      : { minId: r.range_min, maxId: r.range_max, ...(JSON.parse(r.range_filter) as Omit<LogRange, 'minId' | 'maxId'>) };
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    kind: r.kind as DeliveryKind,
    attempts: r.attempts,
    webhookId: r.webhook_id,
    eventCount: r.event_count,
    derived: r.derived === 1,
    range,
  };
}

export interface NewDelivery {
  endpointId: string;
  kind: DeliveryKind;
  /** Security/alert/test: the JSON array of the events carried. Logs: null (see `range`). */
  payload: string | null;
  range?: LogRange;
  eventCount: number;
  webhookId: string;
  /** Carries Watchpost's own forwarding-health events (delivery failed, endpoint disabled). */
  derived?: boolean;
}

const LIST_COLUMNS =
  'seq, id, endpoint_id, kind, status, attempts, last_error, last_status, next_attempt_at, created_at, delivered_at, webhook_id, event_count, derived';
const DUE_COLUMNS = 'id, endpoint_id, kind, attempts, webhook_id, event_count, derived, range_min, range_max, range_filter';

/**
 * The durable delivery queue (`deliveries`). Status moves pending → retrying → delivered|failed;
 * every transition is one UPDATE so a crash between attempts leaves a row the next start resumes.
 */
export class DeliveryStore {
  private readonly db: Db;
  private readonly s: Record<
    'insert' | 'insertPayload' | 'due' | 'dueById' | 'payload' | 'delivered' | 'retry' | 'failed' | 'one' | 'dueCount' | 'shrink',
    Statement
  >;
  private readonly insertTx: (d: NewDelivery, now: number) => string;

  constructor(db: Db) {
    this.db = db;
    this.s = {
      insert: db.prepare(`INSERT INTO deliveries (id, endpoint_id, kind, status, attempts, next_attempt_at, created_at, webhook_id, event_count, derived,
        range_min, range_max, range_filter) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertPayload: db.prepare('INSERT INTO delivery_payloads (delivery_seq, body) VALUES (?, ?)'),
      due: db.prepare(`SELECT ${DUE_COLUMNS} FROM deliveries
        WHERE endpoint_id = ? AND status IN ('pending', 'retrying') AND next_attempt_at <= ? ORDER BY next_attempt_at, seq LIMIT ?`),
      dueById: db.prepare(`SELECT ${DUE_COLUMNS} FROM deliveries WHERE id = ?`),
      payload: db.prepare('SELECT p.body FROM deliveries d JOIN delivery_payloads p ON p.delivery_seq = d.seq WHERE d.id = ?').pluck(),
      delivered: db.prepare(
        `UPDATE deliveries SET status = 'delivered', attempts = ?, last_status = ?, last_error = NULL, next_attempt_at = NULL, delivered_at = ? WHERE id = ?`,
      ),
      retry: db.prepare(`UPDATE deliveries SET status = 'retrying', attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ? WHERE id = ?`),
      failed: db.prepare(`UPDATE deliveries SET status = 'failed', attempts = ?, last_status = ?, last_error = ?, next_attempt_at = NULL WHERE id = ?`),
      one: db.prepare(`SELECT ${LIST_COLUMNS} FROM deliveries WHERE id = ?`),
      dueCount: db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status IN ('pending', 'retrying')`),
      shrink: db.prepare('UPDATE deliveries SET range_max = ?, event_count = ? WHERE id = ?'),
    };
    this.insertTx = db.transaction((d: NewDelivery, now: number): string => {
      const id = `dlv_${randomUUID()}`;
      const r = d.range;
      const filter = r ? JSON.stringify({ minLevel: r.minLevel, sourceSeqs: r.sourceSeqs, excludeSeqs: r.excludeSeqs }) : null;
      const seq = this.s.insert.run(
        id,
        d.endpointId,
        d.kind,
        now,
        now,
        d.webhookId,
        d.eventCount,
        d.derived ? 1 : 0,
        r?.minId ?? null,
        r?.maxId ?? null,
        filter,
      ).lastInsertRowid;
      if (d.payload !== null) this.s.insertPayload.run(seq, Buffer.from(d.payload, 'utf8'));
      return id;
    });
  }

  /** Queue a delivery for an immediate first attempt (row and payload in one transaction). */
  insert(d: NewDelivery, now: number): string {
    return this.insertTx(d, now);
  }

  /** Due rows of one endpoint, oldest first. */
  due(endpointId: string, now: number, limit: number): DueDelivery[] {
    return (this.s.due.all(endpointId, now, limit) as DueRow[]).map(toDue);
  }

  /** Load one row for a hand-driven attempt (the test event). */
  dueById(id: string): DueDelivery {
    const r = this.s.dueById.get(id) as DueRow | undefined;
    if (!r) throw notFound('delivery', id);
    return toDue(r);
  }

  /** A stored payload (JSON array bytes), or null when the row is gone or its payload was pruned. */
  payload(id: string): Buffer | null {
    return (this.s.payload.get(id) as Buffer | undefined) ?? null;
  }

  /**
   * The byte cap cut a logs delivery short at `lastId`: keep what was sent in this row and queue
   * the rest of the range as a new delivery (its own webhook-id), due at once.
   */
  split(d: DueDelivery, lastId: number, count: number, now: number): string | null {
    if (!d.range || lastId >= d.range.maxId) return null;
    return this.db.transaction(() => {
      this.s.shrink.run(lastId, count, d.id);
      return this.insert(
        {
          endpointId: d.endpointId,
          kind: 'logs',
          payload: null,
          range: { ...d.range!, minId: lastId + 1 },
          eventCount: Math.max(1, d.eventCount - count),
          webhookId: generateWebhookId(),
        },
        now,
      );
    })();
  }

  markDelivered(id: string, attempts: number, status: number, at: number): boolean {
    return this.s.delivered.run(attempts, status, at, id).changes > 0;
  }
  markRetry(id: string, attempts: number, status: number | null, error: string, nextAt: number): boolean {
    return this.s.retry.run(attempts, status, error, nextAt, id).changes > 0;
  }
  markFailed(id: string, attempts: number, status: number | null, error: string): boolean {
    return this.s.failed.run(attempts, status, error, id).changes > 0;
  }
  /** Set the number of events a delivery actually carried (logs: known once built). */
  setEventCount(id: string, count: number): void {
    this.db.prepare('UPDATE deliveries SET event_count = ? WHERE id = ?').run(count, id);
  }

  get(id: string): Delivery {
    const r = this.s.one.get(id) as DeliveryRow | undefined;
    if (!r) throw notFound('delivery', id);
    return toApi(r);
  }

  /** Newest first, optionally for one endpoint and/or one status. */
  list(filter: { endpointId?: string; status?: DeliveryStatus; limit: number }): Delivery[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.endpointId) {
      where.push('endpoint_id = ?');
      args.push(filter.endpointId);
    }
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    const sql = `SELECT ${LIST_COLUMNS} FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as DeliveryRow[]).map(toApi);
  }

  /**
   * Put a finished delivery back in the queue for an immediate attempt with a fresh schedule.
   * The webhook-id is kept, so a receiver that already has it can tell it is the same message.
   */
  redeliver(id: string, now: number): Delivery {
    const d = this.get(id);
    if (d.status === 'pending' || d.status === 'retrying') {
      throw conflict(`delivery ${id} is still ${d.status}; only delivered or failed deliveries can be redelivered`, { id, status: d.status });
    }
    if (d.kind !== 'logs' && !this.payload(id)) throw conflict(`delivery ${id} can no longer be redelivered: its event was pruned`, { id });
    this.db
      .prepare(
        `UPDATE deliveries SET status = 'pending', attempts = 0, last_error = NULL, last_status = NULL, next_attempt_at = ?, delivered_at = NULL WHERE id = ?`,
      )
      .run(now, id);
    return this.get(id);
  }

  /**
   * Housekeeping in small slices so it never stalls ingest: delivered rows created before
   * `deliveredBefore`, failed rows created before `failedBefore`. Returns rows deleted.
   */
  prune(cut: { deliveredBefore: number; failedBefore: number }, chunk = 500): number {
    return this.db
      .prepare(`DELETE FROM deliveries WHERE seq IN (SELECT seq FROM deliveries WHERE created_at < MAX(@delivered, @failed)
        AND ((status = 'delivered' AND created_at < @delivered) OR (status = 'failed' AND created_at < @failed)) ORDER BY created_at LIMIT @chunk)`)
      .run({ delivered: cut.deliveredBefore, failed: cut.failedBefore, chunk }).changes;
  }

  /** Delete up to `chunk` of an endpoint's deliveries (endpoint delete, in slices). */
  deleteSome(endpointId: string, chunk = 2000): number {
    return this.db.prepare('DELETE FROM deliveries WHERE seq IN (SELECT seq FROM deliveries WHERE endpoint_id = ? LIMIT ?)').run(endpointId, chunk).changes;
  }

  /** Rows still waiting for an attempt (pending or retrying). */
  queued(): number {
    return (this.s.dueCount.get() as { n: number }).n;
  }
}

function toApi(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: isoOrNull(r.next_attempt_at),
    createdAt: iso(r.created_at),
    deliveredAt: isoOrNull(r.delivered_at),
    webhookId: r.webhook_id,
    eventCount: r.event_count,
    kind: r.kind as DeliveryKind,
  };
}
