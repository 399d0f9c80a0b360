/**
 * The headless SIEM: the core (database, clock, bus, source cache, event writer, security
 * recorder) and the domains built on it (domains.ts). Runs under plain Node (serve, tests) and
 * inside Electron's main process; never imports electron or HTTP servers.
 */
import { userInfo } from 'node:os';
import type { ApiDispatcher } from '../../shared/api.ts';
import { openDatabase } from './store/db.ts';
import type { Db } from './store/db.ts';
import type { RetentionPolicy } from './store/retention.ts';
import { systemClock } from './clock.ts';
import type { Clock } from './clock.ts';
import { EngineBus } from './bus.ts';
import type { DomainContext, EngineUrls, Notifier, SecretBox } from './context.ts';
import { fileSecretBox } from './secrets.ts';
import { SourceCache } from './sources/directory.ts';
import type { SourceService } from './sources/service.ts';
import { EventWriter } from './ingest/writer.ts';
import type { IngestService } from './ingest/service.ts';
import { createSecurityRecorder } from './security/recorder.ts';
import { createDispatcher } from './api/dispatcher.ts';
import type { SearchService } from './search/index.ts';
import type { SyslogPort } from './syslog/port.ts';
import { createDomains, DOMAIN_FACTORIES, mergeHandlers } from './domains.ts';
import type { DomainName, Domains } from './domains.ts';

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
  /** Commit events on the event writer thread (its own connection); false = on the engine thread. Default true. */
  writerThread?: boolean;
}

export interface Engine {
  readonly db: Db;
  readonly clock: Clock;
  readonly bus: EngineBus;
  readonly dataDir: string;
  /** The one contract's dispatcher (IPC uses it as-is, the console server wraps it). */
  readonly api: ApiDispatcher;
  /** The core every domain was built from (writer, source cache, security recorder …). */
  readonly context: DomainContext;
  /** Every domain by name (domains.ts), with its own typed handles. */
  readonly domains: Domains;
  /** The services the servers in main/servers use: domains.ingest.service, .syslog, domains.sources.service, domains.search.service. */
  readonly ingest: IngestService;
  readonly syslog: SyslogPort;
  readonly sources: SourceService;
  readonly search: SearchService;
  /** Called by the runtime once the ingest server listens. */
  setUrls(urls: EngineUrls): void;
  /** Start every domain's timers and workers, in registration order. */
  start(): void;
  /** Stop every domain (reverse order), flush pending writes, close the database. */
  close(): Promise<void>;
}

const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 30, maxSizeGb: 20 };

export function createEngine(opts: EngineOptions): Engine {
  const clock = opts.clock ?? systemClock;
  const db = openDatabase({ dataDir: opts.dataDir, synchronous: opts.synchronous ?? 'normal' });
  const bus = new EngineBus();
  const operator = opts.operator ?? (opts.mode === 'headless' ? 'console' : safeUserName());
  let urls: EngineUrls = { ingestUrl: 'http://127.0.0.1:9470/v1/ingest', lanIngestUrls: [] };

  const sources = new SourceCache(db);
  const writer = new EventWriter(db, bus, clock, { thread: opts.writerThread ?? true, synchronous: opts.synchronous ?? 'normal' });
  const ctx: DomainContext = {
    db,
    clock,
    bus,
    sources,
    writer,
    secrets: opts.secrets ?? fileSecretBox(opts.dataDir),
    security: createSecurityRecorder({ clock, bus, writer, sources, operator }),
    notifier: opts.notifier ?? { notify: () => {} },
    settings: {
      dataDir: opts.dataDir,
      mode: opts.mode,
      operator,
      retention: { ...DEFAULT_RETENTION, ...opts.retention },
      searchWorkers: opts.searchWorkers ?? 2,
    },
    urls: () => urls,
  };
  const domains = createDomains(ctx);
  const api = createDispatcher(mergeHandlers(domains), bus);
  const order = Object.keys(DOMAIN_FACTORIES) as DomainName[];

  return {
    db,
    clock,
    bus,
    dataDir: opts.dataDir,
    api,
    context: ctx,
    domains,
    ingest: domains.ingest.service,
    syslog: domains.ingest.syslog,
    sources: domains.sources.service,
    search: domains.search.service,
    setUrls(u) {
      urls = u;
    },
    start() {
      for (const name of order) domains[name].start?.();
    },
    async close() {
      for (const name of [...order].reverse()) await domains[name].stop?.();
      await writer.close();
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
