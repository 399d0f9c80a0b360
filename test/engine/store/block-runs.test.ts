import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  blockRuns,
  decodeRuns,
  dottedPiece,
  dottedRuns,
  encodeRuns,
  ipv4Text,
  ipv4Value,
  runsContain,
} from '../../../main/engine/store/event-store/block-runs.ts';
import { zstd } from '../../../main/engine/store/event-store/zstd.ts';
import { sealOne, shredAll } from '../../../main/engine/store/event-store/index.ts';
import { MIN, NOW, SearchFixture, watchServed } from '../search/fixture.ts';

/**
 * Dotted runs (block-runs.ts) skip the blocks a term holding an address cannot be in. They are
 * sound only if every block holding a match keeps a run containing the term's piece: checked here
 * against a store searched without them (the same events, never sealed) for random texts written
 * mostly in digits and dots, and for terms cut from those texts.
 */

const dotted = fc.string({ unit: fc.constantFrom('1', '0', '7', '.', '.', 'a', 'A', ' ', '"', '-', 'é'), maxLength: 14 });

describe('dotted runs', () => {
  it('finds the maximal runs of digits and dots with two dots or more', () => {
    const runs = new Set<string>();
    dottedRuns('from 10.0.1.7:22 v1.2 ver 3.4.5-rc1 ..x 1.2.3.', runs);
    expect([...runs].sort()).toEqual(['..', '1.2.3.', '10.0.1.7', '3.4.5']);
    expect(dottedPiece('src=10.0.1.7 and 1.2.3')).toBe('10.0.1.7');
    expect(dottedPiece('v1.2')).toBeNull();
  });

  it('encodes a block’s runs once each, from every text column', () => {
    const cols = [
      [1, 2],
      null,
      null,
      null,
      null,
      null,
      null,
      ['10.1.1.1', '10.1.1.1'],
      [null, '1.2.3'],
      [null, null],
      ['m 9.9.9', null],
      [null, null],
      ['{"message":"m 9.9.9"}', '{"ip":"10.0.0.2"}'],
    ];
    expect(decodeRuns(blockRuns(cols as never))?.all()).toEqual(['10.0.0.2', '10.1.1.1', '1.2.3', '9.9.9']);
    expect(decodeRuns(Buffer.from([99, 1, 2]))).toBeNull(); // a format this build does not know: no pruning
    expect(decodeRuns(Buffer.from([2, 5, 1]))).toBeNull(); // cut short: no pruning
  });

  it('keeps canonical addresses as numbers and every other run as text', () => {
    expect(ipv4Value('10.0.7.77')).toBe(0x0a00074d);
    expect(ipv4Value('255.255.255.255')).toBe(2 ** 32 - 1);
    for (const other of ['010.0.7.77', '10.0.7.077', '256.1.1.1', '1.2.3', '1.2.3.4.5', '.1.2.3', '1.2.3.', '1..2.3', '1234.1.1.1'])
      expect(ipv4Value(other), other).toBe(-1);
    const stored = decodeRuns(encodeRuns(['10.0.7.77', '10.0.7.8', '1.2.3', '010.0.7.77']))!;
    expect([...stored.addresses].map(ipv4Text)).toEqual(['10.0.7.8', '10.0.7.77']);
    expect(stored.text()).toBe('010.0.7.77\n1.2.3');
    expect(runsContain('0.7.7')(stored)).toBe(true); // in 10.0.7.77, across the alignment
    expect(runsContain('10.0.7.7')(stored)).toBe(true);
    expect(runsContain('0.0.7.77')(stored)).toBe(true);
    expect(runsContain('10.0.7.9')(stored)).toBe(false);
    expect(runsContain('.7.77')(stored)).toBe(true);
    expect(runsContain('2.3')(decodeRuns(encodeRuns(['1.2.3']))!)).toBe(true);
    // Stores written by stop 15 keep every run as zstd'd text (format 1): still read.
    const old = decodeRuns(Buffer.concat([Buffer.from([1]), zstd(Buffer.from('1.2.3\n10.0.0.2'))]))!;
    expect(runsContain('10.0.0.2')(old)).toBe(true);
    expect(runsContain('10.0.0.3')(old)).toBe(false);
  });

  it('a piece is found in stored runs exactly when some run contains it (against a plain substring scan)', () => {
    const address = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
    const near = fc.constantFrom('0', '1', '10', '25', '255', '7', '77', '007', '256', '');
    const run = fc.oneof(
      address,
      address,
      fc.tuple(near, near, near, near).map((o) => o.join('.')),
      fc.tuple(near, near, near).map((o) => o.join('.')),
      fc.tuple(near, near, near, near, near).map((o) => o.join('.')),
      fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '7', '.'), minLength: 2, maxLength: 16 }).filter((r) => r.split('.').length >= 3),
    );
    fc.assert(
      fc.property(fc.uniqueArray(run, { maxLength: 40 }), fc.nat(), fc.nat(), fc.nat(), fc.boolean(), (runs, pick, at, len, cutFromRun) => {
        // Big enough other-run sets to be zstd'd too.
        const source = cutFromRun && runs.length ? runs[pick % runs.length]! : ['10.0.7.77', '1.0.7.7', '0.0.0', '25.5.25.5'][pick % 4]!;
        const from = at % source.length;
        const piece = source.slice(from, from + 3 + (len % 14));
        if (piece.split('.').length < 3) return;
        const stored = decodeRuns(encodeRuns(runs))!;
        expect([...stored.all()].sort()).toEqual([...runs].sort());
        expect(runsContain(piece)(stored), `${piece} in ${runs.join(' ')}`).toBe(runs.some((r) => r.includes(piece)));
      }),
      { numRuns: 3000 },
    );
    const many = Array.from({ length: 300 }, (_, i) => `1.${i}.0.0.${i}`);
    const stored = decodeRuns(encodeRuns([...many, '10.1.1.1']))!;
    expect(runsContain('.299.0.0.')(stored)).toBe(true);
    expect(runsContain('.300.0.0.')(stored)).toBe(false);
  });

  it('a search with runs built answers exactly what the events hold, and skips blocks without the term', () => {
    fc.assert(
      fc.property(
        // Short hosts: an envelope value is not in raw, and a run can be two characters ('..').
        fc.array(
          fc.record({
            host: fc.option(fc.oneof(dotted, fc.constantFrom('..', '1.2', '1.2.3', '9.9.')), { nil: null }),
            message: fc.option(dotted, { nil: null }),
            ip: fc.oneof(
              dotted,
              fc.ipV4(),
              fc.ipV4().map((a) => `from ${a}:22`),
            ),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (events, pick, at, len, fielded) => {
          const plain = new SearchFixture();
          const sealed = new SearchFixture();
          try {
            for (const f of [plain, sealed]) {
              f.addSource('ls_a', 'src');
              events.forEach((e, i) => f.add({ host: e.host, message: e.message, raw: { ip: e.ip, message: e.message }, ts: NOW - (i + 1) * MIN }));
            }
            while (sealOne(sealed.db, { blockSize: 3, keepInHead: 0 }) > 0);
            shredAll(sealed.db);
            // A term cut from a stored text (so it is found), or a random one.
            const texts = events.flatMap((e) => [e.host, e.message, e.ip]).filter((t): t is string => !!t);
            const source = texts[pick % Math.max(1, texts.length)] ?? '1.2.3';
            const cut = source.slice(at % (source.length + 1), (at % (source.length + 1)) + 1 + (len % 12));
            const term = cut.replace(/["\\\s]/g, '') || '0.0.0';
            if (!dottedPiece(term)) return;
            const q = fielded ? `raw.ip:"${term}"` : `"${term}"`;
            const ids = (f: SearchFixture) => f.search.search({ q, limit: 100, from: '1d' }, NOW).events.map((e) => e.message);
            expect(ids(sealed), q).toEqual(ids(plain));
            const histogram = (f: SearchFixture) => f.search.histogram({ q, buckets: 4, from: '1d' }, NOW);
            expect(histogram(sealed), q).toEqual(histogram(plain));
          } finally {
            plain.close();
            sealed.close();
          }
        },
      ),
      { numRuns: 100 },
    );
    // Two store files per case: ~5 s on a quiet machine, 35 s seen on a loaded CI one.
  }, 180_000);

  it('rewrites runs stored in stop 15’s format (every run as text) in the idle pass, without decoding the block', () => {
    const f = new SearchFixture();
    try {
      f.addSource('ls_a', 'src');
      for (let i = 0; i < 6; i++) f.add({ message: `from 10.0.5.${i} v1.2.${i}`, ts: NOW - (20 - i) * MIN });
      while (sealOne(f.db, { blockSize: 3, keepInHead: 0 }) > 0);
      expect(shredAll(f.db)).toBe(2);
      const rows = () => f.db.prepare('SELECT block, data FROM event_block_runs ORDER BY block').raw(true).all() as [number, Buffer][];
      const [[first, current]] = rows() as [[number, Buffer]];
      const runs = decodeRuns(current)!.all();
      expect(runs.sort()).toEqual(['1.2.0', '1.2.1', '1.2.2', '10.0.5.0', '10.0.5.1', '10.0.5.2']);
      const old = Buffer.concat([Buffer.from([1]), zstd(Buffer.from([...runs].sort().join('\n')))]);
      f.db.prepare('UPDATE event_block_runs SET data = ? WHERE block = ?').run(old, first);
      // A format this build does not know is left alone.
      const future = Buffer.from([9, 1, 2, 3]);
      const second = rows()[1]![0];
      f.db.prepare('UPDATE event_block_runs SET data = ? WHERE block = ?').run(future, second);
      expect(f.search.search({ q: '10.0.5.1', from: '1d' }, NOW).events.map((e) => e.message)).toEqual(['from 10.0.5.1 v1.2.1']);
      expect(shredAll(f.db)).toBe(1);
      expect(shredAll(f.db)).toBe(0);
      const after = rows();
      expect(after[0]![1][0]).toBe(2);
      expect(decodeRuns(after[0]![1])!.all().sort()).toEqual(runs);
      expect(after[1]![1]).toEqual(future);
      expect(f.search.search({ q: '10.0.5.1', from: '1d' }, NOW).events.map((e) => e.message)).toEqual(['from 10.0.5.1 v1.2.1']);
    } finally {
      f.close();
    }
  });

  it('a hunt for an address reads only the blocks whose runs hold it', () => {
    const f = new SearchFixture();
    try {
      f.addSource('ls_a', 'src');
      // Every block holds every trigram of 10.0.5.7 (10.0.55.7 and 1.5.3), one block the address.
      for (let i = 0; i < 12; i++)
        f.add({ message: i === 5 ? 'accepted from 10.0.5.7 port 22' : 'accepted from 10.0.55.7 via 1.5.3', ts: NOW - (20 - i) * MIN });
      while (sealOne(f.db, { blockSize: 3, keepInHead: 0 }) > 0);
      const { served } = watchServed(f);
      // Before runs are built, every block is read.
      expect(f.search.search({ q: '10.0.5.7', from: '1d' }, NOW).events.map((e) => e.message)).toEqual(['accepted from 10.0.5.7 port 22']);
      expect(served.length).toBe(4);
      expect(shredAll(f.db)).toBe(4);
      served.length = 0;
      expect(f.search.search({ q: '10.0.5.7', from: '1d' }, NOW).events.map((e) => e.message)).toEqual(['accepted from 10.0.5.7 port 22']);
      expect(served.length).toBe(1);
      served.length = 0;
      const counts = f.search.histogram({ q: '10.0.5.7', buckets: 2, from: '1d' }, NOW).buckets.map((b) => b.counts.info);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
      expect(served.length).toBe(1);
    } finally {
      f.close();
    }
  });
});
