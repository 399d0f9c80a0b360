import { Worker } from 'node:worker_threads';
import type { SearchInput } from '../../../shared/api.ts';
import { WatchpostError } from '../../../shared/errors.ts';
import type { ApiErrorBody } from '../../../shared/errors.ts';
import type { EventPage, FieldCount, Histogram, TopValues, WatchpostEvent } from '../../../shared/types.ts';
import type { Db } from '../store/db.ts';
import { createSearch } from './search.ts';
import { WORKER_RESOURCE_LIMITS, workerEntry } from '../worker-entry.ts';
import { mergeHistograms, mergeTops, splitWindow } from './split.ts';
import type { TimePart, TopPart } from './split.ts';

export type SearchMethod = 'search' | 'get' | 'histogram' | 'fields' | 'top';
export interface SearchRequest {
  id: number;
  method: SearchMethod;
  input: SearchInput & { buckets?: number; id?: string; field?: string };
  nowMs: number;
  /** Histogram and top: count only this part of the window (split.ts). */
  part?: TimePart | null;
}
export type SearchReply = { id: number; ok: true; data: unknown } | { id: number; ok: false; error: ApiErrorBody };

/** The Log Viewer's search, asynchronous: answered by worker threads, or in-thread as a fallback. */
export interface SearchService {
  search(input: SearchInput, nowMs: number): Promise<EventPage>;
  get(id: string): Promise<WatchpostEvent>;
  histogram(input: SearchInput & { buckets?: number }, nowMs: number): Promise<Histogram>;
  fields(input: SearchInput, nowMs: number): Promise<{ fields: FieldCount[] }>;
  top(input: SearchInput & { field: string }, nowMs: number): Promise<TopValues>;
  /** 'workers' or 'in-thread' (when no worker entry exists, e.g. a bundle built without one). */
  readonly mode: 'workers' | 'in-thread';
  close(): Promise<void>;
}

export interface SearchServiceOptions {
  /** The database file the workers open read-only. */
  file: string;
  /** Worker entry; default: worker.ts beside this file, or search-worker.cjs beside a bundle. */
  workerUrl?: URL | null;
  workers?: number;
  /** A query running longer than this is stopped (its worker replaced) with a clear error. */
  timeoutMs?: number;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
}
interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** The search worker's script for the running code (sources, or beside the Electron bundle). */
export function defaultWorkerUrl(here: string = import.meta.url): URL | null {
  return workerEntry(here, './worker.ts', './search-worker.cjs');
}

/**
 * Runs search on worker threads with their own read-only connections: a scan of a busy day takes
 * a second, and it must not freeze ingest, rules or the console while it does. Each request goes
 * to the least busy worker; a worker that dies or overruns is replaced. A histogram or top values
 * over a long window is cut by time into one part per worker (split.ts), counted in parallel
 * (one core each) and merged exactly.
 */
export function createSearchService(db: Db, opts: SearchServiceOptions): SearchService {
  const workerUrl = opts.workerUrl === undefined ? defaultWorkerUrl() : opts.workerUrl;
  if (!workerUrl) {
    const s = createSearch(db);
    return {
      mode: 'in-thread',
      search: async (i, n) => s.search(i, n),
      get: async (id) => s.get(id),
      histogram: async (i, n) => s.histogram(i, n),
      fields: async (i, n) => s.fields(i, n),
      top: async (i, n) => s.top(i, n),
      close: async () => {},
    };
  }
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const slots: Slot[] = [];
  let nextId = 1;
  let last = -1;
  let closed = false;

  function spawn(index: number): Slot {
    const worker = new Worker(workerUrl!, { workerData: { file: opts.file }, resourceLimits: WORKER_RESOURCE_LIMITS });
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (r: SearchReply) => {
      const p = slot.pending.get(r.id);
      if (!p) return;
      slot.pending.delete(r.id);
      clearTimeout(p.timer);
      if (r.ok) p.resolve(r.data);
      else p.reject(new WatchpostError(r.error.code, r.error.message, r.error.details));
    });
    const fail = (why: string) => {
      for (const p of slot.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new WatchpostError('INTERNAL', why));
      }
      slot.pending.clear();
      if (!closed && slots[index] === slot) slots[index] = spawn(index);
    };
    worker.on('error', (err) => fail(`search worker failed: ${err.message}`));
    worker.on('exit', (code) => fail(`search worker stopped (exit ${code})`));
    worker.unref();
    return slot;
  }

  /**
   * Take a worker out of service without terminate(): a fresh one takes its slot at once, and the
   * old one finishes its current query, closes its database and ends by itself.
   */
  function retire(index: number, slot: Slot): void {
    if (slots[index] === slot) slots[index] = spawn(index);
    for (const p of slot.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new WatchpostError('INTERNAL', 'search worker was replaced after a query overran'));
    }
    slot.pending.clear();
    slot.worker.postMessage({ op: 'close' });
  }

  /** Ask a worker to close its database and end; resolves when it has (terminate only as a last resort). */
  async function stopWorker(w: Worker): Promise<void> {
    w.ref(); // unref'd while idle: hold the event loop open until it has really stopped
    const exited = new Promise<void>((res) => w.once('exit', () => res()));
    w.postMessage({ op: 'close' });
    const late = setTimeout(() => void w.terminate(), 10_000);
    await exited;
    clearTimeout(late);
  }
  const count = Math.max(1, opts.workers ?? 2);
  for (let i = 0; i < count; i++) slots.push(spawn(i));

  function run<T>(method: SearchMethod, input: SearchRequest['input'], nowMs: number, part: TimePart | null = null): Promise<T> {
    if (closed) return Promise.reject(new WatchpostError('INTERNAL', 'search is shut down'));
    // The least busy worker; among equals, the one after the last chosen (parts of one request go to different workers).
    const index = slots.reduce((best, s, i) => (s.pending.size < slots[best]!.pending.size ? i : best), (last + 1) % slots.length);
    last = index;
    const slot = slots[index]!;
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        slot.pending.delete(id);
        reject(
          new WatchpostError(
            'VALIDATION_ERROR',
            `search took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; narrow the time range or add a field filter`,
            { timeoutMs },
          ),
        );
        retire(index, slot);
      }, timeoutMs);
      slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      slot.worker.postMessage({ id, method, input, nowMs, part } satisfies SearchRequest);
    });
  }

  return {
    mode: 'workers',
    search: (i, n) => run('search', i, n),
    get: (id) => run('get', { id }, 0),
    histogram: (i, n) => {
      const parts = splitWindow('histogram', i, n, slots.length);
      return parts ? Promise.all(parts.map((p) => run<Histogram>('histogram', i, n, p))).then(mergeHistograms) : run('histogram', i, n);
    },
    fields: (i, n) => run('fields', i, n),
    top: (i, n) => {
      const parts = splitWindow('top', i, n, slots.length);
      if (!parts) return run('top', i, n);
      // A part with too many distinct values to send (an id-like field) sends none: then one worker answers whole.
      return Promise.all(parts.map((p) => run<TopPart>('top', i, n, p))).then((tops) =>
        tops.some((t) => t.incomplete) ? run<TopValues>('top', i, n) : mergeTops(tops, i.limit),
      );
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => stopWorker(s.worker)));
    },
  };
}
