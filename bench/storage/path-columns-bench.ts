/**
 * Path columns (docs/storage.md, "Path columns"): what building them costs and what they weigh, on
 * the newest full blocks of a bench store, in one run.
 *   STORE=storage-big-16k BLOCKS=40 node bench/storage/path-columns-bench.ts
 *   STORE=storage-loghub-f5m node bench/storage/path-columns-bench.ts
 * Reports, per event (thread CPU): decoding the raw texts alone (what any reader of the block
 * pays) vs building the path columns (decoding included: what the sealing worker pays per block),
 * the columns kept, and their bytes against the block's. Read-only: the store is not changed.
 */
import Database from 'better-sqlite3';
import { decodeColumns, RAW } from '../../main/engine/store/event-store/block-codec.ts';
import { shredBlock } from '../../main/engine/store/event-store/path-columns.ts';
import { benchDataDir, envNumber, fmt } from '../lib/env.ts';
import { cpuMs } from '../lib/thread-cpu.ts';

const STORE = process.env.STORE ?? 'storage-big-16k';
const BLOCKS = envNumber('BLOCKS', 40);
const db = new Database(`${benchDataDir(STORE)}/watchpost.db`, { readonly: true });
const blocks = db.prepare('SELECT id, count, data, raw FROM event_blocks WHERE count = 4096 ORDER BY id DESC LIMIT ?').all(BLOCKS) as {
  id: number;
  count: number;
  data: Buffer;
  raw: Buffer;
}[];
if (blocks.length === 0) throw new Error(`${STORE} has no full blocks`);
const events = blocks.reduce((a, b) => a + b.count, 0);
const blockBytes = blocks.reduce((a, b) => a + b.data.length + b.raw.length, 0);

let decodeMs = 0;
let shredMs = 0;
let columnBytes = 0;
const kept = new Map<string, number>();
let skipped: string[] = [];
// Two passes: the first warms the JIT; the second is measured.
for (let pass = 0; pass < 2; pass++) {
  decodeMs = shredMs = columnBytes = 0;
  for (const b of blocks) {
    let t = cpuMs();
    decodeColumns({ data: () => b.data, raw: () => b.raw }, [RAW], { cols: [], dicts: [] });
    decodeMs += cpuMs() - t;
    t = cpuMs();
    const s = shredBlock(db, b.id, { paths: true, runs: false })!.paths!;
    shredMs += cpuMs() - t;
    columnBytes += s.manifest.length + s.columns.reduce((a, c) => a + c.path.length + c.data.length, 0);
    if (pass === 1) {
      for (const c of s.columns) kept.set(c.path, (kept.get(c.path) ?? 0) + c.data.length);
      skipped = JSON.parse(s.manifest).skip ?? [];
    }
  }
}
const perEvent = (ms: number) => ((ms * 1000) / events).toFixed(2);
console.log(`${STORE}: ${blocks.length} blocks, ${fmt(events)} events, ${fmt(blockBytes)} block bytes`);
console.log(`decode raw texts only           ${perEvent(decodeMs)} µs/event`);
console.log(`build path columns (decode incl.) ${perEvent(shredMs)} µs/event (${(shredMs / decodeMs).toFixed(1)}× the decode)`);
console.log(`columns + manifests ${fmt(columnBytes)} B = ${((columnBytes / blockBytes) * 100).toFixed(1)} % of the blocks' bytes`);
console.log(
  `kept (bytes per event): ${[...kept]
    .sort((a, b) => a[1] - b[1])
    .map(([p, n]) => `${p} ${(n / events).toFixed(2)}`)
    .join(', ')}`,
);
console.log(`skipped in the newest block: ${skipped.join(', ') || '(none)'}`);
db.close();
