/**
 * The event writer thread: the connection that inserts events lives here, so SQLite's work
 * (inserts, index pages, fsync at checkpoints) is off the engine thread. Requests arrive on a
 * MessagePort in order and are committed in that order, all those waiting in one transaction; each
 * reply is posted, then the shared counter is bumped and notified so a caller blocked in
 * Atomics.wait (EventWriter.writeNow) wakes.
 * On close the connection is closed and the port too, so the thread ends by itself.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { WAL_AUTOCHECKPOINT_PAGES } from '../db.ts';
import { createAppender } from './write.ts';
import type { BatchOutcome, WriteReply, WriteRequest } from './write-protocol.ts';

const { file, synchronous, port, signal } = workerData as { file: string; synchronous: 'normal' | 'full'; port: MessagePort; signal: Int32Array };
const db = new Database(file, { fileMustExist: true });
db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -32768');
db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
const appender = createAppender(db);

function reply(m: WriteReply): void {
  port.postMessage(m);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

const queue: WriteRequest[] = [];
let timer: NodeJS.Timeout | null = null;

/** Move every message already waiting on the port into the queue (they are not emitted again). */
function drain(): void {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) queue.push(m.message as WriteRequest);
}

function outcome(r: number[] | Error): BatchOutcome {
  if (Array.isArray(r)) return { ids: r };
  const code = (r as { code?: unknown }).code;
  return { message: r.message, code: typeof code === 'string' ? code : null };
}

/**
 * Commit the batches of every commit request waiting, in arrival order, as one transaction (group
 * commit where the data is: the bigger the commit, the fewer index pages each event dirties), each
 * batch in its own savepoint so a failing one fails alone; then answer each request in order. When more requests
 * are already waiting, pause a third of the commit's time before the next: the sealing worker and
 * the engine's own connection wait for the write lock by polling (SQLite's busy handler), and
 * back-to-back commits would starve them past their busy timeout. The pause costs nothing in
 * events: what arrives meanwhile joins the next, bigger commit.
 */
function next(): void {
  timer = null;
  drain();
  const group: Extract<WriteRequest, { op: 'commit' }>[] = [];
  while (queue[0]?.op === 'commit') group.push(queue.shift() as Extract<WriteRequest, { op: 'commit' }>);
  if (!group.length) {
    if (queue.shift()?.op === 'close') {
      db.close();
      reply({ op: 'closed' });
      port.close();
    }
    return;
  }
  const t0 = performance.now();
  const batches = group.flatMap((m) => m.batches);
  let results: (number[] | Error)[];
  try {
    results = appender.commit(batches);
  } catch (err) {
    results = batches.map(() => (err instanceof Error ? err : new Error(String(err))));
  }
  let at = 0;
  for (const m of group) {
    reply({ op: 'done', id: m.id, outcomes: results.slice(at, at + m.batches.length).map(outcome) });
    at += m.batches.length;
  }
  drain();
  if (queue.length) timer = setTimeout(next, Math.max(1, Math.ceil((performance.now() - t0) / 3)));
}

port.on('message', (m: WriteRequest) => {
  queue.push(m);
  if (!timer) next();
});
