import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/engine/store/db.ts';
import { ENGINE, otherTurn, SEALER, waitWhile, writeGate, writerTurn } from '../../../main/engine/store/event-store/write-gate.ts';
import type { WriteGate } from '../../../main/engine/store/event-store/write-gate.ts';

/**
 * The write gate between the event writer thread and the store's other writers: never both
 * inside at once, both make progress, a flag left up by a dead thread costs at most the cap, and
 * the engine connection's writes (statements, exec, transactions) go through it.
 */

const GATE_URL = new URL('../../../main/engine/store/event-store/write-gate.ts', import.meta.url).href;

/** A thread that enters the gate `rounds` times as `role`, counting who is inside in `shared` [inside, max seen, done writer, done other]. */
function party(gate: WriteGate, shared: Int32Array, role: 'writer' | 'sealer' | 'engine', rounds: number): Promise<void> {
  const code = `
    const { workerData } = require('node:worker_threads');
    import(workerData.url).then(({ writerTurn, otherTurn, SEALER, ENGINE }) => {
      const { gate, shared, role, rounds } = workerData;
      const inside = () => {
        const n = Atomics.add(shared, 0, 1) + 1;
        for (let m = Atomics.load(shared, 1); n > m; m = Atomics.load(shared, 1)) Atomics.compareExchange(shared, 1, m, n);
        const until = performance.now() + 0.05; while (performance.now() < until) {}
        Atomics.sub(shared, 0, 1);
      };
      for (let i = 0; i < rounds; i++) {
        if (role === 'writer') writerTurn(gate, inside);
        else otherTurn(gate, role === 'sealer' ? SEALER : ENGINE, inside);
        Atomics.add(shared, role === 'writer' ? 2 : 3, 1);
      }
    });`;
  const w = new Worker(code, { eval: true, workerData: { url: GATE_URL, gate, shared, role, rounds } });
  return new Promise((resolve, reject) => {
    w.on('error', reject);
    w.on('exit', () => resolve());
  });
}

describe('write gate', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('never lets the writer thread and another writer in at once, and both get through', async () => {
    const gate = new Int32Array(new SharedArrayBuffer(12));
    const shared = new Int32Array(new SharedArrayBuffer(16));
    await Promise.all([party(gate, shared, 'writer', 3000), party(gate, shared, 'sealer', 1500)]);
    expect(shared[1]).toBe(1);
    expect([shared[2], shared[3]]).toEqual([3000, 1500]);
    expect([...gate]).toEqual([0, 0, 0]);
  });

  it('the writer goes ahead after the cap when a flag stays up (its thread died), and clears it', () => {
    const gate = new Int32Array(new SharedArrayBuffer(12));
    Atomics.store(gate, SEALER, 1);
    const t0 = performance.now();
    expect(writerTurn(gate, () => 'committed')).toBe('committed');
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(1900);
    expect(gate[SEALER]).toBe(0);
    const t1 = performance.now();
    writerTurn(gate, () => null);
    expect(performance.now() - t1).toBeLessThan(1000);
  });

  it("the engine connection's writes wait for the writer thread's commit to end; its reads do not", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-gate-'));
    dirs.push(dir);
    const db = openDatabase({ dataDir: dir });
    const gate = writeGate(db);
    const write = db.prepare("INSERT INTO settings (key, value) VALUES ('k', '1') ON CONFLICT (key) DO UPDATE SET value = value + 1");
    const read = db.prepare('SELECT count(*) AS n FROM settings');
    // Pretend the writer thread is inside a commit (BUSY) for 300 ms; a worker lowers the flag (this thread blocks in Atomics.wait).
    Atomics.store(gate, 2, 1);
    const t0 = performance.now();
    read.get();
    expect(performance.now() - t0).toBeLessThan(100);
    const release = new Worker(
      'const { workerData } = require("node:worker_threads"); setTimeout(() => { Atomics.store(workerData, 2, 0); Atomics.notify(workerData, 2); }, 300);',
      { eval: true, workerData: gate },
    );
    const t1 = performance.now();
    write.run();
    const tx = db.transaction(() => write.run());
    tx.immediate();
    db.exec("UPDATE settings SET value = value + 1 WHERE key = 'k'");
    const waited = performance.now() - t1;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1500);
    expect((db.prepare("SELECT value FROM settings WHERE key = 'k'").get() as { value: string }).value).toBe('3');
    expect(gate[ENGINE]).toBe(0);
    await new Promise((r) => release.once('exit', r));
    db.close();
  });

  it('waits by spinning where the thread may not block (Atomics.wait throws, as on a browser main thread)', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const wait = Atomics.wait;
    Atomics.wait = () => {
      throw new TypeError('Atomics.wait cannot be called in this context');
    };
    try {
      Atomics.store(flag, 0, 1);
      const release = new Worker(
        'const { workerData } = require("node:worker_threads"); setTimeout(() => { Atomics.store(workerData, 0, 0); Atomics.notify(workerData, 0); }, 200);',
        { eval: true, workerData: flag },
      );
      const t0 = performance.now();
      waitWhile(flag, 0, 1, 5_000);
      const waited = performance.now() - t0;
      expect(flag[0]).toBe(0);
      expect(waited).toBeGreaterThanOrEqual(150);
      expect(waited).toBeLessThan(2_000);
      await new Promise((r) => release.once('exit', r));
      // and it gives up at its time limit
      Atomics.store(flag, 0, 1);
      const t1 = performance.now();
      waitWhile(flag, 0, 1, 100);
      expect(performance.now() - t1).toBeGreaterThanOrEqual(99);
    } finally {
      Atomics.wait = wait;
    }
  });

  it('otherTurn and writerTurn without a gate (in-thread stores) just run', () => {
    expect(otherTurn(null, SEALER, () => 1)).toBe(1);
    expect(writerTurn(null, () => 2)).toBe(2);
  });
});
