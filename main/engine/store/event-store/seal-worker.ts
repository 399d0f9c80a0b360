/**
 * Sealing worker: its own connection to the store. Reading the head rows, encoding and building
 * the skip-index document happen here, off the engine thread; only the short commit (delete head
 * rows, insert block + document) takes the write lock. With no head to seal, it builds sealed
 * blocks' path columns and dotted runs (path-columns.ts). Paced (seal-pace.ts): while ingest keeps
 * the machine's cores busy it waits, up to a head of `pace.headCap` events, and catches up after.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { walAutocheckpointPages } from '../db.ts';
import { paceSample, shouldSeal } from './seal-pace.ts';
import type { PaceOptions, PaceSample } from './seal-pace.ts';
import { ShredQueue, shredNext } from './path-columns.ts';
import { commitBlock, headIds, prepareBlock } from './sealer.ts';
import { otherTurn, SEALER } from './write-gate.ts';
import type { WriteGate } from './write-gate.ts';

const { file, idleMs, pace, gate } = workerData as { file: string; idleMs: number; pace: PaceOptions; gate: WriteGate | null };
/** How long one pacing sample spans, and how long a deferred turn waits. */
const SAMPLE_MS = 250;
/**
 * Sealing runs at a lower OS priority (nice 10) than ingest and queries: when the cores are
 * contended (a burst) the writer thread and the engine thread go first, and sealing still gets
 * every cycle they leave (measured, docs/benchmarks.md "Stop 12": the same blocks sealed in a 20 s
 * burst, ingest 99k and 83k → 107k and 106k events/s). Linux only (a thread's id from
 * /proc/thread-self; setpriority on it affects this thread alone); elsewhere it stays as is.
 */
const SEAL_NICE = 10;
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), SEAL_NICE);
} catch {
  // not Linux, or not allowed: sealing keeps the default priority
}
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -8192');
// Checkpoints are run here on a clock instead (CHECKPOINT_MS), not after whichever commit crosses
// SQLite's default 1,000 pages: that made nearly every seal commit checkpoint the WAL.
db.pragma(`wal_autocheckpoint = ${walAutocheckpointPages(db)}`);
/**
 * How often this thread copies the WAL into the database (a PASSIVE checkpoint: it never blocks the
 * writer), sealing or not. Else, while sealing waits out a burst, the writer thread would run each
 * ~200 MB checkpoint itself, inside a commit that ingest is waiting on.
 */
const CHECKPOINT_MS = 1000;
let checkpointed = performance.now();

function checkpoint(): void {
  if (performance.now() - checkpointed < CHECKPOINT_MS) return;
  db.pragma('wal_checkpoint(PASSIVE)');
  checkpointed = performance.now();
}
let stopped = false;
let timer: NodeJS.Timeout | null = null;
let prev: PaceSample | null = null;
/** Blocks still without path columns or dotted runs: built when there is no head to seal. */
const shredQueue = new ShredQueue();
let cur: PaceSample | null = null;

/**
 * Whether to work now with `head` events in the head: the latest two samples, at least SAMPLE_MS
 * apart, decide (the first turn only samples). `hi` = the head's highest id (null: empty head).
 */
function mayProceed(head: number, hi: number | null): boolean {
  const now = performance.now();
  if (!cur || now - cur.at >= SAMPLE_MS) {
    prev = cur;
    cur = paceSample(hi ?? cur?.maxId ?? 0);
  }
  return prev ? shouldSeal(prev, cur, head, pace) : head >= pace.headCap;
}

function tick(): void {
  timer = null;
  if (stopped) return;
  let wait = idleMs;
  try {
    checkpoint();
    const { lo, hi } = headIds(db);
    const head = lo === null || hi === null ? 0 : hi - lo + 1;
    const go = mayProceed(head, hi);
    if (head > 0 && !go) wait = SAMPLE_MS;
    else {
      const block = head > 0 ? prepareBlock(db) : null;
      // a lost race (retention took rows meanwhile) is retried at once
      if (block) {
        otherTurn(gate, SEALER, () => commitBlock(db, block));
        wait = 0;
      }
      // Path columns and dotted runs only on a machine ingest leaves free (the pace with an empty head).
      else if (go && shredNext(db, shredQueue, (commit) => otherTurn(gate, SEALER, commit))) wait = 0;
    }
  } catch (err) {
    parentPort!.postMessage({ error: (err as Error)?.message ?? String(err) });
  }
  timer = setTimeout(tick, wait);
}

parentPort!.on('message', (m: { op: 'close' }) => {
  if (m.op !== 'close') return;
  stopped = true;
  if (timer) clearTimeout(timer);
  db.close();
  parentPort!.close();
});
timer = setTimeout(tick, idleMs);
