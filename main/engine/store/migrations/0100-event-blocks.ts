import type { Migration } from '../migrate.ts';

/**
 * Sealed event blocks (docs/storage.md). `events` stays as the head: new events land there,
 * durable and searchable at once, and the sealer moves them in id order into compressed blocks.
 * Existing stores need no data migration: their events are simply an unsealed head that the
 * sealer works through in the background.
 */
export const migration0100: Migration = {
  version: 100,
  name: 'event-blocks',
  sql: `
CREATE TABLE event_blocks (
  id INTEGER PRIMARY KEY,          -- first event id in the block
  last_id INTEGER NOT NULL,        -- last event id in the block
  count INTEGER NOT NULL,
  min_ts INTEGER NOT NULL,
  max_ts INTEGER NOT NULL,
  max_received INTEGER NOT NULL,
  -- JSON [[minute, source_seq, severity, count], ...]: what the block adds to event_counts
  summary TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  data BLOB NOT NULL,              -- every column but raw, one zstd frame each (block-codec.ts)
  raw BLOB NOT NULL                -- the raw column's zstd frame; last, so reading data skips its pages
) STRICT;
CREATE INDEX event_blocks_max_ts ON event_blocks(max_ts);
CREATE INDEX event_blocks_min_ts ON event_blocks(min_ts);

-- Skip index: one document per block (rowid = block id), the distinct trigrams of its searchable text.
CREATE VIRTUAL TABLE event_block_grams USING fts5(body, content='', contentless_delete=1, detail=none, tokenize='trigram');
`,
};
