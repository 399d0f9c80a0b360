import type { Migration } from '../migrate.ts';

/**
 * Dotted runs of sealed blocks (event-store/block-runs.ts): for each block, the distinct runs of
 * digits and dots with two dots or more in its texts (addresses, versions), so a hunt for an
 * address skips the blocks without it. Built after sealing with the path columns; a block without
 * a row is read as before.
 */
export const migration0160: Migration = {
  version: 160,
  name: 'block-runs',
  sql: `
CREATE TABLE event_block_runs (
  block INTEGER PRIMARY KEY,
  data BLOB NOT NULL
);
`,
};
