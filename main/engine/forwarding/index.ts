/**
 * Forwarding (SPEC §7, seed 003): SIEM endpoints and the durable delivery queue. Watchpost's own
 * security events, raised alerts and (optionally) the logs stream go out over HTTPS to each matching
 * endpoint in its format (generic signed webhooks, Splunk HEC, Datadog), with retries on a fixed
 * schedule that survives restarts.
 */
import type { Feature, FeatureContext } from '../context.ts';
import { DeliveryStore } from './delivery-store.ts';
import { Dispatcher } from './dispatcher.ts';
import { EndpointStore } from './endpoint-store.ts';
import { forwardingHandlers } from './handlers.ts';
import { HttpSender } from './http-sender.ts';
import { LogBatcher } from './log-batcher.ts';
import { Router } from './router.ts';

export { SECURITY_SEVERITY_TO_WATCHPOST } from './severity.ts';
export { MAX_ATTEMPTS, RETRY_DELAYS_MS, DISABLE_AFTER_MS } from './schedule.ts';

/** Knobs for tests and benchmarks; defaults are the product's behaviour. */
export interface ForwardingOptions {
  /** Per-request deadline (connect + response). Default 10 s. */
  requestTimeoutMs?: number;
  /** Requests in flight per endpoint. Default 4. */
  concurrency?: number;
  /** How often the logs batches are flushed into deliveries. Default 1 s. */
  flushIntervalMs?: number;
  /** How often the queue is polled for due retries (new deliveries are sent at once). Default 250 ms. */
  pollIntervalMs?: number;
  /** Logs batch limits. Default 500 events / 1 MB. */
  maxBatchEvents?: number;
  maxBatchBytes?: number;
}

/** The feature plus the hooks tests drive under a ManualClock. */
export interface ForwardingFeature extends Feature {
  /** Attempt every due delivery now and wait for all attempts in flight to end. */
  runDue(): Promise<void>;
  /** Turn the in-memory logs batches into queued deliveries now. */
  flushLogs(): void;
  /** Wait for attempts in flight (without starting new ones). */
  idle(): Promise<void>;
  /** Deliveries still pending or retrying. */
  queued(): number;
  /** Change knobs at runtime (tests: a short request timeout, small batches). */
  configure(opts: Pick<ForwardingOptions, 'requestTimeoutMs' | 'maxBatchEvents' | 'maxBatchBytes'>): void;
}

/** Find the forwarding feature among an engine's features (tests drive it under a ManualClock). */
export function findForwarding(features: readonly Feature[]): ForwardingFeature {
  const f = features.find((x): x is ForwardingFeature => 'runDue' in x && 'flushLogs' in x);
  if (!f) throw new Error('forwarding feature is not registered in main/engine/features.ts');
  return f;
}

export function createForwardingFeature(ctx: FeatureContext, opts: ForwardingOptions = {}): ForwardingFeature {
  const endpoints = new EndpointStore(ctx.db, ctx.secrets);
  const deliveries = new DeliveryStore(ctx.db);
  const concurrency = opts.concurrency ?? 4;
  const sender = new HttpSender(ctx.clock, concurrency);
  const dispatcher = new Dispatcher({
    db: ctx.db, clock: ctx.clock, bus: ctx.bus, endpoints, deliveries, sender, security: ctx.security, notifier: ctx.notifier,
    requestTimeoutMs: opts.requestTimeoutMs ?? 10_000, concurrency, pollIntervalMs: opts.pollIntervalMs ?? 250,
  });
  const onQueued = (): void => dispatcher.kick();
  const limits = { maxEvents: opts.maxBatchEvents ?? 500, maxBytes: opts.maxBatchBytes ?? 1024 * 1024 };
  const batcher = new LogBatcher({ db: ctx.db, clock: ctx.clock, sources: ctx.sources, endpoints, deliveries, onQueued, limits });
  const router = new Router({ db: ctx.db, clock: ctx.clock, endpoints, deliveries, onQueued });

  const unsubscribe = [
    ctx.bus.on('committed', (events) => batcher.onCommitted(events)),
    ctx.bus.on('security', (ev) => router.onSecurity(ev)),
    ctx.bus.on('alertRaised', ({ alert, endpointIds }) => router.onAlert(alert, endpointIds)),
  ];
  let flushTimer: NodeJS.Timeout | null = null;

  return {
    handlers: forwardingHandlers({ ctx, endpoints, deliveries, dispatcher, batcher, sender }),
    start() {
      batcher.catchUp();
      flushTimer = setInterval(() => batcher.flush(), opts.flushIntervalMs ?? 1000);
      flushTimer.unref();
      dispatcher.start();
    },
    async stop() {
      for (const u of unsubscribe.splice(0)) u();
      if (flushTimer) clearInterval(flushTimer);
      flushTimer = null;
      batcher.flush();
      await dispatcher.stop();
      sender.close();
    },
    runDue: () => dispatcher.runDue(),
    flushLogs: () => batcher.flush(),
    idle: () => dispatcher.idle(),
    queued: () => deliveries.queued(),
    configure(o) {
      if (o.requestTimeoutMs !== undefined) dispatcher.requestTimeoutMs = o.requestTimeoutMs;
      if (o.maxBatchEvents !== undefined) limits.maxEvents = o.maxBatchEvents;
      if (o.maxBatchBytes !== undefined) limits.maxBytes = o.maxBatchBytes;
    },
  };
}
