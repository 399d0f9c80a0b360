/**
 * Sealing and block-decoding microbench (issue 9): the work a block costs, old format vs new, in
 * one run on the same rows.
 *   node bench/storage/seal-bench.ts        (BLOCKS=24 blocks of 4,096 bench/lib events)
 * old = the first block format (one JSON document of all columns, zstd level 3; skip-index
 *       document = every distinct text of the block, fed whole to the FTS5 trigram table);
 * new = columnar blocks (block-codec.ts: one zstd frame per column, raw apart) and the
 *       distinct-trigram document (block-grams.ts).
 * Reports per-block encode, document build and FTS5 insert CPU times (thread CPU, not wall time:
 * the machine is shared) as events/s, bytes, and decode times for what queries need: every
 * column (a page) vs ts + severity + user (a histogram on user).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { normalizeEvent } from '../../main/engine/ingest/envelope.ts';
import { decodeColumns, encodeBlock } from '../../main/engine/store/event-store/block-codec.ts';
import type { RowTuple } from '../../main/engine/store/event-store/block-codec.ts';
import { blockGrams } from '../../main/engine/store/event-store/block-grams.ts';
import { makeEvent, rng } from '../lib/events.ts';
import { rawEventInserter } from '../lib/raw-insert.ts';
import { envNumber, fmt } from '../lib/env.ts';
import { cpuMs } from '../lib/thread-cpu.ts';

const BLOCKS = envNumber('BLOCKS', 24);
const SIZE = 4096;

const dir = mkdtempSync(join(tmpdir(), 'wp-seal-bench-'));
const db = new Database(join(dir, 'seal.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(
  'CREATE TABLE events (id INTEGER PRIMARY KEY, source_seq INTEGER, received_at INTEGER, ts INTEGER, severity INTEGER, category INTEGER, outcome INTEGER, host TEXT, user TEXT, action TEXT, message TEXT, tags TEXT, raw TEXT);',
);
for (const name of ['old_grams', 'new_grams']) {
  db.exec(`CREATE VIRTUAL TABLE ${name} USING fts5(body, content='', contentless_delete=1, detail=none, tokenize='trigram')`);
}
const insert = rawEventInserter(db, 1);
const r = rng(7);
const t0 = Date.now() - 86_400_000;
for (let i = 0; i < BLOCKS * SIZE; i += 500) {
  const now = t0 + i * 20;
  insert(
    Array.from({ length: 500 }, (_, k) => {
      const ev = makeEvent(r, now + k * 20);
      return normalizeEvent(ev, JSON.stringify(ev), now);
    }),
    now,
  );
}
const blocks: RowTuple[][] = [];
const read = db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?').raw(true);
for (let b = 0, last = 0; b < BLOCKS; b++) {
  const rows = read.all(last, SIZE) as RowTuple[];
  blocks.push(rows);
  last = rows.at(-1)![0];
}

/** The first block format, kept here as the baseline. */
function oldEncode(rows: RowTuple[]): Buffer {
  const col = (c: number) => rows.map((x) => x[c]);
  const delta = (xs: number[]) => xs.map((x, i) => (i === 0 ? x : x - xs[i - 1]!));
  const json = JSON.stringify({
    v: 1,
    id: delta(col(0) as number[]),
    src: col(1),
    rcv: delta(col(2) as number[]),
    ts: delta(col(3) as number[]),
    sev: col(4),
    cat: col(5),
    out: col(6),
    host: col(7),
    user: col(8),
    action: col(9),
    message: col(10),
    tags: col(11),
    raw: col(12),
  });
  return zstdCompressSync(Buffer.from(json, 'utf8'), { params: { [constants.ZSTD_c_compressionLevel]: 3 } });
}
function oldDocument(rows: RowTuple[]): string {
  const seen = new Set<string>();
  for (const x of rows) for (const c of [12, 7, 8, 9, 10, 11]) if (x[c]) seen.add(x[c] as string);
  return [...seen].join('\n');
}

