import type { Migration } from '../migrate.ts';

/**
 * Forwarding (SPEC §7): SIEM endpoints and the durable delivery queue. The queue lives in the
 * database so a restart (or kill -9) loses nothing and resumes each delivery's retry schedule.
 * `logs_cursor` is the last events.id handed to an endpoint's logs stream, so events that were
 * still in the in-memory batch at a crash are re-read from `events` on the next start.
 * A logs delivery references its events (id range + the endpoint's filter at batching time, in
 * `range_*`): they are already durable in `events`, so the stream never writes them a second time.
 * Security, alert and test deliveries keep their one event in `delivery_payloads`, a table of its
 * own so an attempt's status UPDATE never rewrites the payload.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'forwarding',
  sql: `
CREATE TABLE endpoints (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  ca_cert_pem TEXT,
  auth_type TEXT NOT NULL DEFAULT 'none',
  auth_header_name TEXT,
  auth_value_enc TEXT,
  signing_secret_enc TEXT NOT NULL,
  format TEXT NOT NULL DEFAULT 'generic',
  format_auto INTEGER NOT NULL DEFAULT 1,
  categories TEXT NOT NULL DEFAULT '[]',
  alerts INTEGER NOT NULL DEFAULT 1,
  logs INTEGER NOT NULL DEFAULT 0,
  log_source_ids TEXT NOT NULL DEFAULT '[]',
  min_severity INTEGER NOT NULL DEFAULT 0,
  enabled INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT,
  failing_since INTEGER,
  last_delivery_at INTEGER,
  logs_cursor INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE deliveries (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  last_status INTEGER,
  next_attempt_at INTEGER,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  webhook_id TEXT NOT NULL,
  event_count INTEGER NOT NULL,
  derived INTEGER NOT NULL DEFAULT 0,
  range_min INTEGER,
  range_max INTEGER,
  range_filter TEXT
) STRICT;
CREATE INDEX deliveries_due ON deliveries(endpoint_id, next_attempt_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX deliveries_endpoint ON deliveries(endpoint_id, seq);
CREATE INDEX deliveries_status ON deliveries(status, seq);
CREATE INDEX deliveries_created ON deliveries(created_at);

CREATE TABLE delivery_payloads (
  delivery_seq INTEGER PRIMARY KEY REFERENCES deliveries(seq) ON DELETE CASCADE,
  body BLOB NOT NULL
) STRICT;
`,
};
