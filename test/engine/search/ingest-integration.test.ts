import { afterAll, describe, expect, it } from 'vitest';
import { EngineBus } from '../../../main/engine/bus.ts';
import { ManualClock } from '../../../main/engine/clock.ts';
import type { SourceInfo } from '../../../main/engine/context.ts';
import { normalizeEvent } from '../../../main/engine/ingest/envelope.ts';
import { EventWriter } from '../../../main/engine/ingest/writer.ts';
import { summaryTrusted } from '../../../main/engine/search/scan.ts';
import { StatementCache } from '../../../main/engine/search/statements.ts';
import { HOUR, MIN, NOW, SearchFixture } from './fixture.ts';

/**
 * Search relies on what the ingest writer stores: the sender's line kept verbatim as raw, and
 * event_counts keyed by minute start in ms. This runs events through the real writer.
 */
describe('search over events stored by the ingest writer', () => {
  const f = new SearchFixture();
  afterAll(() => f.close());

  it('finds them by raw path, bare term, severity/source, and counts them in the histogram', () => {
    const seq = f.addSource('ls_sys', 'Syslog Relay');
    const source: SourceInfo = {
      seq,
      id: 'ls_sys',
      name: 'Syslog Relay',
      type: 'generic_json',
      active: true,
      rateLimit: 100,
      platformId: null,
      heartbeatMinutes: 0,
      createdAt: NOW,
      lastEventAt: null,
      builtIn: false,
    };
    const writer = new EventWriter(f.db, new EngineBus(), new ManualClock(NOW));
    const lines = [
      `{"timestamp": "${new Date(NOW - 2 * HOUR).toISOString()}", "severity": "WARN", "host": "relay-1", "msg": "caf\\u00e9 \\/tmp", "req": {"codes": [401, 403]}}`,
      `{"timestamp": "${new Date(NOW - 30 * MIN - 1234).toISOString()}", "severity": "error", "message": "disk full"}`,
    ];
    const events = lines.map((line) => normalizeEvent(JSON.parse(line) as Record<string, unknown>, line, NOW));
    const ids = writer.writeNow({ source, events, receivedAt: NOW, rejected: 0 }).map(String);
    // The writer's event_counts rows are in the unit search reads (minute start, ms).
    expect(summaryTrusted(new StatementCache(f.db))).toBe(true);

    expect(f.ids('raw.req.codes:=403')).toEqual([ids[0]]);
    expect(f.ids('café')).toEqual([ids[0]]);
    expect(f.ids('raw.msg:"/tmp"')).toEqual([ids[0]]);
    expect(f.ids('severity:>=warn source:relay')).toEqual([ids[1], ids[0]]);
    expect(f.ids('severity:warn source:ls_sys host:relay')).toEqual([ids[0]]);
    const h = f.search.histogram({ q: 'source:relay', from: '3h', buckets: 7 }, NOW);
    expect(h.buckets.map((b) => b.counts.warn + b.counts.error)).toEqual([0, 0, 1, 0, 0, 1, 0]);
    expect(f.search.fields({ q: 'source:relay' }, NOW).fields.map((x) => x.path)).toContain('raw.req.codes');
  });
});
