/**
 * What every engine domain is built from (DomainContext), and what it gives back (Domain).
 * engine.ts creates the context once, builds each domain listed in domains.ts from it, merges their
 * API handlers (refusing a method claimed twice) and starts/stops them.
 */
import type { Db } from './store/db.ts';
import type { Clock } from './clock.ts';
import type { IngestTlsInfo, SourceTransport } from '../../shared/types.ts';
import type { EngineBus } from './bus.ts';
import type { PartialHandlers } from './api/handlers.ts';
import type { SecurityEventType } from '../../shared/security-events.ts';
import type { SecurityEvent } from '../../shared/types.ts';
import type { EventWriter } from './ingest/writer.ts';
import type { SourceCache } from './sources/directory.ts';
import type { RetentionPolicy } from './store/retention.ts';

/** Encrypts secrets at rest (source credentials, endpoint auth values, signing secrets). */
export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Non-null when the backend is weak (e.g. Electron safeStorage 'basic_text'). */
  readonly warning: string | null;
}

/** OS toast in the desktop app; the headless engine uses a no-op and relies on the in-app toast. */
export interface Notifier {
  notify(n: { title: string; body: string; alertId?: string; kind: 'alert' | 'endpoint' | 'info' }): void;
}

/** One of Watchpost's own security events; its category, severity and outcome are the catalogue's. */
export interface SecurityEventInput {
  type: SecurityEventType;
  actor?: Partial<SecurityEvent['actor']>;
  resource: SecurityEvent['resource'];
  details?: Record<string, unknown>;
}

/** Records Watchpost's own activity as events of the built-in "Watchpost" source. Never pass secrets. */
export interface SecurityRecorder {
  record(input: SecurityEventInput): SecurityEvent;
}

/** Cached view of a log source for hot paths (ingest, rules). Refreshed on every config change. */
export interface SourceInfo {
  seq: number;
  id: string;
  name: string;
  type: string;
  active: boolean;
  rateLimit: number;
  platformId: string | null;
  heartbeatMinutes: number;
  createdAt: number;
  lastEventAt: number | null;
  builtIn: boolean;
  /** Transport of the latest accepted request or message (set by the intakes; kept across reloads, not stored). */
  lastTransport?: SourceTransport;
}
export interface SourceDirectory {
  all(): SourceInfo[];
  bySeq(seq: number): SourceInfo | undefined;
  byId(id: string): SourceInfo | undefined;
  /** Subscribe to any source/platform change (create, update, delete, key change). */
  onChange(fn: () => void): () => void;
}

/** Where the ingest server can be reached, known once it listens. */
export interface EngineUrls {
  ingestUrl: string;
  lanIngestUrls: string[];
  /** HTTPS on the ingest port (main/servers/ingest-listener.ts); null when off. */
  ingestTls?: IngestTlsInfo | null;
}

/** Engine-wide settings domains read at construction. */
export interface EngineSettings {
  dataDir: string;
  mode: 'desktop' | 'headless';
  /** keyGeneratedBy and default security-event actor: the OS user (desktop) or 'console' (headless). */
  operator: string;
  retention: RetentionPolicy;
  /** Search worker threads (read-only connections); 0 = search on the engine thread. */
  searchWorkers: number;
}

/** The core every domain is built from: storage, time, the bus, secrets, and the shared services. */
export interface DomainContext {
  db: Db;
  clock: Clock;
  bus: EngineBus;
  secrets: SecretBox;
  security: SecurityRecorder;
  notifier: Notifier;
  /** The source cache (hot-path view of every log source, refreshed on every change). */
  sources: SourceCache;
  /** The one commit path for events (ingest, syslog, pull, security events). */
  writer: EventWriter;
  settings: EngineSettings;
  urls(): EngineUrls;
}

/** What every domain gives back: its API handlers and, when it has timers or workers, start/stop. */
export interface Domain {
  handlers: PartialHandlers;
  /** Start timers (ticks, workers). Called once by engine.start(), in registration order. */
  start?(): void;
  /** Stop timers and finish in-flight work. Called by engine.close(), in reverse order. */
  stop?(): void | Promise<void>;
}
