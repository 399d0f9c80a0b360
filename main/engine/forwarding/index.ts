/**
 * Forwarding (SPEC §7, seed 003): SIEM endpoints and the durable delivery queue. Watchpost's own
 * security events, raised alerts and (optionally) the logs stream go out over HTTPS to each matching
 * endpoint in its format (generic signed webhooks, Splunk HEC, Datadog), with retries on a fixed
 * schedule that survives restarts.
 */
import type { Domain, DomainContext } from '../context.ts';
import { DeliveryStore } from './delivery-store.ts';
import { DeliveryRunner } from './delivery-runner.ts';
import { EndpointStore } from './endpoint-store.ts';
import { forwardingHandlers } from './handlers.ts';
import { LogBatcher } from './log-batcher.ts';
import { Router } from './router.ts';
import { createExecutor } from './worker-executor.ts';

const DAY = 86_400_000;
/** How long the delivery log keeps delivered and failed deliveries. */
const DELIVERED_KEEP_MS = 7 * DAY;
const FAILED_KEEP_MS = 30 * DAY;

/** Knobs for tests and benchmarks; defaults are the product's behaviour. */
export interface ForwardingOptions {
  /** Per-request deadline (connect + response). Default 10 s. */
  requestTimeoutMs?: number;
  /** Run attempts (body building, signing, TLS) in the send worker thread. Default true. */
  sendInWorker?: boolean;
  /** Requests in flight per endpoint. Default 4. */
  concurrency?: number;
  /** How often the logs batches are flushed into deliveries. Default 1 s. */
  flushIntervalMs?: number;
  /** How often the queue is polled for due retries (new deliveries are sent at once). Default 250 ms. */
  pollIntervalMs?: number;
  /** Logs batch limits. Default 500 events / 1 MB per request, 50,000 ids spanned per delivery. */
  maxBatchEvents?: number;
  maxBatchBytes?: number;
  maxBatchSpan?: number;
}

/** The domain plus the hooks tests drive under a ManualClock. */
export interface ForwardingDomain extends Domain {
  /** Attempt every due delivery now and wait for all attempts in flight to end. */
  runDue(): Promise<void>;
  /** Turn the open logs batches into queued deliveries now. */
  flushLogs(): Promise<void>;
  /** Wait for attempts in flight (without starting new ones). */
  idle(): Promise<void>;
  /** Drop old delivery history now (the timer does this every minute). */
  prune(): Promise<void>;
  /** Deliveries still pending or retrying. */
  queued(): number;
  /** Where attempts run: the send worker thread, or (fallback) the engine's thread. */
  sendsFrom(): 'worker' | 'thread';
  /** Change knobs at runtime (tests: a short request timeout, small batches). */
  configure(opts: Pick<ForwardingOptions, 'requestTimeoutMs' | 'maxBatchEvents' | 'maxBatchBytes' | 'maxBatchSpan'> & { paused?: boolean }): void;
}

export function createForwardingDomain(ctx: DomainContext, opts: ForwardingOptions = {}): ForwardingDomain {
  const endpoints = new EndpointStore(ctx.db, ctx.secrets);
  const deliveries = new DeliveryStore(ctx.db);
  const concurrency = opts.concurrency ?? 4;
  const executor = createExecutor(ctx.db, concurrency, opts.sendInWorker ?? true);
  const limits = { maxEvents: opts.maxBatchEvents ?? 500, maxBytes: opts.maxBatchBytes ?? 1024 * 1024, maxSpan: opts.maxBatchSpan ?? 50_000 };
  const runner = new DeliveryRunner({
    db: ctx.db,
    clock: ctx.clock,
    bus: ctx.bus,
    endpoints,
    deliveries,
    executor,
    maxBatchBytes: () => limits.maxBytes,
    security: ctx.security,
    notifier: ctx.notifier,
    requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
    concurrency,
    pollIntervalMs: opts.pollIntervalMs ?? 250,
  });
  const onQueued = (): void => runner.kick();
  const batcher = new LogBatcher({ db: ctx.db, clock: ctx.clock, sources: ctx.sources, endpoints, deliveries, onQueued, limits });
  const router = new Router({ db: ctx.db, clock: ctx.clock, endpoints, deliveries, onQueued });

  const unsubscribe = [
    ctx.bus.on('committed', (events) => batcher.onCommitted(events)),
    ctx.bus.on('security', (ev) => router.onSecurity(ev)),
    ctx.bus.on('alertRaised', ({ alert, endpointIds }) => router.onAlert(alert, endpointIds)),
  ];
  let flushTimer: NodeJS.Timeout | null = null;
  let pruneTimer: NodeJS.Timeout | null = null;
  let pruning = false;
  /** Delivery history: delivered rows kept 7 days, failed ones 30 (redeliverable meanwhile). */
  const prune = async (): Promise<void> => {
    if (pruning) return;
    pruning = true;
    try {
      const now = ctx.clock.now();
      const cut = { deliveredBefore: now - DELIVERED_KEEP_MS, failedBefore: now - FAILED_KEEP_MS };
      while (deliveries.prune(cut) > 0) await new Promise((r) => setImmediate(r));
    } catch (err) {
      console.error('[watchpost] forwarding: pruning the delivery log failed:', err);
    } finally {
      pruning = false;
    }
  };

  return {
    handlers: forwardingHandlers({ ctx, endpoints, deliveries, runner, batcher, executor }),
    start() {
      batcher.catchUp();
      flushTimer = setInterval(() => batcher.flush(), opts.flushIntervalMs ?? 1000);
      flushTimer.unref();
      pruneTimer = setInterval(() => void prune(), 60_000);
      pruneTimer.unref();
      void prune();
      runner.start();
    },
    async stop() {
      for (const u of unsubscribe.splice(0)) u();
      if (flushTimer) clearInterval(flushTimer);
      if (pruneTimer) clearInterval(pruneTimer);
      flushTimer = pruneTimer = null;
      batcher.flush();
      await runner.stop();
      await executor.close();
    },
    runDue: () => runner.runDue(),
    prune,
    flushLogs() {
      batcher.flush();
      return Promise.resolve();
    },
    idle: () => runner.idle(),
    queued: () => deliveries.queued(),
    sendsFrom: () => executor.where,
    configure(o) {
      if (o.requestTimeoutMs !== undefined) runner.requestTimeoutMs = o.requestTimeoutMs;
      if (o.paused !== undefined) {
        runner.paused = o.paused;
        if (!o.paused) runner.kick();
      }
      if (o.maxBatchEvents !== undefined) limits.maxEvents = o.maxBatchEvents;
      if (o.maxBatchBytes !== undefined) limits.maxBytes = o.maxBatchBytes;
      if (o.maxBatchSpan !== undefined) limits.maxSpan = o.maxBatchSpan;
    },
  };
}
