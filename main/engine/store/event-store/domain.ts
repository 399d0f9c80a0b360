/**
 * The event store as an engine domain: once started, the head is sealed into compressed blocks in
 * the background, on a worker thread with its own connection, paced so that a burst of ingest gets
 * the cores first (seal-pace.ts; in-thread, one block per turn of the event loop and unpaced, when
 * no worker script exists, e.g. a bundle built without one). Stop lets the block
 * in progress finish and seals no more.
 */
import { Worker } from 'node:worker_threads';
import type { Domain, DomainContext } from '../../context.ts';
import { WORKER_RESOURCE_LIMITS, workerEntry } from '../../worker-entry.ts';
import { DEFAULT_PACE } from './seal-pace.ts';
import { startSealer } from './sealer.ts';
import type { Sealer } from './sealer.ts';
import { writeGate } from './write-gate.ts';

const IDLE_MS = 1000;

export function createEventStoreDomain(ctx: DomainContext): Domain {
  let sealer: Sealer | null = null;
  let worker: Worker | null = null;
  const url = ctx.db.name && ctx.db.name !== ':memory:' ? workerEntry(import.meta.url, './seal-worker.ts', './seal-worker.cjs') : null;
  return {
    handlers: {},
    start() {
      if (!url) {
        sealer = startSealer(ctx.db, { idleMs: IDLE_MS, onError: (err) => console.error('[watchpost] sealing events failed:', err) });
        return;
      }
      worker = new Worker(url, {
        name: 'event-sealer',
        workerData: { file: ctx.db.name, idleMs: IDLE_MS, pace: DEFAULT_PACE, gate: writeGate(ctx.db) },
        resourceLimits: WORKER_RESOURCE_LIMITS,
      });
      worker.on('message', (m: { error?: string }) => {
        if (m.error) console.error('[watchpost] sealing events failed:', m.error);
      });
      worker.on('error', (err) => console.error('[watchpost] sealing worker failed:', err));
      worker.unref();
    },
    async stop() {
      sealer?.stop();
      sealer = null;
      const w = worker;
      worker = null;
      if (!w) return;
      w.ref();
      const exited = new Promise<void>((res) => w.once('exit', () => res()));
      w.postMessage({ op: 'close' });
      const late = setTimeout(() => void w.terminate(), 10_000);
      await exited;
      clearTimeout(late);
    },
  };
}
