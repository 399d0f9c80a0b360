/** Platform names are unique ignoring case (issue 10 item 8): a duplicate is refused with CONFLICT naming the field. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../helpers/test-engine.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';

let t: TestEngine;
afterEach(async () => t?.close());

describe('platform names', () => {
  it('refuses a duplicate name on create and rename, also when only the case differs; nothing is changed', async () => {
    t = createTestEngine();
    const prod = await t.call('platforms.create', { name: 'Production' });
    const stage = await t.call('platforms.create', { name: 'Staging' });
    for (const name of ['Production', 'production', '  PRODUCTION ']) {
      const res = await t.engine.api.call('platforms.create', { name });
      expect(res.success).toBe(false);
      if (!res.success) {
        expect(res.error.code).toBe('CONFLICT');
        expect(res.error.message).toMatch(/^name ".*" is already used by platform "Production"/);
        expect(res.error.details).toMatchObject({ field: 'name', platformId: prod.id });
      }
    }
    const rename = await t.engine.api.call('platforms.update', { id: stage.id, name: 'PRODUCTION' });
    expect(rename.success ? 'accepted' : rename.error.code).toBe('CONFLICT');
    expect((await t.call('platforms.list', {})).items.map((p) => p.name).sort()).toEqual(['Production', 'Staging']);
    // Renaming a platform to its own name in another case is fine.
    expect((await t.call('platforms.update', { id: prod.id, name: 'PRODUCTION' })).name).toBe('PRODUCTION');
  });
});
