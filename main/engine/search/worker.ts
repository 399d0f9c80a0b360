/**
 * Search worker: its own read-only connection to the store (WAL lets it read while ingest writes),
 * so a long scan runs on another core and never holds up ingest or the API thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { WatchpostError } from '../../../shared/errors.ts';
import { BlockReader } from '../store/event-store/index.ts';
import { createSearch } from './search.ts';
import type { SearchRequest, SearchReply } from './pool.ts';
import { WarmUp } from './warm.ts';

const { file } = workerData as { file: string };
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
// 2 MiB: its reads are block blobs (the OS caches those) and small index pages; 32 MiB per worker
// only held blob pages that are read once per request, and 8 → 2 MiB (with a 4 MB decoded-block
// cache) took serve's peak RSS ingesting and querying from 575–606 to 504–544 MB for ~10 % on some
// 30-day aggregations (docs/benchmarks.md "Serve memory", "Stop 12").
db.pragma('cache_size = -2048');
const search = createSearch(db);

// Warm up (warm.ts): one small query per turn of the event loop, so a request that arrives
// meanwhile waits for one step at most; stops at its budget, after a slow step, or when the worker closes.
let warming: WarmUp | null = new WarmUp(search, BlockReader.for(db), Date.now());
const warmStep = () => {
  if (warming?.step()) setImmediate(warmStep);
  else warming = null;
};
setImmediate(warmStep);

parentPort!.on('message', (req: SearchRequest | { op: 'close' }) => {
  if ('op' in req) {
    // Close the database here, in this thread, then let the thread end by itself: terminating a
    // worker that still holds a native SQLite handle can abort the whole process.
    warming = null;
    db.close();
    parentPort!.close();
    return;
  }
  let reply: SearchReply;
  try {
    const data =
      req.method === 'get'
        ? search.get(req.input.id as string)
        : req.method === 'search'
          ? search.search(req.input, req.nowMs)
          : req.method === 'histogram'
            ? search.histogram(req.input, req.nowMs, req.part)
            : req.method === 'top'
              ? search.top({ ...req.input, field: req.input.field ?? '' }, req.nowMs, req.part)
              : search.fields(req.input, req.nowMs);
    reply = { id: req.id, ok: true, data };
  } catch (err) {
    reply =
      err instanceof WatchpostError
        ? { id: req.id, ok: false, error: { code: err.code, message: err.message, details: err.details } }
        : { id: req.id, ok: false, error: { code: 'INTERNAL', message: `search failed: ${(err as Error)?.message ?? String(err)}` } };
  }
  parentPort!.postMessage(reply);
});
