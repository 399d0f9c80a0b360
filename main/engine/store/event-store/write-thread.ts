/**
 * Where event commits run: on the writer thread (write-worker.ts, its own connection) when its
 * script exists and the store is a file, else on the engine's connection. Both run the same
 * appender (write.ts) and call back in commit order, synchronously on the engine thread, so the
 * caller can announce committed events in id order.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { Database as Db } from 'better-sqlite3';
import { WORKER_RESOURCE_LIMITS, workerEntry } from '../../worker-entry.ts';
import { createAppender } from './write.ts';
import type { EventAppender, WriteBatch } from './write.ts';
import type { WriteReply, WriteRequest } from './write-protocol.ts';
import { waitWhile, writeGate, yieldTurn } from './write-gate.ts';
import type { WriteGate } from './write-gate.ts';

/** Called once per send, in commit order: per batch, its new ids or the error that kept it out (nothing of it written). */
export type CommitDone = (results: (number[] | Error)[]) => void;

export interface EventSink {
  readonly where: 'worker' | 'thread';
  /** Commit the batches in one transaction, each on its own (EventAppender.commit); `done` runs once durable or failed. */
  send(batches: WriteBatch[], done: CommitDone): void;
  /** Commit one batch now and block until durable; throws if it failed (earlier sends finish first and are called back first). */
  commitSync(batch: WriteBatch): number[];
  /** Refused requests, counted on the engine's connection at once (source stats). */
  countRefused(sourceSeq: number, at: number, rejected: number, rateLimited: number): void;
  /** Finish every commit sent, then close the writer thread's connection and let the thread end. */
  close(): Promise<void>;
}

/** How long a blocked commitSync waits for the writer thread before giving up (it reports a busy store). */
const SYNC_WAIT_MS = 60_000;

/** An error the ingest path maps to 503 + Retry-After (see isStoreUnavailable). */
function storeError(message: string, code: string | null): Error {
  return Object.assign(new Error(message), { code: code ?? 'SQLITE_IOERR' });
}

/** The sink for `db`: the writer thread when `preferThread` and possible, else in-thread. */
export function openEventSink(db: Db, opts: { preferThread: boolean; synchronous: 'normal' | 'full' }): EventSink {
  const local = createAppender(db);
  const url = opts.preferThread && db.name && db.name !== ':memory:' ? workerEntry(import.meta.url, './write-worker.ts', './event-write-worker.cjs') : null;
  return url ? new ThreadSink(url, db.name, opts.synchronous, local, writeGate(db)) : inThreadSink(local);
}

/** Every batch's result of one commit attempt: what the appender returned, or its error for all. */
function attempt(a: EventAppender, batches: WriteBatch[]): (number[] | Error)[] {
  try {
    return a.commit(batches);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return batches.map(() => e);
  }
}

function oneResult(r: number[] | Error | undefined): number[] {
  if (r instanceof Error) throw r;
  return r!;
}

function inThreadSink(a: EventAppender): EventSink {
  return {
    where: 'thread',
    send: (batches, done) => done(attempt(a, batches)),
    commitSync: (batch) => oneResult(a.commit([batch])[0]),
    countRefused: (seq, at, rejected, limited) => a.countRefused(seq, at, rejected, limited),
    close: async () => {},
  };
}

class ThreadSink implements EventSink {
  private worker: Worker | null;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  /** Requests sent and not answered yet, oldest first (the thread answers in order). */
  private readonly waiting: { id: number; count: number; done: CommitDone }[] = [];
  private nextId = 1;
  private closed: (() => void) | null = null;
  private readonly local: EventAppender;
  private readonly fallback: EventSink;
  private readonly gate: WriteGate;

  get where(): 'worker' | 'thread' {
    return this.worker ? 'worker' : 'thread';
  }

  constructor(url: URL, file: string, synchronous: 'normal' | 'full', local: EventAppender, gate: WriteGate) {
    this.gate = gate;
    this.local = local;
    this.fallback = inThreadSink(local);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const w = new Worker(url, {
      name: 'event-writer',
      workerData: { file, synchronous, port: port2, signal: this.signal, gate },
      transferList: [port2],
      resourceLimits: WORKER_RESOURCE_LIMITS,
    });
    w.unref();
    w.on('error', (err) => this.lost(`the event writer thread failed: ${err.message}`));
    w.on('exit', () => this.lost('the event writer thread exited'));
    this.worker = w;
    port1.on('message', (m: WriteReply) => this.dispatch(m));
    port1.unref();
  }

  send(batches: WriteBatch[], done: CommitDone): void {
    if (!this.worker) return this.fallback.send(batches, done);
    const id = this.nextId++;
    this.waiting.push({ id, count: batches.length, done }); // the rows are not kept: postMessage copies them
    if (this.waiting.length === 1) this.port.ref(); // keep the process alive until it is answered
    this.port.postMessage({ op: 'commit', id, batches } satisfies WriteRequest);
  }

  commitSync(batch: WriteBatch): number[] {
    if (!this.worker) return this.fallback.commitSync(batch);
    return yieldTurn(this.gate, () => this.waitFor(batch));
  }

  private waitFor(batch: WriteBatch): number[] {
    let result: (number[] | Error)[] | null = null;
    this.send([batch], (r) => (result = r));
    const until = Date.now() + SYNC_WAIT_MS;
    while (!result) {
      const seen = Atomics.load(this.signal, 0);
      const m = receiveMessageOnPort(this.port);
      if (m) {
        this.dispatch(m.message as WriteReply);
        continue;
      }
      if (Date.now() > until) throw storeError(`the event writer thread did not answer within ${SYNC_WAIT_MS / 1000} s`, 'SQLITE_BUSY');
      waitWhile(this.signal, 0, seen, 1000);
    }
    return oneResult((result as (number[] | Error)[])[0]);
  }

  countRefused(sourceSeq: number, at: number, rejected: number, rateLimited: number): void {
    this.local.countRefused(sourceSeq, at, rejected, rateLimited);
  }

  async close(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    const exited = new Promise<void>((res) => w.once('exit', () => res()));
    const answered = new Promise<void>((res) => (this.closed = res));
    this.port.ref();
    this.port.postMessage({ op: 'close' } satisfies WriteRequest); // after every commit sent: answered in order
    await Promise.race([answered, exited]);
    this.worker = null;
    this.port.close();
    // The thread ends by itself once its connection and port are closed; terminate only if it hangs.
    const late = setTimeout(() => void w.terminate(), 10_000);
    await exited;
    clearTimeout(late);
  }

  private dispatch(m: WriteReply): void {
    if (m.op === 'closed') {
      this.closed?.();
      return;
    }
    const head = this.waiting.shift();
    if (!head || head.id !== m.id) throw new Error(`event writer thread answered request ${m.id}, expected ${head?.id ?? 'none'}`);
    if (this.waiting.length === 0 && !this.closed) this.port.unref();
    head.done(m.outcomes.map((o) => ('ids' in o ? o.ids : storeError(o.message, o.code))));
  }

  /** The thread is gone: commits in flight fail as a store error (503, retried by clients); later ones run in-thread. */
  private lost(reason: string): void {
    if (!this.worker || this.closed) return;
    console.error(`[watchpost] ${reason}; writing events on the engine thread from now on`);
    this.worker = null;
    this.port.close();
    for (const w of this.waiting.splice(0)) w.done(Array.from({ length: w.count }, () => storeError(reason, 'SQLITE_IOERR')));
  }
}
