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
import { walAutocheckpointPages } from '../db.ts';
import { createAppender } from './write.ts';
import type { BatchOutcome, WriteReply, WriteRequest } from './write-protocol.ts';
import { writerTurn } from './write-gate.ts';
import type { WriteGate } from './write-gate.ts';

const { file, synchronous, port, signal, gate } = workerData as {
  file: string;
  synchronous: 'normal' | 'full';
  port: MessagePort;
  signal: Int32Array;
  gate: WriteGate;
};
const db = new Database(file, { fileMustExist: true });
db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -8192');
db.pragma(`wal_autocheckpoint = ${walAutocheckpointPages(db)}`);
const appender = createAppender(db);

function reply(m: WriteReply): void {
  port.postMessage(m);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

const queue: WriteRequest[] = [];
let timer: NodeJS.Immediate | null = null;

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
 * commit where the data is: the bigger the commit, the fewer index pages each event dirties); a
 * failing batch fails alone (EventAppender.commit); then answer each request in order. When more
 * requests are already waiting, the next commit follows at once: the sealing worker and the
 * engine's own connection get their turns through the write gate (write-gate.ts), not by finding
 * a pause between commits.
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
  const batches = group.flatMap((m) => m.batches);
  let results: (number[] | Error)[];
  try {
    results = writerTurn(gate, () => appender.commit(batches));
  } catch (err) {
    results = batches.map(() => (err instanceof Error ? err : new Error(String(err))));
  }
  let at = 0;
  for (const m of group) {
    reply({ op: 'done', id: m.id, outcomes: results.slice(at, at + m.batches.length).map(outcome) });
    at += m.batches.length;
  }
  drain();
  if (queue.length) timer = setImmediate(next);
}

port.on('message', (m: WriteRequest) => {
  queue.push(m);
  if (!timer) next();
});
