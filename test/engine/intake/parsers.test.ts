import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitConcatenatedObjects } from '../../../main/engine/intake/json-stream.ts';
import { renderTemplate } from '../../../main/engine/intake/message-template.ts';
import { parseLabelString } from '../../../main/engine/intake/loki.ts';
import { parseBulk, elasticKey } from '../../../main/engine/intake/elastic.ts';
import { parseHecEvents, parseHecRaw } from '../../../main/engine/intake/hec.ts';
import { otlpSeverity, mapOtlpRequest } from '../../../main/engine/intake/otlp.ts';
import { attributes } from '../../../main/engine/intake/any-value.ts';
import { parseClef, parseSeqJson } from '../../../main/engine/intake/seq.ts';
import { mapGelf } from '../../../main/engine/intake/gelf.ts';
import { MalformedBody, pathValue, toStoredEvent } from '../../../main/engine/intake/record.ts';
import type { WireRequest } from '../../../main/engine/intake/pipeline.ts';

describe('concatenated JSON splitting (HEC bodies)', () => {
  it('equals a brute-force split on random objects and whitespace (differential)', () => {
    const obj = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
    const ws = fc.constantFrom('', ' ', '\n', '\r\n', '\t ');
    fc.assert(
      fc.property(fc.array(fc.tuple(obj, ws), { maxLength: 8 }), (items) => {
        const text = items.map(([o, w]) => JSON.stringify(o) + w).join('');
        // oracle: every object's own JSON text, in order
        expect(splitConcatenatedObjects(text).map((s) => JSON.parse(s))).toEqual(items.map(([o]) => JSON.parse(JSON.stringify(o))));
      }),
      { numRuns: 300 },
    );
  });

  it('names the offset of anything that is not an object, and an object left open', () => {
    expect(() => splitConcatenatedObjects('{"a":1} x')).toThrow(/offset 8/);
    expect(() => splitConcatenatedObjects('{"a":"}"')).toThrow(/not closed/);
  });
});

describe('HEC mapping', () => {
  it('maps string and object events, epoch-second time (number or string), host, and keeps the record as raw', () => {
    const recs = parseHecEvents(
      '{"time":"1700000000.25","host":"web1","sourcetype":"s","event":"plain"}{"time":1700000001,"event":{"message":"m","severity":"warning"},"fields":{"a":1}}',
    );
    expect(recs[0]!.envelope).toEqual({ timestamp: 1700000000250, host: 'web1', message: 'plain' });
    expect(recs[1]!.envelope).toMatchObject({ timestamp: 1700000001000, message: 'm', severity: 'warning' });
    expect(recs[1]!.raw.fields).toEqual({ a: 1 });
  });

  it('refuses a missing or blank event with HEC codes', () => {
    expect(() => parseHecEvents('{"event":"ok"}{"time":1}')).toThrow(expect.objectContaining({ detail: 'event_required' }));
    expect(() => parseHecEvents('{"event":""}')).toThrow(expect.objectContaining({ detail: 'event_blank' }));
  });

  it('raw endpoint: one event per line with query metadata', () => {
    const recs = parseHecRaw('a\r\n\nb\n', { host: 'h', sourcetype: 'st' });
    expect(recs.map((r) => r.raw)).toEqual([
      { host: 'h', sourcetype: 'st', event: 'a' },
      { host: 'h', sourcetype: 'st', event: 'b' },
    ]);
  });
});

