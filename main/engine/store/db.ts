import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { gateConnection, writeGate } from './event-store/write-gate.ts';

export type { Db };

/**
 * Page size of a store created by this build (an existing store keeps the size it was created
 * with: changing it means rewriting the whole file with VACUUM). 16 KiB instead of SQLite's 4 KiB:
 * a group commit writes each dirty page to the WAL as a frame of its own (two write calls), and a
 * block's blobs are chains of overflow pages read one `pread` per page, so a quarter of the pages
 * is a quarter of those calls. docs/storage.md "Page size" has the measurements.
 */
export const PAGE_SIZE = 16_384;

/** WAL bytes between automatic checkpoints: ~200 MB (SQLite's default is 1,000 pages). */
const WAL_AUTOCHECKPOINT_BYTES = 200_000_000;

/** `wal_autocheckpoint` (in pages) for a connection to `db`: ~200 MB of WAL whatever its page size. */
export function walAutocheckpointPages(db: Db): number {
  return Math.round(WAL_AUTOCHECKPOINT_BYTES / (db.pragma('page_size', { simple: true }) as number));
}

export interface OpenOptions {
  dataDir: string;
  /** 'normal' survives a process crash (kill -9); 'full' also survives power loss. */
  synchronous?: 'normal' | 'full';
}

/** Open (creating if needed) DATA_DIR/watchpost.db in WAL mode and bring its schema up to date. */
export function openDatabase(opts: OpenOptions): Db {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const file = join(opts.dataDir, 'watchpost.db');
  const db = new Database(file);
  try {
    db.pragma(`page_size = ${PAGE_SIZE}`); // takes effect only while the file is still empty (a new store)
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${opts.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -8192'); // 8 MiB: events are written on the writer thread and searched on workers
    db.pragma('temp_store = MEMORY');
    // Checkpoint every ~200 MB of WAL instead of SQLite's 4 MB: event times jitter by seconds, so
    // each commit rewrites scattered events_ts index pages; a checkpoint copies each distinct page
    // once however often it was rewritten. Measured on an 11M-event store: 36.7k → 46.6k events/s.
    db.pragma(`wal_autocheckpoint = ${walAutocheckpointPages(db)}`);
    migrate(db, MIGRATIONS, file);
    // Its writes take turns with the event writer thread's commits (event-store/write-gate.ts).
    gateConnection(db, writeGate(db));
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
