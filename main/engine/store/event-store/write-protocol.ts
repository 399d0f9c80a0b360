import type { WriteBatch } from './write.ts';

/**
 * Engine thread → writer thread. Batches cross as plain arrays (structured clone, ~1 µs per event
 * for both sides together). Packing a batch's strings into one string was measured slower here
 * (~5 µs): a string over ~128 KB lands in V8's large-object space, fresh pages on every request.
 */
export type WriteRequest = { op: 'commit'; id: number; batches: WriteBatch[] } | { op: 'close' };

/** One batch's outcome: its new ids, or why it was not written (with the SQLite code when there is one). */
export type BatchOutcome = { ids: number[] } | { message: string; code: string | null };

/** Writer thread → engine thread, one per commit request, in request order: an outcome per batch. */
export type WriteReply = { op: 'done'; id: number; outcomes: BatchOutcome[] } | { op: 'closed' };
