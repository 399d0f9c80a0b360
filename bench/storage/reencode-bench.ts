/**
 * Block format on real stores (issue 9, disk): re-encode a random sample of an existing bench
 * store's blocks with this build's encoder and compare bytes, same rows, same run.
 *   node bench/storage/reencode-bench.ts       (STORES=storage-loghub,storage-big SAMPLE=60)
 * Prints, per store, bytes per event of the blocks as stored vs re-encoded, and the thread CPU of
 * encoding and decoding one block.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { decodeBlock, encodeBlock } from '../../main/engine/store/event-store/block-codec.ts';
import { benchDataDir, envNumber } from '../lib/env.ts';

const SAMPLE = envNumber('SAMPLE', 60);
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.threadCpuUsage(since);
  return (d.user + d.system) / 1000;
};

for (const name of (process.env.STORES ?? 'storage-loghub,storage-big').split(',')) {
  const file = join(benchDataDir(name), 'watchpost.db');
  if (!existsSync(file)) {
    console.log(`${name}: no store (build it with the storage bench, BIG=1)`);
    continue;
  }
  const db = new Database(file, { readonly: true });
  const total = (db.prepare('SELECT count(*) AS c FROM event_blocks').get() as { c: number }).c;
  const sample = db.prepare('SELECT data, raw FROM event_blocks WHERE id IN (SELECT id FROM event_blocks ORDER BY random() LIMIT ?)').all(SAMPLE) as {
    data: Buffer;
    raw: Buffer;
  }[];
  let before = 0;
  let after = 0;
  let events = 0;
  let encode = 0;
  let decode = 0;
  for (const b of sample) {
    const rows = decodeBlock(b.data, b.raw);
    events += rows.length;
    before += b.data.length + b.raw.length;
    let t = process.threadCpuUsage();
    const e = encodeBlock(rows);
    encode += cpuMs(t);
    after += e.data.length + e.raw.length;
    t = process.threadCpuUsage();
    decodeBlock(e.data, e.raw);
    decode += cpuMs(t);
  }
  db.close();
  console.log(
    `${name}: ${sample.length} of ${total} blocks, ${events} events: stored ${(before / events).toFixed(1)} B/event → this build ${(after / events).toFixed(1)} B/event ` +
      `(${((1 - after / before) * 100).toFixed(1)} % less); encode ${(encode / sample.length).toFixed(1)} ms, decode ${(decode / sample.length).toFixed(1)} ms CPU per block`,
  );
}
