import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBlock, decodeColumns, encodeBlock, MESSAGE, RAW } from '../../../main/engine/store/event-store/block-codec.ts';
import type { RowTuple } from '../../../main/engine/store/event-store/block-codec.ts';
import { TimeLiterals } from '../../../main/engine/store/event-store/block-raw.ts';
import { decodeTemplated } from '../../../main/engine/store/event-store/block-template-reader.ts';
import { encodeTemplated, MARK_EVERY, MARKED, STREAMS } from '../../../main/engine/store/event-store/block-templates.ts';

/**
 * Format 5 cuts numbers, hex ids and IPv4 addresses out of log text and stores them as bytes
 * (block-templates.ts), and elides raw texts' copies of message, time stamp and host
 * (block-raw.ts). Reading must stay exact: every text and every row comes back byte for byte,
 * whatever the text holds.
 */
const octet = fc.integer({ min: 0, max: 255 }).map(String);
const piece = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String), // numbers, past 2^53 too
  fc.stringMatching(/^0[0-9]{1,20}$/), // leading zeros
  fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')),
  fc.stringMatching(/^(0x)?[0-9a-fA-F]{1,40}$/),
  fc.uuid(),
  fc.constantFrom('.', '..', '1.2.3', '256.1.1.1', '01.2.3.4', '1.2.3.4.5', 'blk_-', 'a1b2', 'deadbeef', 'Dec 10 09:17:41', '"', '\\', '\\u0000'),
  fc.string({ unit: 'grapheme', maxLength: 12 }), // unicode
  fc.string({ unit: 'binary', maxLength: 6 }), // lone surrogates, NUL, control characters
  fc.constantFrom(' ', ': ', '=', '-', '_', '/', ', '),
);
const text = fc.array(piece, { maxLength: 16 }).map((ps) => ps.join(''));

