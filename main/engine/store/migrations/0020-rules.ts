import type { Migration } from '../migrate.ts';

/**
 * Alert rules, their alerts, and the per-(rule, group) cooldown memory that lets rule state survive
 * a restart without duplicate alerts. Scope ids are kept as JSON lists without foreign keys on
 * purpose: a deleted source or platform must leave the rule matching nothing, never turn it into an
 * "every source" rule. Alerts outlive their rule (they are history; retention never drops them).
 */
export const migration0020: Migration = {
  version: 20,
  name: 'rules',
  sql: `
CREATE TABLE rules (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  severity TEXT NOT NULL,
  rule_type TEXT NOT NULL,
  platform_id TEXT,
  source_ids TEXT NOT NULL DEFAULT '[]',
  severity_filter TEXT NOT NULL DEFAULT '[]',
  cooldown_minutes INTEGER NOT NULL DEFAULT 0,
  auto_close INTEGER NOT NULL DEFAULT 0,
  auto_close_grace_minutes INTEGER NOT NULL DEFAULT 0,
  threshold_field TEXT,
  threshold_value TEXT,
  threshold_count INTEGER NOT NULL DEFAULT 0,
  threshold_window_minutes INTEGER NOT NULL DEFAULT 0,
  threshold_group_by TEXT NOT NULL DEFAULT 'none',
  pattern_field TEXT,
  pattern_value TEXT,
  absence_use_source_heartbeat INTEGER NOT NULL DEFAULT 0,
  absence_window_minutes INTEGER,
  notify_desktop INTEGER NOT NULL DEFAULT 0,
  notify_endpoint_ids TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_evaluated INTEGER,
  last_triggered INTEGER,
  trigger_count INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE alerts (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  rule_id TEXT NOT NULL,
  rule_name TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  group_key TEXT NOT NULL,
  title TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  sample_event_ids TEXT NOT NULL,
  source_ids TEXT NOT NULL,
  acknowledged_at INTEGER,
  resolved_at INTEGER,
  resolved_by TEXT,
  status_changed_at INTEGER NOT NULL,
  last_event_id INTEGER NOT NULL DEFAULT 0,
  min_ts INTEGER,
  max_ts INTEGER,
  query TEXT NOT NULL
) STRICT;
CREATE INDEX alerts_status ON alerts(status, seq);
CREATE INDEX alerts_rule_group ON alerts(rule_id, group_key, status);

CREATE TABLE rule_groups (
  rule_id TEXT NOT NULL,
  group_key TEXT NOT NULL,
  last_fired_at INTEGER NOT NULL,
  PRIMARY KEY (rule_id, group_key)
) STRICT, WITHOUT ROWID;
`,
};
