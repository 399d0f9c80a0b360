import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../store/db.ts';
import { workerEntry } from '../worker-entry.ts';
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
    return this.worker ? 'worker' : 'thread';
  }
  private worker: Worker | null;
  private readonly waiting = new Map<number, (r: AttemptReply) => void>();
  private nextId = 1;
  private fallback: AttemptExecutor | null = null;
  private readonly db: Db;
  private readonly maxSockets: number;

  constructor(file: string, db: Db, maxSockets: number) {
    this.db = db;
    this.maxSockets = maxSockets;
    const w = new Worker(file, { workerData: { dbFile: db.name, maxSockets } });
    w.unref();
    w.on('message', (m: WorkerResponse) => {
      const done = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      done?.(m.reply);
    });
    w.on('error', (err) => this.lost(`send worker failed: ${err.message}`));
    w.on('exit', () => this.lost('send worker exited'));
    this.worker = w;
  }

  run(job: AttemptJob): Promise<AttemptReply> {
    if (!this.worker) return this.local().run(job);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker!.postMessage({ op: 'run', id, job } satisfies WorkerRequest);
    });
  }

  drop(endpointId: string): void {
    this.worker?.postMessage({ op: 'drop', endpointId } satisfies WorkerRequest);
    this.fallback?.drop(endpointId);
  }

  async close(): Promise<void> {
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
    for (const done of this.waiting.values()) done({ status: null, error: reason, retryAfter: null, permanent: false, count: 0, lastId: 0, more: false });
    this.waiting.clear();
  }
}
