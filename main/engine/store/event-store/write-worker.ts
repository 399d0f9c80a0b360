/**
 * The event writer thread: the connection that inserts events lives here, so SQLite's work
 * (inserts, index pages, fsync at checkpoints) is off the engine thread. Requests arrive on a
 * MessagePort in order and are committed in that order; each reply is posted, then the shared
 * counter is bumped and notified so a caller blocked in Atomics.wait (EventWriter.writeNow) wakes.
 * On close the connection is closed and the port too, so the thread ends by itself.
 */
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { WAL_AUTOCHECKPOINT_PAGES } from '../db.ts';
import { createAppender } from './write.ts';
import type { WriteReply, WriteRequest } from './write-protocol.ts';

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

/**
 * Handle one request. When more are already waiting (ingest is saturating the thread), pause a third
 * of the commit's time before the next: the sealing worker and the engine's own connection wait
 * for the write lock by polling (SQLite's busy handler), and back-to-back commits would starve
 * them past their busy timeout. The pause costs nothing in events: what arrives meanwhile joins the
 * next, bigger commit.
 */
function next(): void {
  timer = null;
  const m = queue.shift();
  if (!m) return;
  if (m.op === 'close') {
    db.close();
    reply({ op: 'closed' });
    port.close();
    return;
  }
  const t0 = performance.now();
  try {
    reply({ op: 'committed', id: m.id, ids: appender.commit(m.batches) });
  } catch (err) {
    const e = err as { message?: string; code?: string };
    reply({ op: 'failed', id: m.id, message: e?.message ?? String(err), code: typeof e?.code === 'string' ? e.code : null });
  }
  if (queue.length) timer = setTimeout(next, Math.max(1, Math.ceil((performance.now() - t0) / 3)));
}

port.on('message', (m: WriteRequest) => {
  queue.push(m);
  if (!timer && queue.length === 1) next();
});
