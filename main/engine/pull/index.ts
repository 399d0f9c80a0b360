/**
 * Pull sources (SPEC §2, issue 11): the six connectors polled on each source's interval, with
 * checkpoints committed in the same transaction as the events, Test with preview, and discovery.
 * One domain in the engine's shape: `createPullDomain(ctx)` → handlers, start, stop. Pulled events
 * go through the ingest writer, so rules, forwarding and the Log Viewer see them like pushed ones.
 */
import { PULL_SOURCE_TYPES } from '../../../shared/enums.ts';
import type { PullSourceType } from '../../../shared/enums.ts';
import { notFound, validationError } from '../../../shared/errors.ts';
import { DEFAULT_LAG_SECONDS, INITIAL_LOOKBACK_MINUTES, POLL_INTERVAL_SECONDS } from '../../../shared/pull.ts';
import type { PullDraftInput, SourceTestResult } from '../../../shared/types.ts';
import type { PartialHandlers } from '../api/handlers.ts';
import type { EngineBus } from '../bus.ts';
import type { Clock } from '../clock.ts';
import type { SecretBox, SecurityRecorder, SourceDirectory } from '../context.ts';
import type { EventWriter } from '../ingest/writer.ts';
import type { Db } from '../store/db.ts';
import { validateCredentials } from '../sources/credentials.ts';
import { PullStore } from './checkpoint-store.ts';
import type { PullHttpOptions } from './http-client.ts';
import type { PollDeps } from './poller.ts';
import { loadPullSource, loadPullSources } from './pull-config.ts';
import type { PullSourceConfig } from './pull-config.ts';
import { discoverTargets, testTargets } from './preview.ts';
import { SourceRunner } from './source-runner.ts';
import type { PollReport, RunnerDeps } from './source-runner.ts';

export type { PollReport } from './source-runner.ts';

/** What the pull domain is built from (a subset of the engine's domain context). */
export interface PullDomainContext {
  db: Db;
  bus: EngineBus;
  clock: Clock;
  secrets: SecretBox;
  security: SecurityRecorder;
  sources: SourceDirectory;
  /** The ingest writer: pulled events and their checkpoint commit in its transaction. */
  writer: EventWriter;
}

export interface PullDomainOptions {
  /** Test seams for the HTTP client (sleep, random, base delay). */
  http?: Partial<PullHttpOptions>;
  /** Entries per provider page (default: each provider's largest page). */
  pageSize?: number;
  beforeCommit?: PollDeps['beforeCommit'];
}

export interface PullDomain {
  handlers: PartialHandlers;
  start(): void;
  stop(): Promise<void>;
  /** Poll one source now (tests, "poll now"); waits for a poll already running. */
  pollNow(sourceId: string): Promise<PollReport>;
  /** Re-read pull sources after a config change (also runs on every source change). */
  reconcile(): void;
}

/** Push events within this many ms mean push ingest is busy. */
const PUSH_ACTIVE_MS = 2_000;
/** While it is, a pull sleeps PACE × its busy time after each chunk (≈ 20 % of the loop at most). */
const PACE = 4;
const PACE_MAX_SLEEP_MS = 2_000;

const isPull = (t: string): t is PullSourceType => (PULL_SOURCE_TYPES as readonly string[]).includes(t);

