/**
 * Block format on real stores (issue 9, disk): re-encode a random sample of an existing bench
 * store's blocks in format 4 and in format 5 (this build's default) and compare, same rows, same run.
 *   node bench/storage/reencode-bench.ts       (STORES=storage-loghub,storage-big SAMPLE=60 REPS=3)
 * Prints, per store: bytes per event as stored and in each format, split into the data blob (pack),
 * the message frame and the raw frame; thread CPU per event of encoding a block, of decoding all
 * its columns (a page), and of decoding raw alone (a raw path, a text search). Blocks are visited
 * in turn, each format REPS times, so load changes hit both formats alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { decodeBlock, decodeColumns, encodeBlock, FORMAT_TEMPLATED, RAW } from '../../main/engine/store/event-store/block-codec.ts';
import type { EncodedBlock, RowTuple } from '../../main/engine/store/event-store/block-codec.ts';
import { benchDataDir, envNumber } from '../lib/env.ts';

const SAMPLE = envNumber('SAMPLE', 60);
const REPS = envNumber('REPS', 3);
const FORMATS = [4, FORMAT_TEMPLATED] as const;
const cpuUs = (since: NodeJS.CpuUsage): number => {
  const d = process.threadCpuUsage(since);
  return d.user + d.system;
};

interface Tally {
  data: number;
  message: number;
  raw: number;
  encode: number;
  decode: number;
  rawOnly: number;
}

/** Encodes and decodes one block's rows in `format`, adding sizes (once) and CPU (every rep) to `t`. */
function measure(rows: RowTuple[], format: (typeof FORMATS)[number], t: Tally, first: boolean): void {
  let c = process.threadCpuUsage();
  const e: EncodedBlock = encodeBlock(rows, format);
  t.encode += cpuUs(c);
  c = process.threadCpuUsage();
  const back = decodeBlock(e.data, e.raw);
  t.decode += cpuUs(c);
  c = process.threadCpuUsage();
  decodeColumns({ data: () => e.data, raw: () => e.raw }, [RAW], { cols: [], dicts: [] });
  t.rawOnly += cpuUs(c);
  if (!first) return;
  if (JSON.stringify(back) !== JSON.stringify(rows)) throw new Error(`format ${format} did not give back the rows it was given`);
  const messageFrame = e.raw.readUInt32LE(0);
  t.data += e.data.length;
  t.message += 4 + messageFrame;
  t.raw += e.raw.length - 4 - messageFrame;
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

for (const name of (process.env.STORES ?? 'storage-loghub,storage-big').split(',')) {
  const file = join(benchDataDir(name), 'watchpost.db');
  if (!existsSync(file)) {
    console.log(`${name}: no store (build it with the storage bench, BIG=1)`);
    continue;
  }
  const loadBefore = load();
  const db = new Database(file, { readonly: true });
  const total = (db.prepare('SELECT count(*) AS c FROM event_blocks').get() as { c: number }).c;
  const sample = db.prepare('SELECT data, raw FROM event_blocks WHERE id IN (SELECT id FROM event_blocks ORDER BY random() LIMIT ?)').all(SAMPLE) as {
    data: Buffer;
    raw: Buffer;
  }[];
  db.close();
  let stored = 0;
  let events = 0;
  let ndjson = 0;
  const tallies = new Map(FORMATS.map((f) => [f, { data: 0, message: 0, raw: 0, encode: 0, decode: 0, rawOnly: 0 } as Tally]));
  for (const b of sample) {
    const rows = decodeBlock(b.data, b.raw);
    events += rows.length;
    stored += b.data.length + b.raw.length;
    for (const r of rows) ndjson += Buffer.byteLength(r[RAW]) + 1;
    for (let rep = 0; rep < REPS; rep++) for (const f of FORMATS) measure(rows, f, tallies.get(f)!, rep === 0);
  }
  const per = (x: number) => (x / events).toFixed(1);
  const cpu = (x: number) => (x / events / REPS).toFixed(2);
  console.log(
    `${name}: ${sample.length} of ${total} blocks, ${events} events, raw NDJSON ${per(ndjson)} B/event; as stored ${per(stored)} B/event (${(stored / ndjson).toFixed(3)}×); load ${loadBefore} → ${load()}`,
  );
  const base = tallies.get(4)!;
  for (const [f, t] of tallies) {
    const size = t.data + t.message + t.raw;
    console.log(
      `  format ${f}: ${per(size)} B/event = ${(size / ndjson).toFixed(3)}× raw (data ${per(t.data)}, message ${per(t.message)}, raw ${per(t.raw)}); ` +
        `CPU per event: encode ${cpu(t.encode)} µs, decode all ${cpu(t.decode)} µs, raw alone ${cpu(t.rawOnly)} µs` +
        (f === 4
          ? ''
          : ` — vs format 4: size ×${(size / (base.data + base.message + base.raw)).toFixed(3)}, encode ×${(t.encode / base.encode).toFixed(2)}, decode ×${(t.decode / base.decode).toFixed(2)}, raw alone ×${(t.rawOnly / base.rawOnly).toFixed(2)}`),
    );
  }
}
