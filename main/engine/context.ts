/**
 * What every engine feature is built from, and what it gives back. engine.ts creates the context
 * once, builds each feature from it, merges their API handlers and starts/stops their timers.
 */
import type { Db } from './store/db.ts';
import type { Clock } from './clock.ts';
import type { EngineBus } from './bus.ts';
import type { PartialHandlers } from './api/handlers.ts';
import type { SecurityCategory } from '../../shared/enums.ts';
import type { SecurityEvent } from '../../shared/types.ts';

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

export interface SecurityEventInput {
  category: SecurityCategory;
  type: string;
  severity: SecurityEvent['severity'];
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
}
export interface SourceDirectory {
  all(): SourceInfo[];
  bySeq(seq: number): SourceInfo | undefined;
  byId(id: string): SourceInfo | undefined;
  /** Subscribe to any source/platform change (create, update, delete, key change). */
  onChange(fn: () => void): () => void;
}

export interface FeatureContext {
  db: Db;
  clock: Clock;
  bus: EngineBus;
  dataDir: string;
  mode: 'desktop' | 'headless';
  secrets: SecretBox;
  security: SecurityRecorder;
  notifier: Notifier;
  sources: SourceDirectory;
}

export interface Feature {
  handlers: PartialHandlers;
  /** Start timers (ticks, workers). Called once by engine.start(). */
  start?(): void;
  /** Stop timers and finish in-flight work. */
  stop?(): void | Promise<void>;
}
