import type { WriteBatch } from './write.ts';

/** Engine thread → writer thread. */
export type WriteRequest = { op: 'commit'; id: number; batches: WriteBatch[] } | { op: 'close' };

/** Writer thread → engine thread, one per request, in request order. */
export type WriteReply =
  | { op: 'committed'; id: number; ids: number[][] }
  | { op: 'failed'; id: number; message: string; code: string | null }
  | { op: 'closed' };
