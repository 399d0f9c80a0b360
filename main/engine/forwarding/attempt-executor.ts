import type { EndpointFormat } from '../../../shared/enums.ts';
import type { Db } from '../store/db.ts';
import type { DeliveryKind } from './delivery-store.ts';
import { HttpSender } from './http-sender.ts';
import type { SendOutcome, SendTarget } from './http-sender.ts';
import { LogBodyBuilder } from './log-body.ts';
import type { LogRange } from './log-body.ts';
import { formatBody } from './payload.ts';
import { signatureHeaders } from './signing.ts';

/**
 * One attempt as plain data: everything needed to build, sign and send the request, decided by
 * the dispatcher (which owns the queue, the clock and every database write). Plain data so the
 * attempt can run in the send worker, off the thread that ingests.
 */
export interface AttemptJob {
  target: SendTarget;
  format: EndpointFormat;
  kind: DeliveryKind;
  /** Auth headers for this endpoint (Authorization, a named header, DD-API-KEY). */
  headers: Record<string, string>;
  signingSecret: string;
  webhookId: string;
  /** webhook-timestamp: the attempt time by Watchpost's clock. */
  timestampSec: number;
  timeoutMs: number;
  /** Security/alert/test: the stored JSON array. */
  stored: Uint8Array | null;
  /** Logs: the events by reference, read from the events table. */
  range: LogRange | null;
  maxBytes: number;
}

export interface AttemptReply extends SendOutcome {
  /** The request could never be built (e.g. its events were removed): fail without retrying. */
  permanent: boolean;
  /** Logs: events in the body, the last id included, and whether the byte cap left some out. */
  count: number;
  lastId: number;
  more: boolean;
}

/** Anything that runs attempts: in this thread, or in the send worker. */
export interface Executor {
  /** 'worker' when attempts run in the send worker thread. */
  readonly where: 'worker' | 'thread';
  run(job: AttemptJob): Promise<AttemptReply>;
  /** Forget an endpoint's connection pool (deleted, disabled, reconfigured). */
  drop(endpointId: string): void;
  close(): Promise<void>;
}

/** Builds the body (stored event or logs range), signs it (Standard Webhooks) and sends it. */
export class AttemptExecutor implements Executor {
  readonly where = 'thread' as const;
  private readonly bodies: LogBodyBuilder;
  private readonly sender: HttpSender;

  constructor(db: Db, maxSockets: number) {
    this.bodies = new LogBodyBuilder(db);
    this.sender = new HttpSender(maxSockets);
  }

  async run(job: AttemptJob): Promise<AttemptReply> {
    let body: Buffer;
    let count = 1;
    let lastId = 0;
    let more = false;
    try {
      if (job.range) {
        const built = this.bodies.build(job.range, job.format, job.maxBytes);
        if (built.count === 0) return fail('its events are no longer stored (removed by retention)', true);
        ({ count, lastId, more } = built);
        body = Buffer.from(built.body, 'utf8');
      } else {
        if (!job.stored) return fail('its event is no longer stored', true);
        const f = formatBody(job.format, job.kind, Buffer.from(job.stored));
        body = typeof f.body === 'string' ? Buffer.from(f.body, 'utf8') : f.body;
      }
    } catch (err) {
      return fail(`could not build the request: ${(err as Error).message}`, true);
    }
    const headers = { 'content-type': 'application/json', ...job.headers, ...signatureHeaders(job.signingSecret, job.webhookId, job.timestampSec, body) };
    const outcome = await this.sender.send(job.target, headers, body, job.timeoutMs);
    return { ...outcome, permanent: false, count, lastId, more };
  }

  drop(endpointId: string): void {
    this.sender.drop(endpointId);
  }

  async close(): Promise<void> {
    this.sender.close();
  }
}

function fail(error: string, permanent: boolean): AttemptReply {
  return { status: null, error, retryAfter: null, permanent, count: 0, lastId: 0, more: false };
}
