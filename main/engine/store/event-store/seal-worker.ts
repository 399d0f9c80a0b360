/**
 * Sealing worker: its own connection to the store. Reading the head rows, JSON-encoding, zstd and
 * building the skip-index document happen here, off the engine thread; only the short commit
 * (insert block + document, delete head rows) takes the write lock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { commitBlock, prepareBlock } from './sealer.ts';

const { file, idleMs } = workerData as { file: string; idleMs: number };
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
let stopped = false;
let timer: NodeJS.Timeout | null = null;

function tick(): void {
  timer = null;
  if (stopped) return;
  let sealed = 0;
  try {
    const block = prepareBlock(db);
    if (block) sealed = commitBlock(db, block) || 1; // a lost race (retention) is retried at once
  } catch (err) {
    parentPort!.postMessage({ error: (err as Error)?.message ?? String(err) });
  }
  timer = setTimeout(tick, sealed > 0 ? 0 : idleMs);
}

parentPort!.on('message', (m: { op: 'close' }) => {
  if (m.op !== 'close') return;
  stopped = true;
  if (timer) clearTimeout(timer);
  db.close();
  parentPort!.close();
});
timer = setTimeout(tick, idleMs);
