import type { Migration } from '../migrate.ts';

/**
 * Path columns of sealed blocks (event-store/block-paths.ts): for each block, the values its raw
 * texts hold at each object path, one row per (block, path), plus the block's manifest under the
 * path ''. Built after sealing, newest blocks first, so blocks sealed by earlier builds get theirs
 * too; a block without them is read from its raw texts as before. A rowid table, not WITHOUT
 * ROWID keyed by (block, path): there a row over ~4 KB (a quarter of a 16 KiB page) spills its
 * tail into an overflow page of its own, and the store grew by 1.85× the columns' bytes (measured
 * on the 100 M store); here a block's rows lie together, several to a page.
 */
export const migration0150: Migration = {
  version: 150,
  name: 'block-paths',
  sql: `
CREATE TABLE event_block_paths (
  id INTEGER PRIMARY KEY,
  block INTEGER NOT NULL,
  path TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE UNIQUE INDEX event_block_paths_key ON event_block_paths(block, path);
`,
};
