/**
 * Storage benchmark (issue 9): sealed blocks, skip index, exact aggregations.
 *   node bench/storage/storage-bench.ts        (EVENTS=2000000 DAYS=30 by default)
 * 1. Writes EVENTS events of the bench/lib mix, spread over DAYS days in time order, through the
 *    engine's writer (500-event batches, each durable before the next); same run: raw
 *    better-sqlite3 inserts of the same rows into a plain table in another file.
 * 2. Seals the head into blocks (the background sealer's work, timed here in one go).
 * 3. Disk bytes (database + WAL after a checkpoint) vs raw NDJSON bytes.
 * 4. Search in-process (what a search worker runs, after the warm-up a worker runs when it starts:
 *    search/warm.ts; WARM=0 times a cold thread): first-page p50/p95 for field, raw path, bare
 *    word, phrase, severity, a needle in 10 events, an absent term and an infix over the whole
 *    range; exact histogram + top-10 for a field filter over 24 h and the whole range; and a
 *    brute-force scan (decode every block, JS substring test) for the needle as the comparison.
 */
import { mkdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../main/engine/store/db.ts';
import { EventWriter } from '../../main/engine/ingest/writer.ts';
import { EngineBus } from '../../main/engine/bus.ts';
import { systemClock } from '../../main/engine/clock.ts';
import { normalizeEvent } from '../../main/engine/ingest/envelope.ts';
import type { NormalizedEvent } from '../../main/engine/ingest/envelope.ts';
import type { SourceInfo } from '../../main/engine/context.ts';
import { sealOne } from '../../main/engine/store/event-store/index.ts';
import { decodeColumns, RAW } from '../../main/engine/store/event-store/block-codec.ts';
import { createSearch } from '../../main/engine/search/index.ts';
import { warmUp } from '../../main/engine/search/warm.ts';
import { BlockReader } from '../../main/engine/store/event-store/index.ts';
import { makeEvent, percentile, rng } from '../lib/events.ts';
import { rawEventInserter } from '../lib/raw-insert.ts';
import { envNumber, benchDataDir, fmt, DAY } from '../lib/env.ts';
import { bigStore } from '../lib/big-store.ts';

const EVENTS = envNumber('EVENTS', 2_000_000);
const DAYS = envNumber('DAYS', 30);
const BATCH = 500;
const dataDir = benchDataDir('storage');

const big = process.env.BIG === '1';
/** CORPUS=loghub (with BIG=1): the second corpus, real lines with fresh ids (bench/lib/loghub.ts), in its own store. */
const loghub = process.env.CORPUS === 'loghub';
if (loghub && !big) throw new Error('CORPUS=loghub needs BIG=1');
let db: ReturnType<typeof openDatabase>;
let start: number;
let end: number;
let rawBytes = 0;
const rssPeak = { v: 0 };
if (big) {
  // The 100 M-event store (bench/lib/big-store.ts): built once, reused with REUSE=1.
  // STORE=<name>: another bench/.data store of the same corpus (e.g. storage-loghub-f5, the Loghub store rewritten in format 5).
  const storeDir = benchDataDir(process.env.STORE ?? (loghub ? 'storage-loghub' : 'storage-big'));
  const meta = await bigStore(storeDir, EVENTS, DAYS, process.env.REUSE === '1', loghub ? 'loghub' : 'mix');
  db = openDatabase({ dataDir: storeDir });
  end = meta.endMs;
  start = end - DAYS * DAY;
  rawBytes = meta.rawBytes;
  const size = (f: string) => (existsSync(join(storeDir, f)) ? statSync(join(storeDir, f)).size : 0);
  const disk = size('watchpost.db') + size('watchpost.db-wal');
  const blockBytes = (db.prepare('SELECT sum(bytes) AS b FROM event_blocks').get() as { b: number }).b;
  const free = (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  console.log(
    `build:  ${fmt(EVENTS)} events over ${DAYS} days in ${meta.buildSeconds.toFixed(0)} s (${fmt(EVENTS / meta.buildSeconds)} events/s: writer + sealing worker)`,
  );
  console.log(
    `disk:   ${(disk / 1e9).toFixed(2)} GB = ${(disk / EVENTS).toFixed(0)} B/event vs raw NDJSON ${(rawBytes / EVENTS).toFixed(0)} B/event → ${(disk / rawBytes).toFixed(3)}× (compressed blocks ${(blockBytes / rawBytes).toFixed(3)}×; ${(free / 1e6).toFixed(0)} MB of the file are free pages the head reuses)`,
  );
} else {
  ({ db, start, end, rawBytes } = buildStore());
}

function buildStore(): { db: ReturnType<typeof openDatabase>; start: number; end: number; rawBytes: number } {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase({ dataDir });
  db.prepare("INSERT INTO sources (seq, id, name, type, created_at) VALUES (100, 'ls_bench', 'bench', 'generic_json', 0)").run();
  const source = { seq: 100, id: 'ls_bench', name: 'bench' } as SourceInfo;
  const writer = new EventWriter(db, new EngineBus(), systemClock);
  const raw = new Database(join(dataDir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec(
    'CREATE TABLE events (id INTEGER PRIMARY KEY, source_seq INTEGER, received_at INTEGER, ts INTEGER, severity INTEGER, category INTEGER, outcome INTEGER, host TEXT, user TEXT, action TEXT, message TEXT, tags TEXT, raw TEXT); CREATE INDEX events_ts ON events(ts);',
  );
  const rawTx = rawEventInserter(raw, 100);

  // 1. Ingest.
  const end = Date.now();
  const start = end - DAYS * DAY;
  const r = rng(42);
  const needleAt = new Set(Array.from({ length: 10 }, (_, i) => Math.floor(((i + 0.5) / 10) * EVENTS)));
  let rawBytes = 0;
  let writeMs = 0;
  let rawMs = 0;
  let sealMs = 0;
  let sealed = 0;
  for (let i = 0; i < EVENTS; i += BATCH) {
    const now = start + Math.floor((i / EVENTS) * DAYS * DAY);
    const evs: NormalizedEvent[] = [];
    for (let k = i; k < Math.min(EVENTS, i + BATCH); k++) {
      const ev = makeEvent(r, now + Math.floor(r() * 1000));
      if (needleAt.has(k)) ev.message = `alert zzneedle42 seen`;
      const line = JSON.stringify(ev);
      rawBytes += line.length + 1;
      evs.push(normalizeEvent(ev, line, now));
    }
    let t = performance.now();
    writer.writeNow({ source, events: evs, receivedAt: now, rejected: 0 });
    writeMs += performance.now() - t;
    t = performance.now();
    rawTx(evs, now);
    rawMs += performance.now() - t;
    // 2. Sealing, as the background sealer does between commits (timed separately).
    t = performance.now();
    for (let n = sealOne(db); n > 0; n = sealOne(db)) sealed += n;
    sealMs += performance.now() - t;
    if (i % 200_000 === 0) {
      rssPeak.v = Math.max(rssPeak.v, process.memoryUsage().rss);
      if (i % 1_000_000 === 0) console.log(`… ${fmt(i)} events`);
    }
  }
  console.log(
    `ingest: writer ${fmt(EVENTS / (writeMs / 1000))} events/s (500-event durable batches) vs raw better-sqlite3 ${fmt(EVENTS / (rawMs / 1000))} rows/s → ratio ${(rawMs / writeMs).toFixed(2)}`,
  );
  console.log(`        sealing ${fmt(sealed / (sealMs / 1000))} events/s (${fmt(sealed)} sealed, block = 4,096 events, zstd + trigram skip index)`);
  console.log(`        writer + sealing together: ${fmt(EVENTS / ((writeMs + sealMs) / 1000))} events/s on one thread`);

  // 3. Disk.
  db.pragma('wal_checkpoint(TRUNCATE)');
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const size = (f: string) => (existsSync(join(dataDir, f)) ? statSync(join(dataDir, f)).size : 0);
  const disk = size('watchpost.db') + size('watchpost.db-wal');
  const rawDisk = size('raw.db') + size('raw.db-wal');
  const blockBytes = (db.prepare('SELECT sum(bytes) AS b FROM event_blocks').get() as { b: number }).b;
  console.log(
    `disk:   ${(disk / 1e9).toFixed(3)} GB = ${(disk / EVENTS).toFixed(0)} B/event vs raw NDJSON ${(rawBytes / EVENTS).toFixed(0)} B/event → ${(disk / rawBytes).toFixed(3)}× ` +
      `(compressed blocks ${(blockBytes / rawBytes).toFixed(3)}×; plain SQLite table ${(rawDisk / rawBytes).toFixed(2)}×)`,
  );
  raw.close();
  return { db, start, end, rawBytes };
}

// 4. Search.
const search = createSearch(db);
if (process.env.WARM !== '0') {
  const t = performance.now();
  const steps = warmUp(search, BlockReader.for(db), end);
  console.log(`warm-up: ${steps} queries in ${(performance.now() - t).toFixed(0)} ms (what a search worker runs when it starts; WARM=0 skips it)`);
}
// A BIG store's windows end where its build ended: events posted to it later (serve-memory and
// dashboards benches ingest live into it) are not part of the 100 M events the figures are about.
const until = big ? end + 1 : end + DAY;
const whole = { from: new Date(start - DAY).toISOString(), to: new Date(until).toISOString() };
const lastDay = { from: new Date(end - DAY).toISOString(), to: new Date(until).toISOString() };
function time<T>(fn: () => T, reps: number): { p50: number; p95: number; out: T } {
  const ts: number[] = [];
  let out!: T;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    out = fn();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return { p50: percentile(ts, 50), p95: percentile(ts, 95), out };
}
const pages: [string, string][] = loghub
  ? [
      ['field host:openssh-7', 'host:openssh-7'],
      ['raw path raw.app:HDFS', 'raw.app:HDFS'],
      ['bare word exception', 'exception'],
      ['phrase "Failed password"', '"Failed password"'],
      ['severity:error', 'severity:error'],
      ['needle zzneedle42 (10 events)', 'zzneedle42'],
      // An address in one event (the corpus writes fresh addresses): every trigram of it is common.
      ['address 246.218.157.211', '246.218.157.211'],
      ['absent zzzneedle', 'zzzneedle'],
      // In no event, but every trigram of it is common: ruled out per block by its template words.
      ['absent word Ingestion', 'Ingestion'],
      ['infix "uthentication fail"', '"uthentication fail"'],
    ]
  : [
      ['field host:web-07', 'host:web-07'],
      ['raw path raw.statusCode:=500', 'raw.statusCode:=500'],
      ['bare word timeout', 'timeout'],
      ['phrase "Failed MFA"', '"Failed MFA"'],
      ['severity:critical', 'severity:critical'],
      ['needle zzneedle42 (10 events)', 'zzneedle42'],
      // An address of the mix's 65,000 (~13 events a day): every trigram of it is in every block.
      ['address 10.0.7.77', '10.0.7.77'],
      ['absent zzzneedle', 'zzzneedle'],
      ['infix "atabase tim"', '"atabase tim"'],
    ];
/** PARTS=pages,aggr,brute (default all): which measurements to run on the store. */
const parts = new Set((process.env.PARTS ?? 'pages,aggr,brute').split(','));
for (const [name, q] of parts.has('pages') ? pages : []) {
  const reps = name.startsWith('infix') || name.startsWith('absent') ? 3 : 10;
  const m = time(() => search.search({ q, limit: 100, ...whole }, end), reps);
  console.log(
    `search: first page ${name.padEnd(34)} p50 ${m.p50.toFixed(0).padStart(6)} ms  p95 ${m.p95.toFixed(0).padStart(6)} ms  (${m.out.events.length} rows, ${DAYS} days)`,
  );
}
const aggregations: [string, (range: { from: string; to: string }) => unknown][] = loghub
  ? [
      ['histogram host:openssh-7', (range) => search.histogram({ q: 'host:openssh-7', buckets: 60, ...range }, end)],
      ['top-10 raw.pid, host:openssh-7', (range) => search.top({ q: 'host:openssh-7', field: 'raw.pid', limit: 10, ...range }, end)],
      ['top-10 host', (range) => search.top({ q: '', field: 'host', limit: 10, ...range }, end)],
      ['histogram "Failed password"', (range) => search.histogram({ q: '"Failed password"', buckets: 60, ...range }, end)],
    ]
  : [
      ['histogram user:user77@example.com', (range) => search.histogram({ q: 'user:user77@example.com', buckets: 60, ...range }, end)],
      ['top-10 raw.request.path, user:user77@…', (range) => search.top({ q: 'user:user77@example.com', field: 'raw.request.path', limit: 10, ...range }, end)],
      ['top-10 host (Overview "Top hosts")', (range) => search.top({ q: '', field: 'host', limit: 10, ...range }, end)],
      ['histogram category:auth outcome:failure', (range) => search.histogram({ q: 'category:auth outcome:failure', buckets: 60, ...range }, end)],
      ['top-10 user, category:auth outcome:failure', (range) => search.top({ q: 'category:auth outcome:failure', field: 'user', limit: 10, ...range }, end)],
    ];
// RANGES=24h: the aggregations over the last day only (default: the last day and the whole store).
for (const [label, range] of parts.has('aggr')
  ? (
      [
        ['24 h', lastDay],
        [`${DAYS} days`, whole],
      ] as const
    ).filter(([l]) => process.env.RANGES !== '24h' || l === '24 h')
  : []) {
  for (const [name, run] of aggregations) {
    const cpu: number[] = [];
    const m = time(() => {
      const c0 = process.cpuUsage();
      const out = run(range);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      return out;
    }, 3);
    const out = m.out as { total?: number; buckets?: { counts: Record<string, number> }[] };
    const total = out.buckets ? out.buckets.reduce((s, b) => s + Object.values(b.counts).reduce((a, c) => a + c, 0), 0) : out.total!;
    console.log(
      `aggr:   ${label.padEnd(8)} ${name.padEnd(44)} p50 ${m.p50.toFixed(0).padStart(6)} ms  p95 ${m.p95.toFixed(0).padStart(6)} ms  CPU median ${percentile(
        cpu.sort((x, y) => x - y),
        50,
      )
        .toFixed(0)
        .padStart(6)} ms  (${fmt(total)} events)`,
    );
  }
}
// Brute force: decode every block and test every event's raw text (no skip index, no SQL).
const bf = time(() => {
  if (!parts.has('brute')) return 0;
  let hits = 0;
  for (const b of db.prepare('SELECT data, raw FROM event_blocks').iterate() as IterableIterator<{ data: Buffer; raw: Buffer }>) {
    const { cols } = decodeColumns({ data: () => b.data, raw: () => b.raw }, [RAW], { cols: [], dicts: [] });
    for (const text of cols[RAW] as string[]) if (text.includes('zzneedle42')) hits++;
  }
  return hits;
}, 1);
const needle = time(() => search.search({ q: 'zzneedle42', limit: 100, ...whole }, end), 5);
if (parts.has('brute'))
  console.log(
    `brute:  decode-and-scan every block for the needle ${fmt(bf.p95)} ms (${bf.out} hits) vs indexed ${needle.p95.toFixed(0)} ms → ${(bf.p95 / needle.p95).toFixed(0)}× faster`,
  );
rssPeak.v = Math.max(rssPeak.v, process.memoryUsage().rss);
console.log(`memory: peak RSS ${(rssPeak.v / 1e6).toFixed(0)} MB (one process: writer, sealer and search)`);
db.close();
