import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INGEST_LIMITS } from '../../shared/limits.ts';
import type { EventPage } from '../../shared/types.ts';
import { tooManyEventsMessage } from '../../main/engine/ingest/batch-advice.ts';
import { useServerWithSource } from '../helpers/http.ts';

const DOC = readFileSync(new URL('../../docs/ingest-hardening.md', import.meta.url), 'utf8');
const section = DOC.slice(DOC.indexOf('## Shipper batches'));

/** Every number the documented snippets set for one batch setting. */
function documented(re: RegExp): number[] {
  return [...section.matchAll(re)].map((m) => Number(m[1]));
}

const ctx = useServerWithSource();

/** What syslog-ng (format-json + delimiter), rsyslog (jsonf + newline batches), Vector and Fluent Bit (json_lines) put on the wire: one JSON object per line. */
function shipperBody(n: number, tag: string): string {
  return (
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ timestamp: '2026-11-29T10:00:00.000681Z', host: 'web-1', severity: i % 2 ? 'err' : 'warning', action: 'nginx', message: `${tag}-${i}` }),
    ).join('\n') + '\n'
  );
}

describe('shipper batches: the documented snippets stay inside the limits, and the 400 says which setting to change', () => {
  it('every batch size and byte cap in the snippets is within 500 events / 1 MB', () => {
    const lines = [...documented(/batch-lines\((\d+)\)/g), ...documented(/batch\.maxsize="(\d+)"/g), ...documented(/batch\.max_events = (\d+)/g)];
    const bytes = [...documented(/batch-bytes\((\d+)\)/g), ...documented(/batch\.maxbytes="(\d+)"/g), ...documented(/batch\.max_bytes = (\d+)/g)];
    expect(lines.length).toBeGreaterThanOrEqual(3 + 3); // three snippets + the three settings in the quoted 400 message
    expect(bytes.length).toBeGreaterThanOrEqual(3 + 3);
    for (const n of lines) expect(n).toBeLessThanOrEqual(INGEST_LIMITS.maxEventsPerRequest);
    for (const n of bytes) expect(n).toBeLessThanOrEqual(INGEST_LIMITS.maxBodyBytes);
    expect(section).toMatch(/Flush 1/);
  });

  it('the 400 text quoted in the docs is the one the server sends', () => {
    const quoted = /```\n(the body holds 600 events[\s\S]*?)\n```/.exec(section)![1]!.replace(/\s+/g, ' ');
    expect(quoted).toBe(tooManyEventsMessage(600));
  });

  it('a batch of exactly the documented size is accepted; 600 lines (syslog-ng batch-lines(600)) get 400 naming each setting, nothing stored', async () => {
    const ok = await ctx.srv.ingest(ctx.key, shipperBody(500, 'batch-ok'));
    expect(ok.status).toBe(200);
    expect(ok.json.accepted).toBe(500);

    const over = await ctx.srv.ingest(ctx.key, shipperBody(600, 'batch-over'));
    expect(over.status).toBe(400);
    expect(over.json.accepted).toBe(0);
    expect(over.json.errors[0]).toMatchObject({ line: 0, code: 'too_many_events' });
    for (const setting of ['batch-lines(500)', 'batch.maxsize="500"', 'batch.max_events = 500', 'Flush 1']) expect(over.json.error).toContain(setting);
    const stored = await ctx.srv.api<EventPage>('GET', `/v1/events?limit=10&from=3650d&q=${encodeURIComponent('batch-over')}`);
    expect(stored.json.data.events).toHaveLength(0);
  });

  it('the compatible protocols give the same advice (Splunk HEC over its own endpoint)', async () => {
    const body = Array.from({ length: 501 }, (_, i) => JSON.stringify({ event: `hec-over-${i}` })).join('\n');
    const url = new URL('/services/collector/event', ctx.srv.ingestUrl);
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Splunk ${ctx.key}` }, body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).toContain('batch-lines(500)');
  });
});