describe('Elasticsearch bulk parsing', () => {
  it('pairs action and source lines, refuses update/delete and bad documents per item, splices _index into raw text', () => {
    const body = [
      '{"index":{"_index":"logs","_id":"1"}}',
      '{"@timestamp":"2024-01-02T03:04:05Z","message":"hi","log":{"level":"error"},"host":{"name":"h"}}',
      '{"delete":{"_index":"logs","_id":"2"}}',
      '{"create":{}}',
      '{not json',
      '{"update":{"_id":"3"}}',
      '{"doc":{}}',
      '{"create":{}}',
      '{"message":"m2","user.name":"bob","event":{"outcome":"failure","category":["authentication"]}}',
    ].join('\n');
    const p = parseBulk(`${body}\n`, 'pathidx');
    expect(p.items.map((i) => [i.action, i.index, !!i.error])).toEqual([
      ['index', 'logs', false],
      ['delete', 'logs', true],
      ['create', 'pathidx', true],
      ['update', 'pathidx', true],
      ['create', 'pathidx', false],
    ]);
    expect(p.records).toHaveLength(2);
    expect(p.refused!.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(JSON.parse(p.records[0]!.rawText!)).toEqual(p.records[0]!.raw);
    expect(p.records[0]!.envelope).toMatchObject({ message: 'hi', severity: 'error', host: 'h' });
    expect(p.records[1]!.envelope).toMatchObject({ user: 'bob', outcome: 'failure', category: 'auth' });
  });

  it('a malformed action line refuses the whole body', () => {
    expect(() => parseBulk('{"index":{"_index":"a"}}\n{}\n{"bogus":{}}\n{}\n', undefined)).toThrow(MalformedBody);
    expect(() => parseBulk('{"index":{}}\n{}\n', undefined)).toThrow(/index is missing/);
  });

  it('reads the key from ApiKey (plain or base64 id:key) and Basic', () => {
    const req = (auth: string): WireRequest => ({ headers: { authorization: auth }, query: {}, params: {}, body: Buffer.alloc(0), path: '/_bulk' });
    expect(elasticKey(req('ApiKey wpk_abc'))).toBe('wpk_abc');
    expect(elasticKey(req(`ApiKey ${Buffer.from('id1:wpk_abc').toString('base64')}`))).toBe('wpk_abc');
    expect(elasticKey(req(`Basic ${Buffer.from('elastic:wpk_abc').toString('base64')}`))).toBe('wpk_abc');
  });
});

describe('Loki labels, OTLP and Seq mapping', () => {
  it('parses Prometheus label strings with escapes', () => {
    expect(parseLabelString('{job="api", level="warn",msg="a \\"q\\" \\\\ b"}')).toEqual({ job: 'api', level: 'warn', msg: 'a "q" \\ b' });
    expect(() => parseLabelString('{job=api}')).toThrow(/quoted value/);
  });

  it('maps OTLP severity numbers in bands of four', () => {
    expect([1, 5, 9, 12, 13, 17, 21, 24, 0, 25].map(otlpSeverity)).toEqual([
      'debug',
      'debug',
      'info',
      'info',
      'warn',
      'error',
      'critical',
      'critical',
      undefined,
      undefined,
    ]);
  });

  it('nests dotted attribute keys, keeps clashing ones dotted, and never touches a prototype', () => {
    const a = attributes([
      { key: 'service.name', value: { stringValue: 'api' } },
      { key: 'service.name.x', value: { intValue: '7' } },
      { key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { boolValue: true } }] } } },
    ]);
    expect((a.service as Record<string, unknown>).name).toBe('api');
    expect(a['service.name.x']).toBe(7);
    expect(Object.hasOwn(a, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('maps an OTLP record: body, severity, host, hex ids, resource and scope', () => {
    const [r] = mapOtlpRequest({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'host.name', value: { stringValue: 'node-1' } }] },
          scopeLogs: [
            {
              scope: { name: 'lib', version: '1' },
              logRecords: [
                {
                  timeUnixNano: '1700000000123456789',
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { stringValue: 'boom' },
                  traceId: 'AB01',
                  attributes: [],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(r!.envelope).toEqual({ message: 'boom', timestamp: 1700000000123, severity: 'error', host: 'node-1' });
    expect(r!.raw).toMatchObject({ traceId: 'ab01', resource: { host: { name: 'node-1' } }, scope: { name: 'lib', version: '1' } });
  });

  it('renders message templates like Seq', () => {
    expect(renderTemplate('User {User} took {Elapsed:0.00} ms {{x}} {@Obj} {Missing}', { User: 'alice', Elapsed: 12.5, Obj: { a: 1 } })).toBe(
      'User alice took 12.5 ms {x} {"a":1} {Missing}',
    );
  });

  it('maps CLEF and Seq JSON events', () => {
    const [c] = parseClef('{"@t":"2024-05-01T10:00:00.000Z","@mt":"Hello {Name}","@l":"Warning","Name":"bob","MachineName":"pc1"}\n');
    expect(c!.envelope).toEqual({ timestamp: '2024-05-01T10:00:00.000Z', severity: 'warn', message: 'Hello bob', host: 'pc1' });
    const [j] = parseSeqJson('{"Events":[{"Timestamp":"2024-05-01T10:00:00Z","Level":"Fatal","MessageTemplate":"x {A}","Properties":{"A":1}}]}');
    expect(j!.envelope).toMatchObject({ severity: 'critical', message: 'x 1' });
    expect(parseClef('{"@m":"no level"}')[0]!.envelope.severity).toBe('info');
  });

  it('maps GELF levels and fields', () => {
    expect(mapGelf({ version: '1.1', host: 'h', short_message: 's', level: 3, timestamp: 1700000000.5, _user: 'u' }).envelope).toEqual({
      message: 's',
      host: 'h',
      timestamp: 1700000000500,
      severity: 'error',
      user: 'u',
    });
    expect(() => mapGelf({ host: 'h' })).toThrow(/short_message/);
  });
});

describe('records', () => {
  it('reads nested and dotted paths', () => {
    expect(pathValue({ 'log.level': 'a' }, 'log.level')).toBe('a');
    expect(pathValue({ log: { level: 'b' } }, 'log.level')).toBe('b');
    expect(pathValue({ host: { 'os.name': 'c' } }, 'host.os.name')).toBe('c');
  });

  it('refuses a raw over 100 KB and keeps the original raw beside a truncated message', () => {
    expect(toStoredEvent({ envelope: {}, raw: { x: 'a'.repeat(110_000) } }, 1)).toMatch(/100 KB/);
    const ev = toStoredEvent({ envelope: { message: 'm'.repeat(3000) }, raw: { long: 'm'.repeat(3000) } }, 1);
    expect(typeof ev).toBe('object');
    if (typeof ev === 'object') {
      expect(ev.message).toHaveLength(2000);
      expect(ev.raw.long).toHaveLength(3000);
    }
  });
});
