/**
 * One pull source at run time: its HTTP client (own CA, own keep-alive pool, own skew), its
 * connector memo (tokens), a poll loop on the source's interval, and polls that never overlap.
 * A source that fails or hangs affects only its own loop: every request has a timeout and every
 * wait is abortable, so stopping or editing a source never waits on its provider.
 */
import type { EngineBus } from '../bus.ts';
import type { Clock } from '../clock.ts';
import type { SecurityRecorder, SourceDirectory } from '../context.ts';
import { CONNECTORS } from './connectors/index.ts';
import type { PullStore } from './checkpoint-store.ts';
import { PullHttp } from './http-client.ts';
import type { PullHttpOptions } from './http-client.ts';
import { pollTarget } from './poller.ts';
import type { PollDeps } from './poller.ts';
import type { PullSourceConfig } from './pull-config.ts';
import { secretValues } from './pull-config.ts';
import { PullError } from './pull-error.ts';
import type { ConnectorContext } from './pull-types.ts';
import { PULL_OVERLAP_SECONDS } from '../../../shared/pull.ts';

export interface PollReport {
  stored: number;
  errors: { target: string; error: string }[];
}

export interface RunnerDeps extends PollDeps {
  store: PullStore;
  bus: EngineBus;
  sources: SourceDirectory;
  security: SecurityRecorder;
  clock: Clock;
  /** Test seams for the HTTP client (sleep, random, delays). */
  http?: Partial<PullHttpOptions>;
  /** Consecutive failures per source seq; outlives runners rebuilt by an edit, so recovery is reported. */
  failing: Map<number, { polls: number; reported: boolean }>;
}

/** Consecutive failed polls before a `log_source.pull_failing` security event. */
export const FAILING_AFTER_POLLS = 3;

export class SourceRunner {
  readonly cfg: PullSourceConfig;
  readonly http: PullHttp;
  private readonly d: RunnerDeps;
  private readonly abort = new AbortController();
  private readonly memo = new Map<string, unknown>();
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private looping = false;

  constructor(cfg: PullSourceConfig, deps: RunnerDeps) {
    this.cfg = cfg;
    this.d = deps;
    this.http = new PullHttp({
      clock: deps.clock,
      caCertPem: cfg.creds.caCertPem ?? null,
      secrets: secretValues(cfg.creds),
      signal: this.abort.signal,
      ...deps.http,
    });
  }

  context(): ConnectorContext {
    return { creds: this.cfg.creds, http: this.http, memo: this.memo };
  }

  /** Poll every target once (after any poll already running). */
  poll(): Promise<PollReport> {
    const run = this.chain.then(() => this.pollOnce());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Poll now, then every interval, until stop(). */
  startLoop(): void {
    if (this.looping) return;
    this.looping = true;
    const loop = (): void => {
      this.timer = null;
      void this.poll().finally(() => {
        if (!this.abort.signal.aborted) {
          this.timer = setTimeout(loop, this.cfg.intervalMs);
          this.timer.unref?.();
        }
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
    this.http.close();
  }

  private async pollOnce(): Promise<PollReport> {
    const report: PollReport = { stored: 0, errors: [] };
    if (this.abort.signal.aborted) return report;
    const source = this.d.sources.bySeq(this.cfg.seq);
    if (!source) return report;
    if (this.cfg.credsError) report.errors.push({ target: '*', error: this.cfg.credsError });
    else {
      for (const target of this.cfg.targets) {
        try {
          report.stored += await pollTarget(
            this.d,
            CONNECTORS[this.cfg.type],
            this.context(),
            {
              source,
              type: this.cfg.type,
              target,
              lagMs: this.cfg.lagMs,
              lookbackMs: this.cfg.lookbackMs,
              overlapMs: PULL_OVERLAP_SECONDS * 1000,
            },
            this.abort.signal,
          );
        } catch (err) {
          if (this.abort.signal.aborted) return report;
          report.errors.push({ target, error: this.describe(err) });
        }
      }
    }
    this.afterPoll(report);
    return report;
  }

  /** An error's text in the provider's words, with every credential value blanked. */
  describe(err: unknown): string {
    const msg = err instanceof PullError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return this.http.redact(msg);
  }

  private afterPoll(report: PollReport): void {
    const now = this.d.clock.now();
    const error = report.errors.length
      ? report.errors
          .map((e) => (this.cfg.targets.length > 1 || e.target === '*' ? `${e.target}: ${e.error}` : e.error))
          .join('; ')
          .slice(0, 2000)
      : null;
    try {
      this.d.store.recordPoll(this.cfg.seq, now, error);
    } catch (err) {
      console.error(`[watchpost] pull status of ${this.cfg.name} not recorded:`, (err as Error).message);
    }
    this.d.bus.emit('pullPolled', { sourceId: this.cfg.id });
    const resource = { type: 'log_source', id: this.cfg.id };
    const f = this.d.failing.get(this.cfg.seq) ?? { polls: 0, reported: false };
    if (error) {
      f.polls++;
      this.d.failing.set(this.cfg.seq, f);
      if (f.polls >= FAILING_AFTER_POLLS && !f.reported) {
        f.reported = true;
        this.d.security.record({
          type: 'log_source.pull_failing',
          resource,
          details: { sourceName: this.cfg.name, sourceType: this.cfg.type, failedPolls: f.polls, lastError: error },
        });
      }
    } else {
      if (f.reported) {
        this.d.security.record({
          type: 'log_source.pull_recovered',
          resource,
          details: { sourceName: this.cfg.name, sourceType: this.cfg.type, failedPolls: f.polls },
        });
      }
      this.d.failing.delete(this.cfg.seq);
    }
  }
}