export function createPullDomain(ctx: PullDomainContext, opts: PullDomainOptions = {}): PullDomain {
  const store = new PullStore(ctx.db);
  const deps: RunnerDeps = {
    db: ctx.db,
    bus: ctx.bus,
    store,
    writer: ctx.writer,
    clock: ctx.clock,
    sources: ctx.sources,
    security: ctx.security,
    failing: new Map(),
    ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
    ...(opts.http ? { http: opts.http } : {}),
    ...(opts.beforeCommit ? { beforeCommit: opts.beforeCommit } : {}),
  };
  const runners = new Map<number, SourceRunner>();
  let started = false;
  // Push ingest has priority: while push events are arriving, pulls use at most ~1/(1+PACE) of the loop.
  let lastPushAt = Number.NEGATIVE_INFINITY;
  const offEvents = ctx.bus.on('events', (e) => {
    if (e.sourceIds.some((id) => !isPull(ctx.sources.byId(id)?.type ?? 'x'))) lastPushAt = performance.now();
  });
  deps.pace = async (busyMs) => {
    if (performance.now() - lastPushAt > PUSH_ACTIVE_MS) return;
    await new Promise((r) => setTimeout(r, Math.min(PACE_MAX_SLEEP_MS, busyMs * PACE)));
  };

  function runnerFor(cfg: PullSourceConfig): SourceRunner {
    const cur = runners.get(cfg.seq);
    if (cur && cur.cfg.hash === cfg.hash) return cur;
    if (cur) void cur.stop();
    if (!cur || cur.cfg.targets.join('\n') !== cfg.targets.join('\n')) store.dropOtherTargets(cfg.seq, cfg.targets);
    const r = new SourceRunner(cfg, deps);
    runners.set(cfg.seq, r);
    if (started) r.startLoop();
    return r;
  }

  function reconcile(): void {
    const live = new Set<number>();
    for (const cfg of loadPullSources(ctx.db, ctx.secrets)) {
      if (!cfg.active) continue;
      live.add(cfg.seq);
      runnerFor(cfg);
    }
    for (const [seq, r] of runners) {
      if (live.has(seq)) continue;
      runners.delete(seq);
      void r.stop();
    }
  }

  /** Run `fn` on the source's live runner, or a throwaway one (inactive source, draft). */
  async function withRunner<T>(cfg: PullSourceConfig, fn: (r: SourceRunner) => Promise<T>): Promise<T> {
    const live = runners.get(cfg.seq);
    if (live && live.cfg.hash === cfg.hash) return fn(live);
    const temp = new SourceRunner(cfg, deps);
    try {
      return await fn(temp);
    } finally {
      await temp.stop();
    }
  }

  function draftConfig(input: PullDraftInput, needTargets: boolean): PullSourceConfig {
    if (input === null || typeof input !== 'object') throw validationError('body must be an object {type, credentials, sources}', { field: 'body' });
    if (typeof input.type !== 'string' || !isPull(input.type)) {
      throw validationError(`type must be one of ${PULL_SOURCE_TYPES.join(', ')}`, { field: 'type' });
    }
    const type = input.type;
    let creds: Record<string, string>;
    const blank = !input.credentials || (typeof input.credentials === 'object' && Object.keys(input.credentials).length === 0);
    if (input.id && blank) {
      const saved = loadPullSource(ctx.db, ctx.secrets, input.id);
      if (!saved) throw notFound('log source', input.id);
      if (saved.type !== type) throw validationError(`log source ${input.id} is ${saved.type}, not ${type}`, { field: 'type' });
      creds = saved.creds;
    } else creds = validateCredentials(type, input.credentials);
    const targets = Array.isArray(input.sources) ? input.sources.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : [];
    if (needTargets && targets.length === 0) throw validationError('sources must list at least one target to test', { field: 'sources' });
    return {
      seq: -1,
      id: input.id ?? 'draft',
      name: 'draft',
      type,
      active: true,
      creds,
      credsError: null,
      targets,
      intervalMs: POLL_INTERVAL_SECONDS.default * 1000,
      lagMs: DEFAULT_LAG_SECONDS[type] * 1000,
      lookbackMs: INITIAL_LOOKBACK_MINUTES.default * 60_000,
      hash: 'draft',
    };
  }

  function savedConfig(id: string): PullSourceConfig {
    const cfg = loadPullSource(ctx.db, ctx.secrets, id);
    if (cfg) return cfg;
    const s = ctx.sources.byId(id);
    if (!s) throw notFound('log source', id);
    throw validationError(`test is for pull sources; ${s.name} is a ${s.type} push source — send it an event with its key instead`, { field: 'type' });
  }

  const offSources = ctx.sources.onChange(() => reconcile());

  return {
    handlers: {
      'sources.test': async (input): Promise<SourceTestResult> => {
        if (typeof input?.id !== 'string' || !input.id) throw validationError('id is required', { field: 'id' });
        const cfg = savedConfig(input.id);
        if (cfg.credsError) {
          return { ok: false, message: cfg.credsError, targets: cfg.targets.map((target) => ({ target, ok: false, error: cfg.credsError!, preview: [] })) };
        }
        return withRunner(cfg, testTargets);
      },
      'sources.testDraft': (input) => withRunner(draftConfig(input, true), testTargets),
      'sources.discover': async (input) => ({ items: await withRunner(draftConfig(input, false), discoverTargets) }),
    },
    async pollNow(sourceId) {
      const cfg = loadPullSource(ctx.db, ctx.secrets, sourceId);
      if (!cfg) throw notFound('pull source', sourceId);
      return runnerFor(cfg).poll();
    },
    reconcile,
    start() {
      if (started) return;
      started = true;
      reconcile();
      for (const r of runners.values()) r.startLoop();
    },
    async stop() {
      started = false;
      offSources();
      offEvents();
      const all = [...runners.values()];
      runners.clear();
      await Promise.all(all.map((r) => r.stop()));
    },
  };
}
