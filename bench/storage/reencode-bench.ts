/**
 * Block format on real stores (issue 9, disk): re-encode a random sample of an existing bench
 * store's blocks in format 4 and in format 5 (this build's default) and compare, same rows, same run.
 *   node bench/storage/reencode-bench.ts       (STORES=storage-loghub,storage-big SAMPLE=60 REPS=3)
 * Prints, per store: bytes per event as stored and in each format, split into the data blob (pack),
 * the message frame and the raw frame; thread CPU per event of encoding a block, of decoding all
 * its columns (a page), and of decoding raw alone (a raw path, a text search). Blocks are visited
 * in turn, each format REPS times, so load changes hit both formats alike.
 *   REWRITE=storage-loghub node bench/storage/reencode-bench.ts
 * copies that store to bench/.data/<name>-f5, rewrites every block in this build's format,
 * VACUUMs the copy and prints the whole file (blocks, skip index, head, summaries) against raw
 * NDJSON (store.json's rawBytes), beside the original file less its free pages.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
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

for (const name of process.env.REWRITE ? [] : (process.env.STORES ?? 'storage-loghub,storage-big').split(',')) {
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

/** Rewrites every block of a copy of store `name` in this build's format and prints the file against raw NDJSON. */
function rewrite(name: string): void {
  const from = join(benchDataDir(name), 'watchpost.db');
  const meta = JSON.parse(readFileSync(join(benchDataDir(name), 'store.json'), 'utf8')) as { rawBytes: number; events: number };
  const orig = new Database(from, { readonly: true });
  const pageSize = orig.pragma('page_size', { simple: true }) as number;
  const origUsed = statSync(from).size - (orig.pragma('freelist_count', { simple: true }) as number) * pageSize;
  orig.close();
  mkdirSync(benchDataDir(`${name}-f5`), { recursive: true });
  const file = join(benchDataDir(`${name}-f5`), 'watchpost.db');
  copyFileSync(from, file);
  const db = new Database(file);
  const ids = db.prepare('SELECT id FROM event_blocks ORDER BY id').pluck().all() as number[];
  const read = db.prepare('SELECT data, raw FROM event_blocks WHERE id = ?');
  const write = db.prepare('UPDATE event_blocks SET data = ?, raw = ?, bytes = ? WHERE id = ?');
  const versions = new Map<number, number>();
  const t0 = process.threadCpuUsage();
  db.transaction(() => {
    for (const id of ids) {
      const b = read.get(id) as { data: Buffer; raw: Buffer };
      const e = encodeBlock(decodeBlock(b.data, b.raw));
      const v = (JSON.parse(e.data.subarray(4, 4 + e.data.readUInt32LE(0)).toString('utf8')) as { v: number }).v;
      versions.set(v, (versions.get(v) ?? 0) + 1);
      write.run(e.data, e.raw, e.data.length + e.raw.length, id);
    }
  })();
  const cpu = process.threadCpuUsage(t0);
  const blockBytes = (db.prepare('SELECT sum(bytes) AS b FROM event_blocks').get() as { b: number }).b;
  db.exec('VACUUM');
  db.close();
  const size = statSync(file).size;
  const x = (n: number) => `${(n / meta.events).toFixed(1)} B/event = ${(n / meta.rawBytes).toFixed(3)}×`;
  console.log(
    `${name}: ${ids.length} blocks rewritten (formats ${JSON.stringify(Object.fromEntries(versions))}; decode + encode ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU); ` +
      `whole file ${x(origUsed)} before → ${x(size)} after (blocks ${x(blockBytes)}); raw NDJSON ${(meta.rawBytes / meta.events).toFixed(0)} B/event`,
  );
}

if (process.env.REWRITE) rewrite(process.env.REWRITE);
