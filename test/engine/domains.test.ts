import { afterEach, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../shared/api.ts';
import { DOMAIN_FACTORIES, mergeHandlers } from '../../main/engine/domains.ts';
import type { Domain } from '../../main/engine/context.ts';
import { createTestEngine } from '../helpers/test-engine.ts';
import type { TestEngine } from '../helpers/test-engine.ts';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const info = (version: string): Domain => ({
  handlers: { 'app.info': () => ({ mode: 'headless', version, ingestUrl: '', lanIngestUrls: [], dataDir: '', secretStorageWarning: null }) },
});

describe('engine domains', () => {
  it('refuse an API method claimed by two domains, naming the method and both domains', () => {
    expect(() => mergeHandlers({ first: info('1'), second: info('2') })).toThrow('API method app.info is handled by two engine domains: first and second');
  });

  it('merge distinct methods into one table that calls each domain', async () => {
    const merged = mergeHandlers({ app: info('7'), none: { handlers: {} } });
    expect(Object.keys(merged)).toEqual(['app.info']);
    expect(await merged['app.info']?.({}, {})).toMatchObject({ version: '7' });
  });

  it('every registered domain is reachable by name on the engine, no method has two handlers, and every handled method is in the contract', async () => {
    t = createTestEngine({ searchWorkers: 0 });
    expect(Object.keys(t.engine.domains)).toEqual(Object.keys(DOMAIN_FACTORIES));
    const handled = Object.values(t.engine.domains).flatMap((d: Domain) => Object.keys(d.handlers));
    expect(new Set(handled).size).toBe(handled.length);
    expect(handled.filter((m) => !Object.hasOwn(API_ROUTES, m))).toEqual([]);
    expect((await t.engine.api.call('app.info', {})).success).toBe(true);
  });
});
