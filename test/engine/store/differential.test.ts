import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import { sealOne, shredAll } from '../../../main/engine/store/event-store/index.ts';
import { decodeBlock } from '../../../main/engine/store/event-store/block-codec.ts';
import { applyRetention } from '../../../main/engine/store/retention.ts';
import { ManualClock } from '../../../main/engine/clock.ts';
import { HOUR, MIN, NOW, SearchFixture } from '../search/fixture.ts';

/**
 * Differential oracle: the same random events in two stores, one left as a plain events table
 * (today's SQL search, the oracle) and one sealed into blocks in random sizes, partly or wholly,
 * between two rounds of ingest. Every random query of the SPEC §5 grammar must give the same
 * pages (order and cursors), histograms, top values, field counts and single-event reads.
 */

const WORDS = ['alpha', 'Beta', 'gamma', 'café', 'CAFÉ', 'x/y', 'a_b', '50%', 'web-01', 'Needle', 'err', 'o"k', 'é', '🔥hot'];
const word = fc.constantFrom(...WORDS);
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 });

const eventArb = fc.record({
  // Coarse times make equal timestamps across blocks common (the (ts, id) tie-break matters).
  dt: fc.oneof(
    fc.integer({ min: 0, max: 26 * HOUR }),
    fc.integer({ min: 0, max: 26 }).map((h) => h * HOUR),
  ),
  source: fc.constantFrom('ls_a', 'ls_b', 'ls_c'),
  severity: fc.integer({ min: 0, max: SEVERITIES.length - 1 }),
  category: fc.integer({ min: 0, max: CATEGORIES.length - 1 }),
  outcome: fc.integer({ min: 0, max: OUTCOMES.length - 1 }),
  host: nullable(fc.constantFrom('web-01', 'web-02', 'Web-01', 'db-1', '', '10.1.1.1')),
  user: nullable(fc.constantFrom('alice', 'bob', 'Ålice')),
  action: nullable(fc.constantFrom('login', 'http_request')),
  message: nullable(fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '))),
  tags: fc.subarray(['prod', 'eu', 'x"y', 'café']),
  raw: fc.record({
    msg: word,
    status: fc.constantFrom(200, 404, '200', 2.5, 500),
    items: fc.array(fc.record({ sku: fc.constantFrom('A-1', 'b-2', 'A-10') }), { maxLength: 2 }),
    nested: fc.record({ a: fc.record({ b: word }) }),
    flag: fc.boolean(),
    nul: fc.constantFrom(null, 'x'),
    // Dotted runs (block-runs.ts): versions, an address, dots alone.
    ver: fc.constantFrom('1.2.3', '1.2', 'v1.2.30', '..', '10.0.1.7'),
  }),
  escaped: fc.boolean(),
  // A log line: raw carries the time stamp, host and a longer message with numbers, an address and a hex id (block formats 4 and 5).
  line: fc.constantFrom(true, true, false),
});
type EventArb = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

/** A JSON writer that escapes non-ASCII and `/` (as Python and PHP do). */
function escapedJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
const value = fc.oneof(word.map(quote), fc.constantFrom('web', 'b', 'db', 'lic', 'A-1', 'web-0*', '*', '=web-01', '=alice', '=bob', 'web', 'ALICE'));
const termArb: fc.Arbitrary<string> = fc.oneof(
  word.map(quote),
  // Terms under three characters have no trigram: they skip no block but still drive the row filter.
  fc.constantFrom('alpha', 'gam', 'web', 'needle', 'src', 'zzz', 'eb', 'z'),
  // Terms holding a dotted run: matched against each block's runs (block-runs.ts) before it is read.
  fc.constantFrom('10.0.1.7', '10.0.2.7', '0.3.7', '10.0.1', '1.2.3', '1.2.30', '..', '9.9.9', '"from 10.0.2.7"', 'host:10.1', 'raw.ver:1.2', 'raw.ver:=1.2.3'),
  fc.tuple(fc.constantFrom('host', 'user', 'action', 'message', 'tag', 'source', 'platform'), value).map(([f, v]) => `${f}:${v}`),
  fc.constantFrom('severity:>=warn', 'severity:error', 'severity:<info', 'category:auth', 'outcome:success', 'source:=ls_b', 'platform:*', 'tag:*'),
  fc.constantFrom(
    'raw.status:>=300',
    'raw.status:=200',
    'raw.status:2*',
    'raw.items.sku:A*',
    'raw.items.sku:=A-1',
    'raw.flag:true',
    'raw.nul:*',
    'raw.status:*',
    'raw.missing:*',
  ),
  word.map((w) => `raw.nested.a.b:${quote(w)}`),
  word.map((w) => `raw.msg:${quote(w)}`),
);
const queryArb: fc.Arbitrary<string> = fc.letrec((tie) => ({
  q: fc.oneof(
    { depthSize: 'small' },
    termArb,
    termArb.map((t) => `-${t}`),
    tie('and'),
    tie('or'),
    tie('not'),
  ),
  and: fc.array(tie('q'), { minLength: 2, maxLength: 3 }).map((xs) => xs.join(' ')),
  or: fc.array(tie('q'), { minLength: 2, maxLength: 3 }).map((xs) => `(${xs.join(' OR ')})`),
  not: tie('q').map((x) => `NOT (${x})`),
})).q as fc.Arbitrary<string>;

function build(events: EventArb[]): SearchFixture {
  const f = new SearchFixture();
  f.addPlatform('pl_1', 'Edge');
  f.addSource('ls_a', 'alpha-src', 'pl_1');
  f.addSource('ls_b', 'beta');
  f.addSource('ls_c', 'Gamma');
  return f;
}

function insert(f: SearchFixture, id: number, e: EventArb): void {
  const seq = (f.db.prepare('SELECT seq FROM sources WHERE id = ?').get(e.source) as { seq: number }).seq;
  const ts = NOW - e.dt;
  const message = e.line && e.message !== null ? `${e.message} from 10.0.${id % 256}.7 pid ${id * 7919} id ${(id * 2654435761).toString(16)}` : e.message;
  const fields = e.line ? { timestamp: new Date(ts).toISOString(), host: e.host, message } : e.raw;
  const raw = e.escaped ? escapedJson(fields) : JSON.stringify(fields);
  f.db
    .prepare(
      'INSERT INTO events (id, source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
    )
    .run(id, seq, ts, ts, e.severity, e.category, e.outcome, e.host, e.user, e.action, message, e.tags.length ? JSON.stringify(e.tags) : null, raw);
  f.db
    .prepare(`INSERT INTO event_counts (minute, source_seq, severity, count) VALUES (?, ?, ?, 1)
    ON CONFLICT (minute, source_seq, severity) DO UPDATE SET count = count + 1`)
    .run(Math.floor(ts / MIN) * MIN, seq, e.severity);
}

/** Every event id the store holds, head and blocks. */
function storedIds(f: SearchFixture): number[] {
  const ids = (f.db.prepare('SELECT id FROM events').all() as { id: number }[]).map((r) => r.id);
  for (const b of f.db.prepare('SELECT data, raw FROM event_blocks').all() as { data: Buffer; raw: Buffer }[]) {
    ids.push(...decodeBlock(b.data, b.raw).map((r) => r[0]));
  }
  return ids;
}

/**
 * Retention by age (1 day) on the sealed store, which drops whole blocks; the oracle then loses
 * exactly the same events, and its per-minute summary is recounted from what is left.
 */
async function retainOneDay(sealed: SearchFixture, oracle: SearchFixture): Promise<void> {
  await applyRetention(sealed.db, new ManualClock(NOW), { maxAgeDays: 1, maxSizeGb: 0 }, async () => {});
  oracle.db.prepare('DELETE FROM events WHERE id NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(storedIds(sealed)));
  oracle.db.exec(`DELETE FROM event_counts; INSERT INTO event_counts (minute, source_seq, severity, count)
    SELECT ts - ts % ${MIN}, source_seq, severity, count(*) FROM events GROUP BY 1, 2, 3`);
}

/** Every page of a query, following cursors. */
function allPages(f: SearchFixture, q: string, range: { from?: string; to?: string }, limit: number): unknown[] {
  const pages: unknown[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) {
    const page = f.search.search({ q, limit, ...range, ...(cursor ? { cursor } : {}) }, NOW);
    pages.push(page);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return pages;
}

function outcome<T>(fn: () => T): { ok: T } | { error: string } {
  try {
    return { ok: fn() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const planArb = fc.record({
  first: fc.array(eventArb, { maxLength: 40 }),
  second: fc.array(eventArb, { maxLength: 15 }),
  blockSize: fc.integer({ min: 1, max: 16 }),
  sealFirst: fc.integer({ min: 0, max: 8 }),
  sealSecond: fc.integer({ min: 0, max: 3 }),
  retention: fc.boolean(),
  /** When sealed blocks get their path columns: never, after the first sealing (later blocks have none), or at the end. */
  shred: fc.constantFrom('never', 'first', 'end'),
  queries: fc.array(fc.tuple(queryArb, fc.boolean(), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 7 })), { minLength: 1, maxLength: 4 }),
  topField: fc.constantFrom(
    'host',
    'user',
    'severity',
    'source',
    'platform',
    'tag',
    'message',
    'raw.status',
    'raw.items.sku',
    'raw.nested',
    'raw.nul',
    'raw.msg',
    'raw.nested.a.b',
    'raw.flag',
    'raw.missing',
    'raw.host',
    'category',
  ),
});

/** Cases per run: 30 in the suite; DIFF_RUNS=300 for a deeper check (the timeout grows with it). */
const RUNS = Number(process.env.DIFF_RUNS ?? 30);

describe('sealed blocks answer exactly like the plain events table (differential oracle)', () => {
  it(
    'pages, histograms, top values, fields and get agree for random stores and queries',
    async () => {
      await fc.assert(
        fc.asyncProperty(planArb, async (plan) => {
          const oracle = build([]);
          const sealed = build([]);
          try {
            let id = 1;
            const all = [...plan.first, ...plan.second];
            plan.first.forEach((e) => {
              insert(oracle, id, e);
              insert(sealed, id++, e);
            });
            for (let k = 0; k < plan.sealFirst; k++) sealOne(sealed.db, { blockSize: plan.blockSize, keepInHead: 0 });
            if (plan.shred === 'first') shredAll(sealed.db);
            plan.second.forEach((e) => {
              insert(oracle, id, e);
              insert(sealed, id++, e);
            });
            for (let k = 0; k < plan.sealSecond; k++) sealOne(sealed.db, { blockSize: plan.blockSize, keepInHead: 0 });
            if (plan.shred === 'end') shredAll(sealed.db);
            if (plan.retention) await retainOneDay(sealed, oracle);
            // Retention drops a block's path columns and dotted runs with it.
            for (const table of ['event_block_paths', 'event_block_runs'])
              expect(sealed.db.prepare(`SELECT count(*) FROM ${table} WHERE block NOT IN (SELECT id FROM event_blocks)`).pluck().get()).toBe(0);
            const summary = (f: SearchFixture) => f.db.prepare('SELECT * FROM event_counts ORDER BY minute, source_seq, severity').all();
            expect(summary(sealed)).toEqual(summary(oracle));
            for (const [q, wide, limit, buckets] of plan.queries) {
              const range = wide ? { from: '2026-11-21T00:00:00Z', to: '2026-11-24T00:00:00Z' } : {};
              expect(
                outcome(() => allPages(sealed, q, range, limit)),
                q,
              ).toEqual(outcome(() => allPages(oracle, q, range, limit)));
              expect(
                outcome(() => sealed.search.histogram({ q, buckets, ...range }, NOW)),
                q,
              ).toEqual(outcome(() => oracle.search.histogram({ q, buckets, ...range }, NOW)));
              expect(
                outcome(() => sealed.search.top({ q, field: plan.topField, ...range }, NOW)),
                q,
              ).toEqual(outcome(() => oracle.search.top({ q, field: plan.topField, ...range }, NOW)));
              expect(
                outcome(() => sealed.search.fields({ q, ...range }, NOW)),
                q,
              ).toEqual(outcome(() => oracle.search.fields({ q, ...range }, NOW)));
            }
            for (let i = 1; i <= all.length; i += 7) expect(outcome(() => sealed.search.get(String(i)))).toEqual(outcome(() => oracle.search.get(String(i))));
          } finally {
            oracle.close();
            sealed.close();
          }
        }),
        { numRuns: RUNS },
      );
    },
    60_000 + RUNS * 2_000,
  );
});
