/**
 * Who commits next, between the event writer thread and the store's other writers: the sealing
 * worker and the engine's own connection (configuration, alerts, deliveries, refused counts). All
 * take SQLite's write lock, and a connection that finds it taken waits in SQLite's busy handler,
 * which sleeps 1, 2, 5, 10, 15, 20, 25 … ms between tries and only wins if the lock happens to be
 * free at one of them. The writer thread therefore used to rest a third of every commit's time
 * under load, so that the others would find a gap; a ~12 ms seal commit met by a group commit
 * cost that commit ~20–50 ms. Here they agree through shared memory instead (Atomics, no polling):
 *
 * - another writer raises its WANT flag, then waits (Atomics.wait) while the writer thread is
 *   inside a commit (BUSY), then commits;
 * - the writer thread raises BUSY before each commit, and if a WANT flag is up it lowers BUSY and
 *   waits until that flag is down (notified), then tries again.
 *
 * Each side raises its own flag before reading the other's (sequentially consistent Atomics), so
 * the writer thread and another writer are never inside at once (Dekker's protocol); the others
 * have priority and each commits briefly (a block, a few rows), so ingest is not starved. SQLite's
 * lock stays the guard of correctness: the sealer and the engine may still meet each other there,
 * and every wait here is capped (a thread that died with its flag up costs the writer the cap once).
 */
import type { Database as Db } from 'better-sqlite3';

/** Flag slots: the sealing worker's and the engine connection's WANT, the writer thread's BUSY. */
export const SEALER = 0;
export const ENGINE = 1;
const WANTS = [SEALER, ENGINE] as const;
const BUSY = 2;
/** Longest wait for the other side before going ahead anyway (SQLite's lock still guards). */
const CAP_MS = 2_000;

/** The shared flags of one store (WANT per other writer, BUSY of the writer thread). */
export type WriteGate = Int32Array;

const gates = new WeakMap<Db, WriteGate>();

let mayBlock = true;

/**
 * Atomics.wait(`a`, `index`, `value`, `ms`) where this thread may block (Node's threads, workers);
 * on a thread that may not (Atomics.wait throws there: a host that forbids blocking its main
 * thread, as browsers do), a spin on the value for at most `ms` instead. Either way it returns once
 * the value is no longer `value`, or the time is up.
 */
export function waitWhile(a: Int32Array, index: number, value: number, ms: number): void {
  if (mayBlock) {
    try {
      Atomics.wait(a, index, value, ms);
      return;
    } catch {
      mayBlock = false;
    }
  }
  const until = performance.now() + ms;
  while (Atomics.load(a, index) === value && performance.now() < until) {
    // spin: the writer thread's commit this waits for takes milliseconds
  }
}

/** The gate of the store `db` is the engine's connection to (created on first use; pass it to both threads). */
export function writeGate(db: Db): WriteGate {
  let g = gates.get(db);
  if (!g) gates.set(db, (g = new Int32Array(new SharedArrayBuffer(12))));
  return g;
}

/** Raise `who`'s flag and wait (capped) until the writer thread is out of its commit. */
function enter(gate: WriteGate, who: number): void {
  Atomics.store(gate, who, 1);
  const until = performance.now() + CAP_MS;
  while (Atomics.load(gate, BUSY) === 1) {
    const left = until - performance.now();
    if (left <= 0) break;
    waitWhile(gate, BUSY, 1, left);
  }
}

/** Run another writer's (`who`) commit `fn` once the writer thread is out of its commit, holding it off meanwhile. */
export function otherTurn<T>(gate: WriteGate | null, who: typeof SEALER | typeof ENGINE, fn: () => T): T {
  if (!gate) return fn();
  enter(gate, who);
  try {
    return fn();
  } finally {
    Atomics.store(gate, who, 0);
    Atomics.notify(gate, who);
  }
}

/** Run the writer thread's commit `fn`, first letting every other writer that asked commit. */
export function writerTurn<T>(gate: WriteGate | null, fn: () => T): T {
  if (!gate) return fn();
  const until = performance.now() + CAP_MS;
  for (;;) {
    Atomics.store(gate, BUSY, 1);
    const wanting = WANTS.find((w) => Atomics.load(gate, w) === 1);
    if (wanting === undefined) break;
    Atomics.store(gate, BUSY, 0);
    Atomics.notify(gate, BUSY);
    const left = until - performance.now();
    if (left <= 0) {
      // A flag stayed up past the cap (its thread died, or a commit ran long): go ahead; SQLite's lock decides.
      for (const w of WANTS) Atomics.store(gate, w, 0);
      Atomics.store(gate, BUSY, 1);
      break;
    }
    waitWhile(gate, wanting, 1, left);
  }
  try {
    return fn();
  } finally {
    Atomics.store(gate, BUSY, 0);
    Atomics.notify(gate, BUSY);
  }
}

/**
 * Route every write of the engine's connection `db` through the gate: statements that may write
 * (not `readonly`, SQLite's own verdict: RETURNING and PRAGMA writes included), `exec`, and
 * transactions (held for the whole transaction, nested ones inside it).
 * Reads are untouched. Installed on every engine connection when it opens (store/db.ts).
 */
export function gateConnection(db: Db, gate: WriteGate): void {
  let depth = 0;
  const held = <T>(fn: () => T): T => {
    if (depth > 0) return fn();
    depth++;
    try {
      return otherTurn(gate, ENGINE, fn);
    } finally {
      depth--;
    }
  };
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    if (stmt.readonly) return stmt;
    for (const m of ['run', 'get', 'all'] as const) {
      const call = (stmt[m] as (...a: unknown[]) => unknown).bind(stmt);
      Object.defineProperty(stmt, m, { value: (...a: unknown[]) => held(() => call(...a)) });
    }
    return stmt;
  }) as Db['prepare'];
  const exec = db.exec.bind(db);
  db.exec = ((sql: string) => held(() => exec(sql))) as Db['exec'];
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...a: unknown[]) => unknown) => {
    const tx = transaction(fn);
    const wrap =
      (f: (...a: unknown[]) => unknown) =>
      (...a: unknown[]) =>
        held(() => f(...a));
    return Object.assign(wrap(tx), { default: wrap(tx.default), deferred: wrap(tx.deferred), immediate: wrap(tx.immediate), exclusive: wrap(tx.exclusive) });
  }) as Db['transaction'];
}

/**
 * Run `fn`, which waits for the writer thread (a synchronous event write), with the engine's flag
 * lowered meanwhile (it may be up: a write inside a transaction records a security event), then
 * take the turn back as `otherTurn` does.
 */
export function yieldTurn<T>(gate: WriteGate | null, fn: () => T): T {
  if (!gate || Atomics.load(gate, ENGINE) === 0) return fn();
  Atomics.store(gate, ENGINE, 0);
  Atomics.notify(gate, ENGINE);
  try {
    return fn();
  } finally {
    enter(gate, ENGINE);
  }
}
