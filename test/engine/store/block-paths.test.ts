import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { absentByManifest, decodeColumn, MANIFEST, shredRaws } from '../../../main/engine/store/event-store/block-paths.ts';
import { valueSql } from '../../../main/engine/search/top.ts';

/**
 * Path columns must answer exactly what SQLite's JSON functions answer on the stored text (the
 * raw-path top's SQL, search/top.ts valueSql): a column's value for an event is the one value SQL
 * reads there, and a path a manifest calls absent has no value in any event. Raw texts here are
 * spelled every way a sender may spell them: spaces, escapes, numbers as reals, exponents, big
 * integers and -0, arrays, objects, duplicate keys, keys with escapes, keys no query can name.
 */
const KEYS = ['a', 'b', 'c', 'k[0]', 'é', "it's", '$x', 'a.b', '', 'x y'];
const ADDRESSABLE = ['a', 'b', 'c', 'k[0]', 'é', "it's", '$x'];

type Json = { s: string } | { n: string } | boolean | null | Json[] | { o: [string, Json][] };

const stringValue = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('web-01', '200', 'true', '', 'é', '😀', 'a"b', 'back\\slash', 'line\nbreak', 'x\u0000y', 'lone \ud800', '\udc00', 'x/y', ' '),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
);
const numberSpelling = fc.oneof(
  fc.integer({ min: -99999, max: 99999 }).map(String),
  fc.constantFrom('0', '-0', '1.0', '2e2', '1E+2', '0.5', '-12', '123456789012345', '1234567890123456', '12345678901234567890', '1e400'),
);
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    stringValue.map((s) => ({ s })),
    numberSpelling.map((n) => ({ n })),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    entries(tie('value'), 4),
  ),
})).value;
/** An object's entries, now and then with a key twice. */
function entries(value: fc.Arbitrary<Json>, maxLength: number): fc.Arbitrary<Json> {
  const unique = fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength, selector: ([k]) => k });
  return fc
    .oneof({ weight: 12, arbitrary: unique }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength }) })
    .map((o) => ({ o }));
}
const topObject = entries(json, 5);

/** How one text spells its strings and spaces. */
interface Spelling {
  escapeAll: boolean;
  escapeKeys: boolean;
  spaces: boolean;
}

