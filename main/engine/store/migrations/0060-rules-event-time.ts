import type { Migration } from '../migrate.ts';

/**
 * Rules on event time (SPEC §6 revised 2026-11-29): a per-rule allowed lateness (default 10 min) and
 * an optional search-language condition. Existing rules keep their field/value test and group-by
 * as they are (the stored group-by names are valid field names), so only the window's clock changes.
 * Alerts gain the late flag, an assignee, a resolution reason and notes (one row per note).
 */
export const migration0060: Migration = {
  version: 60,
  name: 'rules-event-time',
  sql: `
ALTER TABLE rules ADD COLUMN condition TEXT;
ALTER TABLE rules ADD COLUMN allowed_lateness_minutes INTEGER NOT NULL DEFAULT 10;

ALTER TABLE alerts ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN assignee TEXT;
ALTER TABLE alerts ADD COLUMN resolution_reason TEXT;

CREATE TABLE alert_notes (
  seq INTEGER PRIMARY KEY,
  alert_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL
) STRICT;
CREATE INDEX alert_notes_alert ON alert_notes(alert_id, seq);
`,
};
