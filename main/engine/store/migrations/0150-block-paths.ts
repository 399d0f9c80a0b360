import type { Migration } from '../migrate.ts';

/**
 * Path columns of sealed blocks (event-store/block-paths.ts): for each block, the values its raw
 * texts hold at each object path, one row per (block, path), plus the block's manifest under the
 * path ''. Built after sealing, newest blocks first, so blocks sealed by earlier builds get theirs
 * too; a block without them is read from its raw texts as before.
 */
export const migration0150: Migration = {
  version: 150,
  name: 'block-paths',
  sql: `
CREATE TABLE event_block_paths (
  block INTEGER NOT NULL,
  path TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (block, path)
) WITHOUT ROWID;
`,
};
