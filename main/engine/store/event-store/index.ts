/**
 * The event store: the one owner of event data (head table `events`, sealed `event_blocks`, their
 * skip index, the per-minute `event_counts`). docs/storage.md describes the design.
 */
export { BLOCK_SOURCE, BlockReader, HEAD_SOURCE } from './blocks.ts';
export type { BlockMeta } from './blocks.ts';
export type { RowTuple, StoredRow } from './block-codec.ts';
export { BLOCK_SIZE, sealAll, sealOne } from './sealer.ts';
export type { SealOptions, Sealer } from './sealer.ts';

/** The next free event id: past every id in the head and in every sealed block. */
export const NEXT_EVENT_ID_SQL =
  'SELECT max(coalesce((SELECT max(id) FROM events), 0), coalesce((SELECT last_id FROM event_blocks ORDER BY id DESC LIMIT 1), 0)) + 1 AS n';
export { dropBlock, dropHeadRows } from './drop.ts';
export { firstIdReceivedSince, maxEventId, scanById } from './read.ts';
export type { IdScan } from './read.ts';
export { commitBlock, prepareBlock } from './sealer.ts';
export type { PreparedBlock } from './sealer.ts';
