import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { DeliveryStatus } from '../../../shared/enums.ts';
import { conflict, notFound } from '../../../shared/errors.ts';
import type { Delivery } from '../../../shared/types.ts';
import { iso, isoOrNull } from '../clock.ts';
import type { Db } from '../store/db.ts';

export type DeliveryKind = Delivery['kind'];

interface DeliveryRow {
  seq: number; id: string; endpoint_id: string; kind: string; status: string; attempts: number; last_error: string | null;
  last_status: number | null; next_attempt_at: number | null; created_at: number; delivered_at: number | null; webhook_id: string;
  event_count: number; derived: number;
}

/** What an attempt needs from a queued row (the payload is read only when it is sent). */
export interface DueDelivery {
  id: string;
  endpointId: string;
  kind: DeliveryKind;
  attempts: number;
  webhookId: string;
  eventCount: number;
  derived: boolean;
  /** JSON array of the events carried, in Watchpost's generic shape. */
  payload: string;
}

export interface NewDelivery {
  endpointId: string;
  kind: DeliveryKind;
  /** JSON array text of the events carried. */
  payload: string;
  eventCount: number;
  webhookId: string;
  /** Carries Watchpost's own forwarding-health events (delivery failed, endpoint disabled). */
  derived?: boolean;
}

const LIST_COLUMNS = 'seq, id, endpoint_id, kind, status, attempts, last_error, last_status, next_attempt_at, created_at, delivered_at, webhook_id, event_count, derived';

/**
 * The durable delivery queue (`deliveries`). Status moves pending → retrying → delivered|failed;
 * every transition is one UPDATE so a crash between attempts leaves a row the next start resumes.
 */
export class DeliveryStore {
  private readonly db: Db;
  private readonly s: {
    insert: Statement; due: Statement; delivered: Statement; retry: Statement; failed: Statement; one: Statement; dueCount: Statement;
  };

  constructor(db: Db) {
    this.db = db;
    this.s = {
      insert: db.prepare(`INSERT INTO deliveries (id, endpoint_id, kind, status, attempts, next_attempt_at, created_at, webhook_id, event_count, derived, payload)
        VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?, ?)`),
      due: db.prepare(`SELECT id, endpoint_id, kind, attempts, webhook_id, event_count, derived, payload FROM deliveries
        WHERE endpoint_id = ? AND status IN ('pending', 'retrying') AND next_attempt_at <= ? ORDER BY next_attempt_at, seq LIMIT ?`),
      delivered: db.prepare(`UPDATE deliveries SET status = 'delivered', attempts = ?, last_status = ?, last_error = NULL, next_attempt_at = NULL, delivered_at = ? WHERE id = ?`),
      retry: db.prepare(`UPDATE deliveries SET status = 'retrying', attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ? WHERE id = ?`),
      failed: db.prepare(`UPDATE deliveries SET status = 'failed', attempts = ?, last_status = ?, last_error = ?, next_attempt_at = NULL WHERE id = ?`),
      one: db.prepare(`SELECT ${LIST_COLUMNS} FROM deliveries WHERE id = ?`),
      dueCount: db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status IN ('pending', 'retrying')`),
    };
  }

  /** Queue a delivery for an immediate first attempt. */
  insert(d: NewDelivery, now: number): string {
    const id = `dlv_${randomUUID()}`;
    this.s.insert.run(id, d.endpointId, d.kind, now, now, d.webhookId, d.eventCount, d.derived ? 1 : 0, d.payload);
    return id;
  }

  /** Due rows of one endpoint, oldest first. */
  due(endpointId: string, now: number, limit: number): DueDelivery[] {
    const rows = this.s.due.all(endpointId, now, limit) as {
      id: string; endpoint_id: string; kind: string; attempts: number; webhook_id: string; event_count: number; derived: number; payload: string;
    }[];
    return rows.map((r) => ({
      id: r.id, endpointId: r.endpoint_id, kind: r.kind as DeliveryKind, attempts: r.attempts, webhookId: r.webhook_id,
      eventCount: r.event_count, derived: r.derived === 1, payload: r.payload,
    }));
  }

  /** Load one row for a hand-driven attempt (the test event). */
  dueById(id: string): DueDelivery {
    const r = this.db.prepare('SELECT id, endpoint_id, kind, attempts, webhook_id, event_count, derived, payload FROM deliveries WHERE id = ?').get(id) as
      | { id: string; endpoint_id: string; kind: string; attempts: number; webhook_id: string; event_count: number; derived: number; payload: string }
      | undefined;
    if (!r) throw notFound('delivery', id);
    return {
      id: r.id, endpointId: r.endpoint_id, kind: r.kind as DeliveryKind, attempts: r.attempts, webhookId: r.webhook_id,
      eventCount: r.event_count, derived: r.derived === 1, payload: r.payload,
    };
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
    this.db
      .prepare(`UPDATE deliveries SET status = 'pending', attempts = 0, last_error = NULL, last_status = NULL, next_attempt_at = ?, delivered_at = NULL WHERE id = ?`)
      .run(now, id);
    return this.get(id);
  }

  /** Rows still waiting for an attempt (pending or retrying). */
  queued(): number {
    return (this.s.dueCount.get() as { n: number }).n;
  }
}

function toApi(r: DeliveryRow): Delivery {
  return {
    id: r.id, endpointId: r.endpoint_id, status: r.status as DeliveryStatus, attempts: r.attempts, lastError: r.last_error,
    nextAttemptAt: isoOrNull(r.next_attempt_at), createdAt: iso(r.created_at), deliveredAt: isoOrNull(r.delivered_at),
    webhookId: r.webhook_id, eventCount: r.event_count, kind: r.kind as DeliveryKind,
  };
}
