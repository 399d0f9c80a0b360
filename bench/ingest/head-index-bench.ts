/**
 * What the head's time index costs the writer, and what alternatives would (issue 9, ingest
 * throughput). For each variant, a new store with a head of HEAD events, then EVENTS more written
 * by the real appender (write.ts) in group commits of 4 × 500 (what the writer thread merges from
 * 4 clients), event times jittered over 5 s as the writer bench's batches, time advancing 100k
 * events/s. Reported: writer thread CPU µs/event, pages written per event (WAL frames and the
 * checkpoints the writer runs itself), and the newest-100 page over the head (what search's first
 * page reads there) in ms.
 *   node bench/ingest/head-index-bench.ts   (HEAD=300000 EVENTS=200000 VARIANTS=key8,ts,…)
 * Variants: `key8` = today's index on (ts >> 8), 256 ms slots (migration 0130; the page walks the
 * slots newest first and sorts within each); `ts` = the index on (ts) it replaced; `none` = no
 * index (the page must scan and sort the head); `minute` = an index on (ts / 60000), read as `ts`
 * is (it cannot give the (ts, id) order without a full sort); `ts-sorted` = the (ts) index with
 * each batch's rows arriving in event-time order; `key10` = 1 s slots.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeEvent } from '../../main/engine/ingest/envelope.ts';
import { newEventRow } from '../../main/engine/ingest/writer.ts';
import { openDatabase } from '../../main/engine/store/db.ts';
import { createAppender } from '../../main/engine/store/event-store/write.ts';
import type { NewEventRow, WriteBatch } from '../../main/engine/store/event-store/write.ts';
import { makeEvent, rng } from '../lib/events.ts';
import { envNumber, fmt } from '../lib/env.ts';
import { cpuMs } from '../lib/thread-cpu.ts';

const HEAD = envNumber('HEAD', 300_000);
const EVENTS = envNumber('EVENTS', 200_000);
const RATE = 100_000;
const TS_INDEX = 'DROP INDEX events_tkey; CREATE INDEX events_ts ON events(ts)';
const VARIANTS: Record<string, string> = {
  key8: '',
  ts: TS_INDEX,
  none: 'DROP INDEX events_tkey',
  minute: 'DROP INDEX events_tkey; CREATE INDEX events_minute ON events(ts / 60000)',
  'ts-sorted': TS_INDEX,
  key10: 'DROP INDEX events_tkey; CREATE INDEX events_key ON events(ts >> 10)',
};

/** Bytes this process has written with write(2) so far (Linux): WAL frames and checkpoint copies. */
function written(): number {
  try {
    return Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** 200 batches of 500 rows reused round-robin (times rewritten per use): generating events is not what is measured. */
const r = rng(11);
const pool: NewEventRow[][] = Array.from({ length: 200 }, () =>
  Array.from({ length: 500 }, () => {
    const ev = makeEvent(r, 0);
    return newEventRow(normalizeEvent(ev, JSON.stringify(ev), 0));
  }),
);

function group(n: number, start: number, sorted = false): WriteBatch[] {
  const at = start + Math.floor((n / RATE) * 1000);
  return Array.from({ length: 4 }, (_, b) => {
    const src = pool[(n / 500 + b) % pool.length]!;
    const rows = src.map(
      (row, i): NewEventRow => [
        at - ((i * 7919 + b * 104729) % 5000),
        ...(row.slice(1) as [number, number, number, string | null, string | null, string | null, string | null, string | null, string]),
      ],
    );
    if (sorted) rows.sort((x, y) => x[0] - y[0]);
    return { sourceSeq: 1 + b, receivedAt: at, rejected: 0, touch: false, rows };
  });
}

const start = Date.now() - 3_600_000;
for (const [name, ddl] of Object.entries(VARIANTS).filter(([n]) => (process.env.VARIANTS ?? 'key8,ts,ts-sorted,none,minute,key10').split(',').includes(n))) {
  const dir = mkdtempSync(join(tmpdir(), 'wp-head-index-'));
  const db = openDatabase({ dataDir: dir });
  if (ddl) db.exec(ddl);
  const appender = createAppender(db);
  let n = 0;
  const sorted = name === 'ts-sorted';
  for (; n < HEAD; n += 2000) appender.commit(group(n, start, sorted));
  db.pragma('wal_checkpoint(TRUNCATE)');
  const w0 = written();
  const t0 = cpuMs();
  for (const end = n + EVENTS; n < end; n += 2000) appender.commit(group(n, start, sorted));
  const cpu = cpuMs() - t0;
  const walPages = (written() - w0) / (4096 + 24); // a WAL frame: 24-byte header + the page
  const to = start + Math.floor((n / RATE) * 1000) + 1;
  const shift = /^key(\d+)$/.exec(name)?.[1];
  const page = db.prepare(
    shift
      ? `SELECT e.id, e.ts, e.raw FROM events e WHERE e.ts >= @from AND e.ts < @to AND (e.ts >> ${shift}) BETWEEN (@from >> ${shift}) AND (@to >> ${shift}) ORDER BY (e.ts >> ${shift}) DESC, e.ts DESC, e.id DESC LIMIT 100`
      : 'SELECT e.id, e.ts, e.raw FROM events e WHERE e.ts >= @from AND e.ts < @to ORDER BY e.ts DESC, e.id DESC LIMIT 100',
  );
  const q0 = performance.now();
  for (let i = 0; i < 5; i++) page.all({ from: to - 86_400_000, to });
  const pageMs = (performance.now() - q0) / 5;
  console.log(
    `${name.padEnd(9)} writer CPU ${((cpu * 1000) / EVENTS).toFixed(2)} µs/event, written ${(walPages / EVENTS).toFixed(2)} pages/event; newest-100 page over the head of ${fmt(n)}: ${pageMs.toFixed(1)} ms`,
  );
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
