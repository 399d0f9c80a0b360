import type { Delivery } from '../../../shared/types.ts';
import type { EngineBus } from '../bus.ts';
import type { Clock } from '../clock.ts';
import { iso } from '../clock.ts';
import type { Notifier, SecurityRecorder } from '../context.ts';
import type { Db } from '../store/db.ts';
import type { DeliveryStore, DueDelivery } from './delivery-store.ts';
import type { EndpointConfig, EndpointStore } from './endpoint-store.ts';
import type { Executor } from './attempt-executor.ts';
import { DISABLE_AFTER_MS, parseRetryAfter, verdictFor } from './schedule.ts';
import type { AttemptOutcome, Verdict } from './schedule.ts';

export interface DeliveryRunnerDeps {
  db: Db;
  clock: Clock;
  bus: EngineBus;
  endpoints: EndpointStore;
  deliveries: DeliveryStore;
  executor: Executor;
  /** Byte cap of one logs request (a longer range is split into another delivery). */
  maxBatchBytes: () => number;
  security: SecurityRecorder;
  notifier: Notifier;
  requestTimeoutMs: number;
  concurrency: number;
  pollIntervalMs: number;
}

/** Result of one attempt, for the "Send Test Event" answer. */
export interface AttemptResult {
  delivery: Delivery;
  status: number | null;
  error: string | null;
}

/**
 * Works the delivery queue: every due row is attempted asynchronously with at most `concurrency`
 * requests in flight per endpoint, so a slow or dead endpoint only ever holds its own slots and
 * never delays another endpoint or ingest. Each outcome is written in one transaction (delivery row
 * + endpoint health) the moment the response ends, so a 2xx is never sent twice after a restart.
 */
export class DeliveryRunner {
  private readonly d: DeliveryRunnerDeps;
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly perEndpoint = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private kickScheduled = false;
  private stopped = false;
  /** Per-request deadline; adjustable at runtime (tests). */
  requestTimeoutMs: number;
  /** Hold every attempt (benchmarks build a backlog this way, then measure the drain). */
  paused = false;

