import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deserialize, serialize } from 'node:v8';
import { fromWire, packRows, toWire, unpackRows } from '../../../main/engine/store/event-store/write-protocol.ts';
import type { NewEventRow, WriteBatch } from '../../../main/engine/store/event-store/write.ts';

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }), // astral characters
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) }), // unpaired surrogates
  fc.constantFrom('', 'ünïcødé ✓ 😀', '\u0000\n\r\t"\\', 'a'.repeat(13)),
);
const nullable = fc.option(text, { nil: null });
const row: fc.Arbitrary<NewEventRow> = fc.tuple(
  fc.oneof(fc.integer({ min: 0, max: 8_640_000_000_000_000 }), fc.constantFrom(0, 1, Date.now())),
  fc.integer({ min: 0, max: 7 }),
  fc.integer({ min: 0, max: 20 }),
  fc.integer({ min: 0, max: 3 }),
  nullable,
  nullable,
  nullable,
  nullable,
  nullable,
  fc.oneof(
    { arbitrary: text, weight: 40 },
    { arbitrary: fc.integer({ min: 1, max: 3 }).map((k) => JSON.stringify({ huge: 'é😀x'.repeat(k * 20_000) })), weight: 1 },
  ),
);
const batch: fc.Arbitrary<WriteBatch> = fc.record({
  sourceSeq: fc.integer({ min: 1, max: 1000 }),
  receivedAt: fc.integer({ min: 0, max: 2 ** 45 }),
  rejected: fc.nat(500),
  touch: fc.boolean(),
  rows: fc.array(row, { maxLength: 30 }),
});

describe('writer thread wire format (packed rows)', () => {
  it('round-trips every field of every row: numbers, nulls, empty, unicode, unpaired surrogates, huge raw', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        expect(unpackRows(packRows(rows))).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it('survives the structured clone the thread boundary applies, batches and steps included', () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 4 }), (batches) => {
        const withSteps = batches.map((b, i) => (i % 2 ? { ...b, steps: [{ sql: 'UPDATE t SET x = ?', params: [i, 'é', null] }] } : b));
        const wire = toWire(withSteps);
        expect(wire.transfer).toHaveLength(2 * batches.length);
        expect(fromWire(deserialize(serialize(wire.batches)))).toEqual(withSteps);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a pack whose lengths do not match its text or row count, naming what is wrong', () => {
    const p = packRows([[1, 1, 1, 1, 'h', null, null, 'm', null, '{}']]);
    expect(() => unpackRows({ ...p, text: p.text + 'x' })).toThrow(/lengths cover 4 of 5 characters/);
    expect(() => unpackRows({ ...p, count: 2 })).toThrow(/2 rows but 4 numbers and 6 lengths/);
  });
});
