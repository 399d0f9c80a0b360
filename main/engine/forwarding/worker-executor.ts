import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../store/db.ts';
import { WORKER_RESOURCE_LIMITS, workerEntry } from '../worker-entry.ts';
import { AttemptExecutor } from './attempt-executor.ts';
import type { AttemptJob, AttemptReply, Executor } from './attempt-executor.ts';
import type { WorkerRequest, WorkerResponse } from './send-worker.ts';

/**
 * Runs attempts in the send worker when its file is available, else in this thread (same code).
 * If the worker dies, attempts in flight come back as connection errors (retried on schedule)
 * and later attempts run in this thread.
 */
export function createExecutor(db: Db, maxSockets: number, preferWorker: boolean): Executor {
  const file = preferWorker && db.name && db.name !== ':memory:' ? workerEntry(import.meta.url, './send-worker.ts', './forwarding-send-worker.cjs') : null;
  if (!file) return new AttemptExecutor(db, maxSockets);
  return new WorkerExecutor(fileURLToPath(file), db, maxSockets);
}

class WorkerExecutor implements Executor {
  get where(): 'worker' | 'thread' {
    return this.lostOnce ? 'thread' : 'worker';
  }
  private worker: Worker | null = null;
  private lostOnce = false;
  private closed = false;
  private readonly file: string;
  private readonly waiting = new Map<number, (r: AttemptReply) => void>();
  private nextId = 1;
  private fallback: AttemptExecutor | null = null;
  private readonly db: Db;
  private readonly maxSockets: number;

  constructor(file: string, db: Db, maxSockets: number) {
    this.file = file;
    this.db = db;
    this.maxSockets = maxSockets;
  }

  /** The thread starts with the first attempt: an engine that never forwards never pays for it. */
  private started(): Worker | null {
    if (this.worker || this.lostOnce || this.closed) return this.worker;
    const w = new Worker(this.file, { workerData: { dbFile: this.db.name, maxSockets: this.maxSockets }, resourceLimits: WORKER_RESOURCE_LIMITS });
    w.unref();
    w.on('message', (m: WorkerResponse) => {
      const done = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      done?.(m.reply);
    });
    w.on('error', (err) => this.lost(`send worker failed: ${err.message}`));
    w.on('exit', () => this.lost('send worker exited'));
    this.worker = w;
    return w;
  }

  run(job: AttemptJob): Promise<AttemptReply> {
    const w = this.started();
    if (!w) return this.local().run(job);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      w.postMessage({ op: 'run', id, job } satisfies WorkerRequest);
    });
  }

  drop(endpointId: string): void {
    this.worker?.postMessage({ op: 'drop', endpointId } satisfies WorkerRequest);
    this.fallback?.drop(endpointId);
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (w) {
      w.ref(); // unref'd while idle: keep the event loop open until it has really stopped
      const exited = new Promise<void>((res) => w.once('exit', () => res()));
      w.postMessage({ op: 'close' } satisfies WorkerRequest);
      await Promise.race([exited, new Promise((res) => setTimeout(res, 2000))]);
      await w.terminate();
    }
    await this.fallback?.close();
  }

  private local(): AttemptExecutor {
    return (this.fallback ??= new AttemptExecutor(this.db, this.maxSockets));
  }

  private lost(reason: string): void {
    if (this.worker) console.error(`[watchpost] forwarding: ${reason}; sending from the main thread from now on`);
    this.worker = null;
    this.lostOnce = true;
    for (const done of this.waiting.values()) done({ status: null, error: reason, retryAfter: null, permanent: false, count: 0, lastId: 0, more: false });
    this.waiting.clear();
  }
}