describe('log text as templates and variables', () => {
  it('gives back exactly the texts it was given, or refuses texts holding a reserved character', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), (texts) => {
        const blob = encodeTemplated(texts);
        if (texts.some((t) => /[\u0010-\u0014]/.test(t))) expect(blob).toBeNull();
        else expect(decodeTemplated(blob!)).toEqual(texts);
      }),
      { numRuns: 500 },
    );
  });

  it('builds only the texts asked for, each exactly as the whole decode does', () => {
    fc.assert(
      fc.property(
        fc
          .array(text, { maxLength: 40 })
          .chain((texts) => fc.tuple(fc.constant(texts), fc.array(fc.boolean(), { minLength: texts.length, maxLength: texts.length }))),
        ([texts, asked]) => {
          const blob = encodeTemplated(texts);
          fc.pre(blob !== null);
          const wanted = Uint8Array.from(asked, (a) => (a ? 1 : 0));
          const some = decodeTemplated(blob!, null, wanted);
          expect(some).toHaveLength(texts.length);
          texts.forEach((t, i) => expect(some[i]).toBe(asked[i] ? t : ''));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a few texts of many by the marks, exactly, and blobs written before marks the same way', () => {
    // Texts from a handful of templates (as log lines are), several groups of MARK_EVERY texts, sparse asks.
    const line = fc
      .tuple(fc.constantFrom('job', 'sshd[', 'GET /x?id=', 'é🔥'), text, fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.nat(255))
      .map(([a, t, n, o]) => `${a}${n} ${t} from 10.0.${o}.1 id ${n.toString(16)}a`);
    fc.assert(
      fc.property(
        fc
          .array(line, { minLength: 1, maxLength: 5 * MARK_EVERY + 7, size: 'max' })
          .chain((texts) => fc.tuple(fc.constant(texts), fc.uniqueArray(fc.nat(texts.length - 1), { maxLength: 12 }))),
        ([texts, asked]) => {
          const blob = encodeTemplated(texts);
          fc.pre(blob !== null);
          const wanted = new Uint8Array(texts.length);
          for (const i of asked) wanted[i] = 1;
          for (const b of [blob!, withoutMarks(blob!)]) {
            const some = decodeTemplated(b, null, wanted);
            expect(some).toHaveLength(texts.length);
            texts.forEach((t, i) => expect(some[i]).toBe(wanted[i] ? t : ''));
          }
          expect(decodeTemplated(withoutMarks(blob!))).toEqual(texts);
        },
      ),
      // A failing case is hundreds of texts: report it as found (shrinking it takes minutes).
      { numRuns: 60, endOnFailure: true },
    );
  });

  it('refuses marks that do not match the count of texts', () => {
    const texts = Array.from({ length: 3 * MARK_EVERY }, (_, i) => `line ${i} at 10.0.0.${i % 200}`);
    const blob = encodeTemplated(texts)!;
    const wanted = new Uint8Array(texts.length).fill(0);
    wanted[2 * MARK_EVERY + 5] = 1;
    // One text fewer in the count word: the marks then describe a group too many.
    const lying = Buffer.from(blob);
    lying.writeUInt32LE(MARKED + 2 * MARK_EVERY, 0);
    expect(() => decodeTemplated(lying, null, wanted.subarray(0, 2 * MARK_EVERY))).toThrow(/event block damaged/);
  });

  it('keeps long texts, empty texts, repeated templates and large numbers of texts exact', () => {
    const long = `start ${'x9 10.0.0.1 '.repeat(20_000)}${'é🔥'.repeat(5000)} end 123`;
    const texts = ['', long, ...Array.from({ length: 9000 }, (_, i) => `job ${i * 7919} on 10.${i % 256}.0.${i % 7} id ${(i * 2654435761).toString(16)}`), ''];
    expect(decodeTemplated(encodeTemplated(texts)!)).toEqual(texts);
  });

  it('refuses a damaged blob with an error instead of wrong text', () => {
    const blob = encodeTemplated(['a 1', 'b 2.3.4.5 ffff0000aaaa'])!;
    expect(() => decodeTemplated(blob.subarray(0, blob.length - 3))).toThrow(/event block damaged/);
  });

  it('spells event times as JSON.stringify(new Date(ts).toISOString()) does, for any time', () => {
    const times = new TimeLiterals();
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -8.64e15, max: 8.64e15 }),
            fc.double({ min: -8.7e15, max: 8.7e15, noNaN: true }),
            fc.integer({ min: 1.7e12, max: 1.8e12 }),
          ),
        ),
        (ts) => {
          for (const t of ts) {
            const d = new Date(t);
            expect(times.of(t)).toBe(Number.isNaN(d.getTime()) ? null : JSON.stringify(d.toISOString()));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * A sender's raw event as the normalizer keeps it: its time stamp, host and message inside as
 * JSON.stringify spells them (`json`), the message escaped otherwise, or with a bare reserved
 * character after it (raw text that is not valid JSON: stored as plain text).
 */
function logRow(i: number, ts: number, host: string | null, message: string | null, spelled: 'json' | 'escaped' | 'reserved'): RowTuple {
  const json = JSON.stringify({ timestamp: new Date(ts).toISOString(), severity: 'info', host, app: 'HDFS', pid: i * 37, message });
  const raw =
    spelled === 'json'
      ? json
      : spelled === 'reserved'
        ? `${json}\u0011`
        : `{"timestamp":"${new Date(ts).toISOString()}","host":${JSON.stringify(host)},"message":"${[...(message ?? '')].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`;
  return [1000 + i, 3, ts + 5, ts, 1, 0, 0, host, null, null, message, null, raw];
}

describe('event block format 5', () => {
  const ts = fc.oneof(fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }), fc.integer({ min: -8.64e15, max: 8.64e15 }));
  const host = fc.option(fc.oneof(fc.constantFrom('hdfs-1', 'web-07'), fc.string({ maxLength: 6 })), { nil: null });
  const message = fc.option(fc.oneof(text, fc.string({ unit: 'binary', maxLength: 20 })), { nil: null });

  it('stores log lines as format 5 and decodes every row byte for byte, raw alone too', () => {
    const versions = new Set<number>();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(ts, host, message, fc.constantFrom('json', 'json', 'escaped', 'reserved' as const)), { minLength: 1, maxLength: 40 }),
        (specs) => {
          const rs = specs.map(([t, h, m, spelled], i) => logRow(i, t, h, m, spelled));
          const { data, raw } = encodeBlock(rs);
          versions.add((JSON.parse(data.subarray(4, 4 + data.readUInt32LE(0)).toString('utf8')) as { v: number }).v);
          expect(decodeBlock(data, raw)).toEqual(rs);
          expect(decodeColumns({ data: () => data, raw: () => raw }, [RAW], { cols: [], dicts: [] }).cols[RAW]).toEqual(rs.map((r) => r[RAW]));
          // Only some rows (a page of a few matches): those rows' message and raw text exact.
          const asked = Uint8Array.from(rs, (_, i) => ((i * 2654435761) >>> 28) & 1);
          const some = decodeColumns({ data: () => data, raw: () => raw }, [MESSAGE, RAW], { cols: [], dicts: [] }, asked).cols;
          rs.forEach((r, i) => {
            if (asked[i]) expect([some[MESSAGE]![i], some[RAW]![i]]).toEqual([r[MESSAGE], r[RAW]]);
          });
        },
      ),
      { numRuns: 300 },
    );
    // Both the templated blocks and the plain ones (short messages) were exercised.
    expect([...versions].sort()).toEqual([3, 5]);
  });

  it('is format 5 for real log lines and format 3 for short messages among structured fields', () => {
    const version = (rs: RowTuple[]) => {
      const { data } = encodeBlock(rs);
      return (JSON.parse(data.subarray(4, 4 + data.readUInt32LE(0)).toString('utf8')) as { v: number }).v;
    };
    const lines = Array.from({ length: 50 }, (_, i) =>
      logRow(
        i,
        1_764_000_000_000 + i,
        `hdfs-${i % 3}`,
        `081109 203615 148 INFO dfs.DataNode$PacketResponder: blk_${i * 7919} from /10.250.19.${i % 256}`,
        'json',
      ),
    );
    expect(version(lines)).toBe(5);
    const structured = lines.map((r, i): RowTuple => {
      const rawText = JSON.stringify({
        timestamp: new Date(r[3]).toISOString(),
        host: r[7],
        message: 'User signed in',
        srcIp: `10.0.0.${i}`,
        method: 'saml',
        session: 'x'.repeat(40),
      });
      return [...r.slice(0, 10), 'User signed in', null, rawText] as RowTuple;
    });
    expect(version(structured)).toBe(3);
  });
});

/** The same blob as a build before marks wrote it: count without MARKED, six streams. */
function withoutMarks(blob: Buffer): Buffer {
  const n = blob.readUInt32LE(0) - MARKED;
  const lengths = Array.from({ length: STREAMS + 1 }, (_, i) => blob.readUInt32LE(4 * (i + 1)));
  const head = Buffer.alloc(4 * (STREAMS + 1));
  head.writeUInt32LE(n, 0);
  for (let i = 0; i < STREAMS; i++) head.writeUInt32LE(lengths[i]!, 4 * (i + 1));
  const body = blob.subarray(4 * (STREAMS + 2), blob.length - lengths[STREAMS]!);
  return Buffer.concat([head, body]);
}