function quoted(s: string, escapeAll: boolean): string {
  const q = JSON.stringify(s);
  return escapeAll ? q.replace(/[^\x20-\x7e]|\//g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : q;
}

function write(v: Json, sp: Spelling): string {
  const gap = sp.spaces ? ' ' : '';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${gap}${v.map((x) => write(x, sp)).join(`,${gap}`)}${gap}]`;
  if ('s' in v) return quoted(v.s, sp.escapeAll);
  if ('n' in v) return v.n;
  return `{${gap}${v.o.map(([k, x]) => `${quoted(k, sp.escapeKeys)}${gap}:${gap}${write(x, sp)}`).join(`,${gap}`)}${gap}}`;
}

const spelling = fc.record({ escapeAll: fc.boolean(), escapeKeys: fc.integer({ min: 0, max: 19 }).map((x) => x === 0), spaces: fc.boolean() });
// Small blocks too: there, more paths hold only values a column can keep.
const texts = fc
  .oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 }))
  .chain((n) => fc.array(fc.tuple(topObject, spelling), { minLength: 1, maxLength: n }))
  .map((xs) =>
    xs
      .map(([v, sp]) => write(v, sp))
      .filter((t) => {
        try {
          JSON.parse(t);
          return true;
        } catch {
          return false; // ingest takes only texts JSON.parse takes ('1e400' parses; nothing else here fails)
        }
      }),
  );

const PATHS: string[][] = [];
for (const a of ADDRESSABLE) {
  PATHS.push([a]);
  for (const b of ADDRESSABLE) {
    PATHS.push([a, b]);
    for (const c of ['a', 'b']) PATHS.push([a, b, c]);
  }
}

/** Per row, the sorted values SQL's raw-path top reads at `path`. */
function sqlValues(db: Database.Database, path: string[], n: number): string[][] {
  const v = valueSql({ kind: 'raw', path });
  const out = Array.from({ length: n }, () => [] as string[]);
  const sql = v.sql.replace('{src}', 't e').replace('{where}', '1');
  for (const r of db.prepare(sql).all(v.params) as { id: number; v: string }[]) out[r.id]!.push(v.label(r.v));
  for (const xs of out) xs.sort();
  return out;
}

function withTexts<T>(raws: string[], fn: (db: Database.Database) => T): T {
  const db = new Database(':memory:');
  try {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, raw TEXT)');
    const insert = db.prepare('INSERT INTO t (id, raw) VALUES (?, ?)');
    raws.forEach((r, i) => insert.run(i, r));
    return fn(db);
  } finally {
    db.close();
  }
}

describe('path columns of a block (block-paths.ts)', () => {
  it('hold, for every event, the one value SQLite reads at the path; a manifest calls a path absent only where SQLite reads none', () => {
    let columns = 0;
    let absent = 0;
    fc.assert(
      fc.property(texts, fc.constantFrom(0, 1, 1000), (raws, budget) => {
        if (raws.length === 0) return;
        const shredded = shredRaws(raws, null, budget);
        const byPath = new Map(shredded.columns.map((c) => [c.path, c.data]));
        expect(byPath.has(MANIFEST)).toBe(false);
        withTexts(raws, (db) => {
          for (const path of PATHS) {
            const name = path.join('.');
            const data = byPath.get(name);
            const want = sqlValues(db, path, raws.length);
            if (data) {
              columns++;
              const col = decodeColumn(data, () => {
                throw new Error('no envelope given');
              });
              const got = Array.from({ length: raws.length }, (_, i) => (col.codes[i] === 0 ? [] : [col.label(col.codes[i]!)]));
              expect(got, `${name} in ${JSON.stringify(raws)}`).toEqual(want);
            } else if (absentByManifest(shredded.manifest, name)) {
              absent++;
              expect(want.flat(), `${name} absent in ${JSON.stringify(raws)}`).toEqual([]);
            }
          }
        });
      }),
      { numRuns: 300 },
    );
    // The property above holds vacuously if nothing is ever kept: it was not.
    expect(columns).toBeGreaterThan(60);
    expect(absent).toBeGreaterThan(100);
  });

  it('keep a column for every path of plain events within the budget, narrowest first', () => {
    const raws = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({
        host: `web-${i % 3}`,
        status: i % 7 === 0 ? 500 : 200,
        ok: i % 2 === 0,
        request: { path: `/p/${i % 5}`, id: `req-${i}` },
        tags: ['x'],
        ms: 0.5,
      }),
    );
    const all = shredRaws(raws, null, 1000);
    expect(all.columns.map((c) => c.path).sort()).toEqual(['host', 'ok', 'request.id', 'request.path', 'status']);
    expect(JSON.parse(all.manifest)).toEqual({ v: 1, arrays: ['tags'], skip: ['request', 'ms'] });
    const status = decodeColumn(all.columns.find((c) => c.path === 'status')!.data, () => ({ values: [], codes: new Int32Array(0) }));
    expect([status.label(status.codes[0]!), status.label(status.codes[1]!)]).toEqual(['500', '200']);
    // A budget of 1 byte per event keeps the narrow columns and lists the unique ids as skipped.
    const tight = shredRaws(raws, null, 1);
    expect(tight.columns.map((c) => c.path)).not.toContain('request.id');
    expect(JSON.parse(tight.manifest).skip).toContain('request.id');
    expect(absentByManifest(tight.manifest, 'request.id')).toBe(false);
    expect(absentByManifest(tight.manifest, 'missing')).toBe(true);
    expect(absentByManifest(tight.manifest, 'tags.x')).toBe(false);
  });

  it('store a raw key equal to its envelope column row for row as a reference to that column', () => {
    const raws = ['{"host":"web-1","user":"al"}', '{"host":"web-2"}', '{"user":"bo"}'];
    const envelope: Record<number, (string | null)[]> = { 7: ['web-1', 'web-2', null], 8: ['al', null, 'BO'], 9: [null, null, null], 10: [null, null, null] };
    const s = shredRaws(raws, (c) => envelope[c]!);
    const host = s.columns.find((c) => c.path === 'host')!.data;
    const user = s.columns.find((c) => c.path === 'user')!.data;
    expect(host.length).toBe(2); // a reference
    expect(user.length).toBeGreaterThan(2); // 'bo' is not 'BO': a column of its own
    const dict = { values: ['web-1', 'web-2'], codes: Int32Array.from([0, 1, -1]) };
    const col = decodeColumn(host, (c) => {
      expect(c).toBe(7);
      return dict;
    });
    expect(Array.from({ length: 3 }, (_, i) => (col.codes[i] === 0 ? null : col.label(col.codes[i]!)))).toEqual(['web-1', 'web-2', null]);
    const own = decodeColumn(user, () => dict);
    expect(Array.from({ length: 3 }, (_, i) => (own.codes[i] === 0 ? null : own.label(own.codes[i]!)))).toEqual(['al', null, 'bo']);
  });

  it('give a block no columns when a key is written with escapes or twice in one object', () => {
    for (const odd of ['{"a":1,"a":2}', '{"\\u0061":1}', '{"b":{"a":1,"a":1}}']) {
      const s = shredRaws(['{"a":3}', odd]);
      expect(s.columns).toEqual([]);
      expect(absentByManifest(s.manifest, 'zzz')).toBe(false);
    }
  });
});
