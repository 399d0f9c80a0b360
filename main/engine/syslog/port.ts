/**
 * What the syslog/CEF sockets (main/servers) need from the engine, and nothing more: an intake that
 * batches into the store, the sources that want a port, and a signal when sources change. Keeps
 * the socket code on a public surface instead of reaching into the writer, cache and database.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import type { SourceDirectory } from '../context.ts';
import { SyslogIntake } from './intake.ts';
import type { SyslogIntakeDeps } from './intake.ts';
import { listenerSpecs } from './listener-specs.ts';
import type { ListenerSpec } from './listener-specs.ts';

export interface SyslogPort {
  /** A new batching intake into this engine's store (one per set of listeners). */
  createIntake(): SyslogIntake;
  /** The syslog/cef sources with a listen port, in source order. */
  listenerSpecs(): ListenerSpec[];
  /** Called after every source change (create, update, delete); returns the unsubscribe. */
  onSourcesChange(fn: () => void): () => void;
}

/** The port over one engine's store, cache, ingest service and clock. */
export function createSyslogPort(d: {
  db: Db;
  sources: SourceDirectory;
  clock: Clock;
  ingest: SyslogIntakeDeps['ingest'];
  writer: SyslogIntakeDeps['writer'];
}): SyslogPort {
  return {
    createIntake: () => new SyslogIntake({ ingest: d.ingest, writer: d.writer, sources: d.sources, clock: d.clock }),
    listenerSpecs: () => listenerSpecs(d.db, d.sources),
    onSourcesChange: (fn) => d.sources.onChange(fn),
  };
}
