import type { Migration } from '../migrate.ts';

/**
 * Pull sources (SPEC §2, issue 11): per-source schedule columns, one checkpoint per (source, target),
 * the provider ids already stored near each checkpoint (de-duplication across overlapping windows
 * and restarts), and the poll status shown in Source Health. Checkpoint rows are written in the
 * same transaction as the events they cover, so a crash never separates the two.
 */
export const migration0050: Migration = {
  version: 50,
  name: 'pull',
  sql: `
ALTER TABLE sources ADD COLUMN poll_interval_seconds INTEGER NOT NULL DEFAULT 60;
ALTER TABLE sources ADD COLUMN lag_seconds INTEGER;
ALTER TABLE sources ADD COLUMN initial_lookback_minutes INTEGER NOT NULL DEFAULT 60;

-- cursor_time: every entry with a cursor time below it is stored (epoch ms).
CREATE TABLE pull_checkpoints (
  source_seq INTEGER NOT NULL REFERENCES sources(seq) ON DELETE CASCADE,
  target TEXT NOT NULL,
  cursor_time INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (source_seq, target)
) STRICT;

-- Ids stored at cursor times from (cursor_time - overlap) on: skipped when a window is read again.
CREATE TABLE pull_seen (
  source_seq INTEGER NOT NULL REFERENCES sources(seq) ON DELETE CASCADE,
  target TEXT NOT NULL,
  entry_key TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (source_seq, target, entry_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX pull_seen_at ON pull_seen(source_seq, target, at);

CREATE TABLE pull_status (
  source_seq INTEGER PRIMARY KEY REFERENCES sources(seq) ON DELETE CASCADE,
  last_poll_at INTEGER,
  last_success_at INTEGER,
  last_error TEXT,
  pulled_total INTEGER NOT NULL DEFAULT 0,
  failing_since INTEGER
) STRICT;
`,
};
