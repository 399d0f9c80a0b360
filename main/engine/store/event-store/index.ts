/**
 * The event store: the one owner of event data (head table `events`, sealed `event_blocks`, their
 * skip index and path columns, the per-minute `event_counts`). docs/storage.md describes the design.
 */
export { BLOCK_SOURCE, BlockReader, columnsOf, HEAD_SOURCE, newestOrderSql, RUNS_AT_ONCE, windowSql } from './blocks.ts';
export type { Combinations, RowFilter } from './blocks.ts';
export type { BlockMeta } from './block-list.ts';
export { TEXT_COLUMNS } from './block-codec.ts';
export type { BlockColumns, ColumnValues, DecodedBlock, Dictionary, StoredRow } from './block-codec.ts';
export { BLOCK_SIZE, sealAll, sealOne } from './sealer.ts';
export { shredAll } from './path-columns.ts';
export type { PathColumn } from './block-paths.ts';
export type { SealOptions, Sealer } from './sealer.ts';

export { STATS_BUCKET_MS } from './write.ts';
export type { NewEventRow, SqlStep, WriteBatch } from './write.ts';
export { openEventSink } from './write-thread.ts';
export type { EventSink } from './write-thread.ts';
export { dropBlockBefore, dropHeadBefore, dropOldestBlock, dropOldestHead, dropStatsBefore, headSpan } from './expire.ts';
export { firstIdReceivedSince, maxEventId, scanById } from './read.ts';
export { lastEventAtSql, lastEventBefore, statsSince } from './source-stats.ts';
export type { StatsBucket } from './source-stats.ts';
export { activeMinutesSql, HEAD_ROW_AT_SQL, minuteTotalsSql, NEWEST_TS_SQL, OLDEST_TS_SQL, SUMMARY_MINUTE_SQL, summaryCountSql } from './summary.ts';
export type { IdScan } from './read.ts';
export { commitBlock, prepareBlock } from './sealer.ts';
export type { PreparedBlock } from './sealer.ts';
export { dottedPiece, runsContain } from './block-runs.ts';
export type { StoredRuns } from './block-runs.ts';
export { literalPieces } from './block-words.ts';
export type { BlockWords } from './block-words.ts';