interface Totals {
  encode: number;
  doc: number;
  fts: number;
  bytes: number;
  docChars: number;
  decodeAll: number;
  decodeHist: number;
}
const zero = (): Totals => ({ encode: 0, doc: 0, fts: 0, bytes: 0, docChars: 0, decodeAll: 0, decodeHist: 0 });
const old = zero();
const neu = zero();
const timed = <T>(fn: () => T): [T, number] => {
  const t = cpuMs();
  const out = fn();
  return [out, cpuMs() - t];
};
const oldFts = db.prepare('INSERT INTO old_grams (rowid, body) VALUES (?, ?)');
const newFts = db.prepare('INSERT INTO new_grams (rowid, body) VALUES (?, ?)');
blocks.forEach((rows, i) => {
  // Alternate which format goes first so neither gets the warmer caches.
  const steps = [
    () => {
      const [blob, enc] = timed(() => oldEncode(rows));
      const [doc, docMs] = timed(() => oldDocument(rows));
      const [, fts] = timed(() => db.transaction(() => oldFts.run(i + 1, doc))());
      const [, all] = timed(() => JSON.parse(zstdDecompressSync(blob).toString('utf8')));
      Object.assign(old, {
        encode: old.encode + enc,
        doc: old.doc + docMs,
        fts: old.fts + fts,
        bytes: old.bytes + blob.length,
        docChars: old.docChars + doc.length,
        decodeAll: old.decodeAll + all,
        decodeHist: old.decodeHist + all,
      });
    },
    () => {
      const [blob, enc] = timed(() => encodeBlock(rows));
      const [doc, docMs] = timed(() => blockGrams(rows));
      const [, fts] = timed(() => db.transaction(() => newFts.run(i + 1, doc))());
      const [, all] = timed(() =>
        decodeColumns({ data: () => blob.data, raw: () => blob.raw }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], { cols: [], dicts: [] }),
      );
      const [, hist] = timed(() => decodeColumns({ data: () => blob.data, raw: () => blob.raw }, [0, 3, 4, 8], { cols: [], dicts: [] }));
      Object.assign(neu, {
        encode: neu.encode + enc,
        doc: neu.doc + docMs,
        fts: neu.fts + fts,
        bytes: neu.bytes + blob.data.length + blob.raw.length,
        docChars: neu.docChars + doc.length,
        decodeAll: neu.decodeAll + all,
        decodeHist: neu.decodeHist + hist,
      });
    },
  ];
  if (i % 2) steps.reverse();
  for (const s of steps) s();
});

const events = BLOCKS * SIZE;
const rate = (ms: number) => fmt(events / (ms / 1000));
const line = (name: string, t: Totals) =>
  `${name}: seal work ${rate(t.encode + t.doc + t.fts).padStart(9)} events/s (encode ${(t.encode / BLOCKS).toFixed(1)} ms, document ${(t.doc / BLOCKS).toFixed(1)} ms ` +
  `of ${fmt(t.docChars / BLOCKS)} chars, FTS5 insert ${(t.fts / BLOCKS).toFixed(1)} ms per block); ${fmt(t.bytes / events)} B/event; ` +
  `decode per block: all columns ${(t.decodeAll / BLOCKS).toFixed(1)} ms, ts+severity+user ${(t.decodeHist / BLOCKS).toFixed(1)} ms`;
console.log(`${BLOCKS} blocks × ${fmt(SIZE)} events (bench/lib mix), same run:`);
console.log(line('old', old));
console.log(line('new', neu));
console.log(
  `speed-up: sealing ${((old.encode + old.doc + old.fts) / (neu.encode + neu.doc + neu.fts)).toFixed(1)}×, ` +
    `histogram-column decode ${(old.decodeHist / neu.decodeHist).toFixed(1)}×, full decode ${(old.decodeAll / neu.decodeAll).toFixed(1)}×`,
);
db.close();
rmSync(dir, { recursive: true, force: true });
