import type { Migration } from '../migrate.ts';

/** Core tables: platforms, log sources, events, per-source hourly stats, settings, idempotency. */
export const migration0010: Migration = {
  version: 10,
  name: 'init',
  sql: `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE platforms (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sources (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  rate_limit INTEGER NOT NULL DEFAULT 100,
  description TEXT NOT NULL DEFAULT '',
  platform_id TEXT REFERENCES platforms(id) ON DELETE SET NULL,
  heartbeat_minutes INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  key_hash BLOB,
  key_identifier TEXT,
  key_generated_at INTEGER,
  key_generated_by TEXT,
  credentials_enc TEXT,
  pull_sources TEXT NOT NULL DEFAULT '[]',
  listen_port INTEGER,
  built_in INTEGER NOT NULL DEFAULT 0,
  pull_cursor TEXT
) STRICT;
CREATE UNIQUE INDEX sources_key_hash ON sources(key_hash) WHERE key_hash IS NOT NULL;

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  source_seq INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  category INTEGER NOT NULL,
  outcome INTEGER NOT NULL,
  host TEXT,
  user TEXT,
  action TEXT,
  message TEXT,
  tags TEXT,
  raw TEXT NOT NULL
) STRICT;
CREATE INDEX events_ts ON events(ts);

-- 5-minute buckets of arrivals per source (bucket = start, epoch ms), for Source Health.
CREATE TABLE source_stats (
  source_seq INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  accepted INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  rate_limited INTEGER NOT NULL DEFAULT 0,
  last_event_at INTEGER,
  PRIMARY KEY (source_seq, bucket)
) STRICT, WITHOUT ROWID;

-- Per-minute event counts by event time, source and severity: fast unfiltered histograms.
CREATE TABLE event_counts (
  minute INTEGER NOT NULL,
  source_seq INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (minute, source_seq, severity)
) STRICT, WITHOUT ROWID;

CREATE TABLE idempotency (
  key TEXT NOT NULL,
  route TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (key, route)
) STRICT;
`,
};
