/**
 * The headless SIEM: store, sources, ingest, search, and the features built on them. Runs under plain
 * Node (serve, tests) and inside Electron's main process; never imports electron or HTTP servers.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { ApiDispatcher } from '../../shared/api.ts';
import type { AppInfo } from '../../shared/types.ts';
import { openDatabase } from './store/db.ts';
import type { Db } from './store/db.ts';
import { applyRetention } from './store/retention.ts';
import type { RetentionPolicy } from './store/retention.ts';
import { systemClock } from './clock.ts';
import type { Clock } from './clock.ts';
import { EngineBus } from './bus.ts';
import type { Feature, FeatureContext, Notifier, SecretBox } from './context.ts';
import { fileSecretBox } from './secrets.ts';
import { SourceCache } from './sources/directory.ts';
import { SourceService } from './sources/service.ts';
import { healthRows, healthStatus } from './sources/health.ts';
import { EventWriter } from './ingest/writer.ts';
import { IngestService } from './ingest/service.ts';
import { createSecurityRecorder } from './security/recorder.ts';
import { createDispatcher } from './api/dispatcher.ts';
import { IdempotencyStore } from './api/idempotency.ts';
import { coreHandlers } from './api/core-handlers.ts';
import { createSearchService } from './search/index.ts';
import type { SearchService } from './search/index.ts';
import { FEATURE_FACTORIES } from './features.ts';
import { createSyslogPort } from './syslog/port.ts';
import type { SyslogPort } from './syslog/port.ts';

export interface EngineOptions {
  dataDir: string;
  mode: 'desktop' | 'headless';
  clock?: Clock;
  secrets?: SecretBox;
  /** keyGeneratedBy and security-event actor: the OS user (desktop) or 'console' (headless). */
  operator?: string;
  notifier?: Notifier;
  retention?: Partial<RetentionPolicy>;
  synchronous?: 'normal' | 'full';
  /** Search worker threads (read-only connections); 0 = search on the engine thread. Default 2. */
  searchWorkers?: number;
}

export interface EngineUrls {
  ingestUrl: string;
  lanIngestUrls: string[];
}

export interface Engine {
  readonly db: Db;
  readonly clock: Clock;
  readonly bus: EngineBus;
  readonly dataDir: string;
  readonly api: ApiDispatcher;
  readonly ingest: IngestService;
  readonly sources: SourceService;
  readonly cache: SourceCache;
  readonly writer: EventWriter;
  readonly idempotency: IdempotencyStore;
  readonly features: Feature[];
  readonly context: FeatureContext;
  readonly search: SearchService;
  /** The public surface for the syslog/CEF sockets. */
  readonly syslog: SyslogPort;
  /** Called by the runtime once the ingest server listens. */
  setUrls(urls: EngineUrls): void;
  /** One health pass: flag sources that went silent (security event) and push health rows. Runs every 2 s once started. */
  tickHealth(): void;
  /** Start background timers (health, retention, feature ticks). */
  start(): void;
  /** Stop timers, flush pending writes, close the database. */
  close(): Promise<void>;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 30, maxSizeGb: 20 };

export function createEngine(opts: EngineOptions): Engine {
  const clock = opts.clock ?? systemClock;
  const db = openDatabase({ dataDir: opts.dataDir, synchronous: opts.synchronous ?? 'normal' });
  const bus = new EngineBus();
  const secrets = opts.secrets ?? fileSecretBox(opts.dataDir);
  const operator = opts.operator ?? (opts.mode === 'headless' ? 'console' : safeUserName());
  const notifier: Notifier = opts.notifier ?? { notify: () => {} };
  const retention: RetentionPolicy = { ...DEFAULT_RETENTION, ...opts.retention };
  let urls: EngineUrls = { ingestUrl: 'http://127.0.0.1:9470/v1/ingest', lanIngestUrls: [] };

  const cache = new SourceCache(db);
  const writer = new EventWriter(db, bus, clock);
  let builtInSeq = 0;
  const security = createSecurityRecorder({ clock, bus, writer, sources: cache, builtInSeq: () => builtInSeq, operator });
  const sources = new SourceService({ db, clock, cache, secrets, security, operator, ingestUrl: () => urls.lanIngestUrls[0] ?? urls.ingestUrl });
  builtInSeq = sources.ensureBuiltIn();
  const ingest = new IngestService({ clock, cache, writer, security });
  const idempotency = new IdempotencyStore(db, clock);
  const context: FeatureContext = { db, clock, bus, dataDir: opts.dataDir, mode: opts.mode, secrets, security, notifier, sources: cache };
  const features = FEATURE_FACTORIES.map((make) => make(context));

  const appInfo = (): AppInfo => ({
    mode: opts.mode, version: '0.1.0', ingestUrl: urls.ingestUrl, lanIngestUrls: urls.lanIngestUrls, dataDir: opts.dataDir,
    secretStorageWarning: secrets.warning,
  });
  const search = createSearchService(db, {
    file: join(opts.dataDir, 'watchpost.db'),
    ...(opts.searchWorkers === 0 ? { workerUrl: null } : { workers: opts.searchWorkers ?? 2 }),
  });
  const handlers = Object.assign({}, coreHandlers({ db, clock, cache, sources, search, appInfo }), ...features.map((f) => f.handlers));
  const api = createDispatcher(handlers, bus);

  const timers: NodeJS.Timeout[] = [];
  const silentNow = new Set<number>();
  let healthDirty = true;
  bus.on('events', () => (healthDirty = true));
  cache.onChange(() => (healthDirty = true));

  function healthTick(): void {
    const now = clock.now();
    for (const s of cache.all()) {
      const silent = healthStatus(s, now) === 'silent';
      if (silent && !silentNow.has(s.seq)) {
        silentNow.add(s.seq);
        security.record({ category: 'infrastructure', type: 'source.silent', severity: 'medium', resource: { type: 'log_source', id: s.id },
          details: { sourceName: s.name, heartbeatMinutes: s.heartbeatMinutes, lastEventAt: s.lastEventAt ? new Date(s.lastEventAt).toISOString() : null } });
        healthDirty = true;
      } else if (!silent) silentNow.delete(s.seq);
    }
    if (healthDirty && bus.hasListeners('health')) {
      healthDirty = false;
      bus.emit('health', healthRows(db, cache.all(), now));
    }
  }

  let retentionRunning = false;
  async function retentionTick(): Promise<void> {
    if (retentionRunning) return;
    retentionRunning = true;
    try {
      await applyRetention(db, clock, retention);
      idempotency.prune();
    } catch (err) {
      console.error('[watchpost] retention failed:', err);
    } finally {
      retentionRunning = false;
    }
  }

  return {
    db, clock, bus, dataDir: opts.dataDir, api, ingest, sources, cache, writer, idempotency, features, context, search,
    syslog: createSyslogPort({ db, sources: cache, clock, ingest, writer }),
    setUrls(u) {
      urls = u;
    },
    tickHealth: healthTick,
    start() {
      timers.push(setInterval(healthTick, 2_000));
      timers.push(setInterval(() => void retentionTick(), 60_000));
      void retentionTick();
      for (const f of features) f.start?.();
    },
    async close() {
      for (const t of timers) clearInterval(t);
      for (const f of features) await f.stop?.();
      await search.close();
      writer.flush();
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
  };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'desktop';
  }
}
