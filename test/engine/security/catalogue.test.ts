import { afterEach, describe, expect, it } from 'vitest';
import { SECURITY_CATEGORY_MAP, SECURITY_SEVERITY_MAP } from '../../../shared/enums.ts';
import { SECURITY_EVENTS } from '../../../shared/security-events.ts';
import type { SecurityEventType } from '../../../shared/security-events.ts';
import type { SecurityEvent } from '../../../shared/types.ts';
import { createTestEngine } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe("Watchpost's own security events", () => {
  it('take category, severity and outcome from the catalogue, on the bus and in the stored event', async () => {
    t = createTestEngine({ searchWorkers: 0 });
    const seen: SecurityEvent[] = [];
    t.engine.bus.on('security', (e) => seen.push(e));
    const types = Object.keys(SECURITY_EVENTS) as SecurityEventType[];
    for (const type of types) t.engine.context.security.record({ type, resource: { type: 'test', id: type } });
    expect(seen.map((e) => [e.type, e.category, e.severity])).toEqual(
      types.map((type) => [type, SECURITY_EVENTS[type].category, SECURITY_EVENTS[type].severity]),
    );

    const page = await t.call('events.search', { q: 'tag:watchpost', limit: 1000 });
    for (const type of types) {
      const stored = page.events.find((e) => e.action === type);
      const spec = SECURITY_EVENTS[type];
      expect(stored, type).toMatchObject({
        outcome: spec.outcome,
        severity: SECURITY_SEVERITY_MAP[spec.severity],
        category: SECURITY_CATEGORY_MAP[spec.category],
        sourceName: 'Watchpost',
      });
    }
  });

  it('a failure is a failure because the catalogue says so, not because of its wording', () => {
    const failures = (Object.keys(SECURITY_EVENTS) as SecurityEventType[]).filter((k) => SECURITY_EVENTS[k].outcome === 'failure').sort();
    expect(failures).toEqual([
      'api.rate_limited',
      'endpoint.disabled',
      'ingest.auth_failed',
      'log_source.pull_failing',
      'siem.delivery_failed',
      'source.silent',
    ]);
  });
});
