/**
 * Aggregation benchmark (issue 9: exact histogram and top-10 over 24 h ≤ 1 s, 30 days ≤ 5 s) on
 * the 100 M-event store bench/lib/big-store.ts built (never rebuilt here: run storage-bench.ts with
 * BIG=1 first).
 *   node bench/storage/aggr-bench.ts                 (EVENTS=100000000 DAYS=30, REPS=3)
 *   ROWS=hist-user,top-path RANGES=24h,all node --cpu-prof bench/storage/aggr-bench.ts
 *   STORE=storage-loghub-f5 EVENTS=10000000 DAYS=3 ROWS=top-pid RANGES=24h node bench/storage/aggr-bench.ts
 *     (another bench/.data store; `top-pid` is the Loghub corpus's raw-path top)
 *   BASE=/tmp/base node bench/storage/aggr-bench.ts   (also times an older checkout's search, e.g.
 *     `git archive <commit> main shared | tar -x -C /tmp/base`, on its own connection: same run)
 * Each aggregation row of storage-bench.ts, at 24 h and over the whole range, measured two ways,
 * same run: in-process on one read-only connection (what one search worker runs) and through
 * the SearchService with its 2 worker threads (what the API answers: a long range is split by
 * time over both workers). Prints p50/p95 wall time, the process CPU time (all threads) and the
 * load average, and checks that both ways give the same answer.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { createSearch } from '../../main/engine/search/index.ts';
import { createSearchService } from '../../main/engine/search/pool.ts';
import type { SearchInput } from '../../shared/api.ts';
import { percentile } from '../lib/events.ts';
import { benchDataDir, DAY, envNumber, fmt } from '../lib/env.ts';
import { readFileSync } from 'node:fs';
import type { BigStore } from '../lib/big-store.ts';

const EVENTS = envNumber('EVENTS', 100_000_000);
const DAYS = envNumber('DAYS', 30);
const REPS = envNumber('REPS', 3);
const dir = benchDataDir(process.env.STORE ?? 'storage-big');
const meta = JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8')) as BigStore;
if (meta.events !== EVENTS || meta.days !== DAYS) throw new Error(`${dir} holds ${meta.events} events over ${meta.days} days, not ${EVENTS} / ${DAYS}`);
const file = join(dir, 'watchpost.db');
const end = meta.endMs;
// Windows end where the build ended: events other benches posted into the store later are not
// part of the EVENTS the figures are about (as in storage-bench.ts).
const ranges = {
  '24h': { from: new Date(end - DAY).toISOString(), to: new Date(end + 1).toISOString() },
  all: { from: new Date(end - (DAYS + 1) * DAY).toISOString(), to: new Date(end + 1).toISOString() },
} as const;

type Input = SearchInput & { buckets?: number; field?: string };
const rows: { key: string; name: string; method: 'histogram' | 'top'; input: Input }[] = [
  { key: 'hist-user', name: 'histogram user:user77@example.com', method: 'histogram', input: { q: 'user:user77@example.com', buckets: 60 } },
  {
    key: 'top-path',
    name: 'top-10 raw.request.path, user:user77@…',
    method: 'top',
    input: { q: 'user:user77@example.com', field: 'raw.request.path', limit: 10 },
  },
  { key: 'top-host', name: 'top-10 host (Overview "Top hosts")', method: 'top', input: { q: '', field: 'host', limit: 10 } },
  { key: 'top-ip', name: 'top-10 raw.srcIp, category:auth', method: 'top', input: { q: 'category:auth', field: 'raw.srcIp', limit: 10 } },
  { key: 'top-pid', name: 'top-10 raw.pid, host:openssh-7 (Loghub)', method: 'top', input: { q: 'host:openssh-7', field: 'raw.pid', limit: 10 } },
  { key: 'hist-auth', name: 'histogram category:auth outcome:failure', method: 'histogram', input: { q: 'category:auth outcome:failure', buckets: 60 } },
  {
    key: 'top-user',
    name: 'top-10 user, category:auth outcome:failure',
    method: 'top',
    input: { q: 'category:auth outcome:failure', field: 'user', limit: 10 },
  },
];
const pick = (name: string, all: string[]) => (process.env[name] ? process.env[name]!.split(',') : all);
const wantRows = new Set(
  pick(
    'ROWS',
    rows.filter((r) => r.key !== 'top-pid').map((r) => r.key),
  ),
);
const wantRanges = pick('RANGES', Object.keys(ranges)) as (keyof typeof ranges)[];
const ways = new Set(pick('WAYS', ['in-process', 'workers', ...(process.env.BASE ? ['base'] : [])]));

const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -32768');
const search = createSearch(db);
type Searcher = typeof search;
const baseDb = ways.has('base') ? new Database(file, { readonly: true, fileMustExist: true }) : null;
baseDb?.pragma('cache_size = -32768');
const base = baseDb
  ? ((await import(join(process.env.BASE!, 'main/engine/search/index.ts'))) as { createSearch: (db: Database.Database) => Searcher }).createSearch(baseDb)
  : null;
const service = ways.has('workers') ? createSearchService(db, { file, workers: 2, timeoutMs: 600_000 }) : null;

interface Measure {
  p50: number;
  p95: number;
  cpu: number;
  out: unknown;
}
async function measure(run: () => unknown): Promise<Measure> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let out: unknown;
  for (let i = 0; i < REPS; i++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    out = await run();
    wall.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: percentile(wall, 50), p95: percentile(wall, 95), cpu: percentile(cpu, 50), out };
}
const events = (out: unknown) => {
  const o = out as { total?: number; buckets?: { counts: Record<string, number> }[] };
  return o.buckets ? o.buckets.reduce((s, b) => s + Object.values(b.counts).reduce((a, c) => a + c, 0), 0) : o.total!;
};
const ms = (x: number) => fmt(x).padStart(6);

console.log(
  `store: ${fmt(EVENTS)} events over ${DAYS} days, ${REPS} runs per row; load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
for (const range of wantRanges) {
  for (const row of rows.filter((r) => wantRows.has(r.key))) {
    const input = { ...row.input, ...ranges[range] };
    const call = (s: { histogram: (i: Input, n: number) => unknown; top: (i: Input & { field: string }, n: number) => unknown }) =>
      row.method === 'histogram' ? s.histogram(input, end) : s.top({ ...input, field: input.field ?? '' }, end);
    const old = base ? await measure(() => call(base)) : null;
    const one = ways.has('in-process') ? await measure(() => call(search)) : null;
    const two = service ? await measure(() => call(service)) : null;
    const outs = [old, one, two].filter((m) => m !== null).map((m) => m.out);
    const same = outs.length > 1 ? (outs.every((o) => isDeepStrictEqual(o, outs[0])) ? 'same answer' : 'ANSWERS DIFFER (or events arrived meanwhile)') : '';
    const fig = (m: Measure | null, label: string) => (m ? `${label} p50 ${ms(m.p50)} p95 ${ms(m.p95)} CPU ${ms(m.cpu)} ms` : '');
    console.log(
      `aggr: ${range.padEnd(4)} ${row.name.padEnd(44)} ${fig(old, 'before')}  ${fig(one, '1 thread')}  ${fig(two, '2 workers')}  (${fmt(events((one ?? two ?? old)!.out))} events) ${same}`,
    );
  }
  console.log(
    `      load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}
await service?.close();
db.close();
baseDb?.close();
