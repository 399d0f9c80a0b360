import type { Migration } from '../migrate.ts';

/**
 * Saved searches and dashboards (issue 14). Names are unique ignoring case (`name_key` is the
 * lower-cased name). A dashboard's filters and panels are one JSON document each: a dashboard is
 * read, saved, exported and imported whole, and one UPDATE replaces it atomically. The built-in
 * Overview is not stored (it is a definition in main/engine/dashboards/overview.ts).
 */
export const migration0110: Migration = {
  version: 110,
  name: 'dashboards',
  sql: `
CREATE TABLE saved_searches (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  query TEXT NOT NULL DEFAULT '',
  range_from TEXT NOT NULL DEFAULT '24h',
  range_to TEXT NOT NULL DEFAULT 'now',
  columns TEXT NOT NULL DEFAULT '[]',
  sort TEXT NOT NULL DEFAULT 'newest',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE dashboards (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  filters TEXT NOT NULL,
  panels TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
`,
};
