import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNdjson } from '../../../main/engine/ingest/ndjson.ts';
import { normalizeEvent } from '../../../main/engine/ingest/envelope.ts';
import { IngestService } from '../../../main/engine/ingest/service.ts';
import { createTestEngine } from '../../helpers/test-engine.ts';

describe('NDJSON path properties', () => {
  it('arbitrary bytes only ever produce 2xx or 400, and the store matches the response', async () => {
    const t = createTestEngine();
    const src = await t.call('sources.create', { name: 'fuzz', rateLimit: 100_000 });
    const { key } = await t.call('sources.generateKey', { id: src.id });
    const ingest: IngestService = t.engine.ingest;
    const count = () =>
      (t.engine.db.prepare('SELECT count(*) AS n FROM events WHERE source_seq = (SELECT seq FROM sources WHERE id = ?)').get(src.id) as { n: number }).n;
    const lineArb = fc.oneof(fc.json(), fc.string(), fc.constant('{"a":1}'), fc.constant(''), fc.constant('{'));
    const bodyArb = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
      fc.array(lineArb, { maxLength: 30 }).map((ls) => Buffer.from(ls.join(fc.sample(fc.constantFrom('\n', '\r\n'), 1)[0]))),
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const before = count();
        const r = await ingest.handle({ key, contentType: 'application/x-ndjson', contentEncoding: undefined, body });
        expect([200, 207, 400]).toContain(r.status);
        expect(count() - before).toBe(r.status === 400 ? 0 : r.body.accepted);
      }),
      { numRuns: 300 },
    );
    await t.close();
  });

  it('accepted objects round-trip into raw unchanged (without a raw key)', () => {
    const objArb = fc.dictionary(
      fc.string().filter((k) => k !== 'raw'),
      fc.jsonValue({ maxDepth: 5 }),
      { maxKeys: 8 },
    );
    fc.assert(
      fc.property(objArb, (obj) => {
        const text = JSON.stringify(obj);
        const parsed = parseNdjson(text);
        expect(parsed.errors).toEqual([]);
        const ev = normalizeEvent(parsed.lines[0]!.value, parsed.lines[0]!.text, 1);
        expect(JSON.parse(ev.rawText)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });
});