  constructor(deps: DeliveryRunnerDeps) {
    this.d = deps;
    this.requestTimeoutMs = deps.requestTimeoutMs;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.pump(), this.d.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Ask for a queue pass soon (after a new delivery was queued), coalescing bursts into one pass. */
  kick(): void {
    if (!this.timer || this.kickScheduled || this.stopped) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      this.pump();
    });
  }

  /** Start every due attempt that fits in its endpoint's free slots; returns how many started. */
  pump(): number {
    if (this.stopped || this.paused) return 0;
    let total = 0;
    const now = this.d.clock.now();
    for (const ep of this.d.endpoints.configs()) {
      if (!ep.enabled) continue;
      const busy = this.perEndpoint.get(ep.id) ?? 0;
      const free = this.d.concurrency - busy;
      if (free <= 0) continue;
      const rows = this.d.deliveries.due(ep.id, now, free + busy);
      let started = 0;
      for (const row of rows) {
        if (started >= free) break;
        if (this.inflight.has(row.id)) continue;
        void this.launch(row, ep, false); // tracked in `inflight`; idle() and stop() wait for it
        started++;
      }
      total += started;
    }
    return total;
  }

  /**
   * Attempt everything due now, wait for those attempts, and repeat while attempts keep making
   * more work due (a backlog beyond the concurrency, failure events queued by a failure).
   * Under a ManualClock this drains the queue up to the current time (tests, benchmarks).
   */
  async runDue(): Promise<void> {
    do {
      await this.idle();
    } while (this.pump() > 0);
    await this.idle();
  }

  /** Resolves when nothing is in flight and no queue pass is about to start more (a freed slot's refill). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.inflight.size > 0) await Promise.allSettled([...this.inflight.values()]);
      else if (this.kickScheduled) await new Promise((r) => setImmediate(r));
      else return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }

  /** One attempt of a specific row, awaited (Send Test Event: single-shot, no retries). */
  attemptNow(row: DueDelivery, ep: EndpointConfig): Promise<AttemptResult> {
    return this.launch(row, ep, true);
  }

  private launch(row: DueDelivery, ep: EndpointConfig, single: boolean): Promise<AttemptResult> {
    this.perEndpoint.set(ep.id, (this.perEndpoint.get(ep.id) ?? 0) + 1);
    const p = this.attempt(row, ep, single).finally(() => {
      this.inflight.delete(row.id);
      const n = (this.perEndpoint.get(ep.id) ?? 1) - 1;
      if (n <= 0) this.perEndpoint.delete(ep.id);
      else this.perEndpoint.set(ep.id, n);
      // A slot is free again: keep a backlog moving without waiting for the next poll.
      if (!single) this.kick();
    });
    this.inflight.set(row.id, p);
    return p;
  }

  private async attempt(row: DueDelivery, ep: EndpointConfig, single: boolean): Promise<AttemptResult> {
    const attemptNo = row.attempts + 1;
    const reply = await this.d.executor.run({
      target: { id: ep.id, url: ep.url, caCertPem: ep.caCertPem, poolKey: ep.poolKey },
      format: ep.format,
      kind: row.kind,
      headers: authHeaders(ep),
      signingSecret: ep.signingSecret,
      webhookId: row.webhookId,
      timestampSec: Math.floor(this.d.clock.now() / 1000),
      timeoutMs: this.requestTimeoutMs,
      stored: row.range ? null : this.d.deliveries.payload(row.id),
      range: row.range,
      maxBytes: this.d.maxBatchBytes(),
    });
    const at = this.d.clock.now();
    const outcome: AttemptOutcome = { status: reply.status, error: reply.error, retryAfterMs: parseRetryAfter(reply.retryAfter ?? undefined, at) };
    let verdict: Verdict = verdictFor(outcome, attemptNo, at);
    if ((single || reply.permanent) && verdict.kind === 'retry') verdict = { kind: 'failed', error: verdict.error };
    const isTest = row.kind === 'test';
    let failingSince: number | null = null;
    let split = false;
    const exists = this.d.db.transaction(() => {
      // The byte cap cut a logs range short: this delivery keeps what was sent, the rest is queued.
      if (row.range && reply.count > 0) {
        if (reply.more) split = this.d.deliveries.split(row, reply.lastId, reply.count, at) !== null;
        else if (reply.count !== row.eventCount) this.d.deliveries.setEventCount(row.id, reply.count);
      }
      if (verdict.kind === 'delivered') {
        if (!this.d.deliveries.markDelivered(row.id, attemptNo, outcome.status ?? 200, at)) return false;
        this.d.endpoints.markSuccess(ep.id, at);
        return true;
      }
      const ok =
        verdict.kind === 'retry'
          ? this.d.deliveries.markRetry(row.id, attemptNo, outcome.status, verdict.error, verdict.at)
          : this.d.deliveries.markFailed(row.id, attemptNo, outcome.status, verdict.error);
      if (ok && !isTest) failingSince = this.d.endpoints.markFailure(ep.id, at);
      return ok;
    })();
    if (split) this.kick();
    if (!exists) {
      return { delivery: deletedDelivery(row, attemptNo), status: outcome.status, error: outcome.error };
    }
    const delivery = this.d.deliveries.get(row.id);
    this.d.bus.emit('delivery', delivery);
    if (verdict.kind === 'failed' && !isTest) this.recordFailed(row, ep, delivery);
    if (failingSince !== null && at - failingSince >= DISABLE_AFTER_MS) this.disable(ep, failingSince, row.derived);
    return { delivery, status: outcome.status, error: verdict.kind === 'delivered' ? null : verdict.error };
  }

  private recordFailed(row: DueDelivery, ep: EndpointConfig, d: Delivery): void {
    this.d.security.record({
      type: 'siem.delivery_failed',
      actor: { userId: 'watchpost' },
      resource: { type: 'siem_delivery', id: d.id },
      details: {
        message: `Delivery to SIEM endpoint "${ep.name}" failed: ${d.lastError ?? 'unknown error'}`,
        endpointId: ep.id,
        endpointName: ep.name,
        deliveryId: d.id,
        webhookId: d.webhookId,
        kind: d.kind,
        attempts: d.attempts,
        eventCount: d.eventCount,
        lastError: d.lastError,
        // A failed delivery that itself carried a forwarding-health event is not forwarded again,
        // so two broken endpoints cannot feed each other an ever-growing stream of failure events.
        cascade: row.derived,
      },
    });
  }

  private disable(ep: EndpointConfig, failingSince: number, cascade: boolean): void {
    const current = this.d.endpoints.config(ep.id);
    if (!current || !current.enabled) return;
    const reason = `Failing continuously since ${iso(failingSince)} (24 h without a successful delivery); disabled automatically. Fix the receiver, then re-enable.`;
    this.d.endpoints.disable(ep.id, reason, this.d.clock.now());
    this.d.executor.drop(ep.id);
    this.d.bus.emit('endpoint', { id: ep.id, name: ep.name, enabled: false, disabledReason: reason });
    this.d.notifier.notify({
      kind: 'endpoint',
      title: 'SIEM endpoint disabled',
      body: `"${ep.name}" failed for 24 hours and was disabled. Events for it are no longer queued.`,
    });
    this.d.security.record({
      type: 'endpoint.disabled',
      actor: { userId: 'watchpost' },
      resource: { type: 'siem_endpoint', id: ep.id },
      details: {
        message: `SIEM endpoint "${ep.name}" disabled after failing for 24 h`,
        endpointId: ep.id,
        endpointName: ep.name,
        failingSince: iso(failingSince),
        cascade,
      },
    });
  }
}

/** Auth per endpoint: Bearer, a named header, or Datadog's DD-API-KEY. */
export function authHeaders(ep: EndpointConfig): Record<string, string> {
  if (ep.authType === 'none' || ep.authValue === null) return {};
  if (ep.format === 'datadog' && ep.authType === 'bearer') return { 'DD-API-KEY': ep.authValue };
  if (ep.authType === 'bearer') return { authorization: `Bearer ${ep.authValue}` };
  return { [ep.authHeaderName ?? (ep.format === 'datadog' ? 'DD-API-KEY' : 'authorization')]: ep.authValue };
}

function deletedDelivery(row: DueDelivery, attempts: number): Delivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    status: 'failed',
    attempts,
    lastError: 'endpoint deleted',
    nextAttemptAt: null,
    createdAt: iso(0),
    deliveredAt: null,
    webhookId: row.webhookId,
    eventCount: row.eventCount,
    kind: row.kind,
  };
}
