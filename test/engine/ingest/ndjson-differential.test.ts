import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exceedsDepth, parseNdjson } from '../../../main/engine/ingest/ndjson.ts';
import type { ParsedBody } from '../../../main/engine/ingest/ndjson.ts';
import { INGEST_LIMITS } from '../../../shared/limits.ts';

/** The oracle: decode the whole body, split on '\n', check every line the plain way. */
function oracle(body: Buffer): ParsedBody {
  const out: ParsedBody = { lines: [], errors: [], total: 0 };
  body
    .toString('utf8')
    .split('\n')
    .forEach((l, i) => {
      const raw = l.endsWith('\r') ? l.slice(0, -1) : l;
      if (raw.trim() === '') return;
      out.total++;
      const line = i + 1;
      const bytes = Buffer.byteLength(raw);
      if (bytes > INGEST_LIMITS.maxRawBytes) {
        out.errors.push({ line, code: 'raw_too_large', message: `event is ${bytes} bytes; the limit is ${INGEST_LIMITS.maxRawBytes} bytes (100 KB)` });
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        out.errors.push({ line, code: 'invalid_json', message: `invalid JSON: ${(err as Error).message}` });
        return;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
        out.errors.push({ line, code: 'not_an_object', message: `line is ${what}; each line must be one JSON object` });
      } else if (depth(value) > INGEST_LIMITS.maxDepth) {
        out.errors.push({ line, code: 'too_deep', message: `nesting is deeper than ${INGEST_LIMITS.maxDepth} levels` });
      } else out.lines.push({ line, text: raw, value: value as Record<string, unknown> });
    });
  return out;
}

/** Full nesting depth of a JSON value (objects and arrays count, the top level is 1). */
function depth(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const kids = Array.isArray(v) ? v : Object.values(v);
  return 1 + kids.reduce<number>((m, k) => Math.max(m, depth(k)), 0);
}

const nested = (d: number) => '{"a":'.repeat(d) + '1' + '}'.repeat(d);
const line = fc.oneof(
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify({ v, msg: 'ünïcødé ✓ 😀' })),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '  ', '\t', '{', '{"a":1}', '  {"b":2}  ', '\uFEFF{"bom":1}', 'null', '[1]', '"s"', nested(64), nested(65), '{"x":[[[[1]]]]}'),
  fc.integer({ min: 1, max: 3 }).map((k) => JSON.stringify({ big: 'é'.repeat(k * 20_000) })),
);
const body = fc.oneof(
  fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 25 }).map((ls) => Buffer.from(ls.map(([l, sep]) => l + sep).join(''))),
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
  fc
    .array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constant(new Uint8Array([10])), fc.constant(new Uint8Array([0xe2, 0x82]))), { maxLength: 20 })
    .map((parts) => Buffer.concat(parts.map((p) => Buffer.from(p)))),
);

describe('parseNdjson (per-line decoding) against a whole-body oracle', () => {
  it('gives the same lines, texts, values, errors and totals on random bodies, invalid UTF-8 included', () => {
    fc.assert(
      fc.property(body, (b) => {
        expect(parseNdjson(b)).toEqual(oracle(b));
      }),
      { numRuns: 2000 },
    );
  }, 120_000); // ~10 s of CPU: past the default 30 s when the suite shares a loaded machine

  it('counts bytes, not characters, against the raw size limit (multi-byte text and invalid bytes)', () => {
    const limit = INGEST_LIMITS.maxRawBytes;
    const fits = JSON.stringify({ m: 'é'.repeat((limit - 12) / 2 - 1) });
    const over = JSON.stringify({ m: 'é'.repeat(limit / 2) });
    const replaced = Buffer.concat([Buffer.from('{"m":"'), Buffer.alloc(limit / 2, 0xff), Buffer.from('"}')]);
    for (const b of [Buffer.from(fits), Buffer.from(over), replaced]) expect(parseNdjson(b)).toEqual(oracle(b));
    expect(parseNdjson(Buffer.from(fits)).lines).toHaveLength(1);
    expect(parseNdjson(replaced).errors[0]?.code).toBe('raw_too_large');
  });

  it('exceedsDepth agrees with the full depth of random values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 6 }), (v, limit) => {
        expect(exceedsDepth(v, limit)).toBe(depth(v) > limit);
      }),
      { numRuns: 1000 },
    );
  });
});
