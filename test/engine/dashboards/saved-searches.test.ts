import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiInput } from '../../../shared/api.ts';
import type { ApiErrorBody } from '../../../shared/errors.ts';
import { dashFixture } from './fixture.ts';
import type { DashFixture } from './fixture.ts';

let f: DashFixture;
beforeEach(async () => {
  f = await dashFixture();
});
afterEach(async () => {
  await f.close();
});

/** The error envelope of a call that must fail. */
async function refused(input: ApiInput<'savedSearches.create'>): Promise<ApiErrorBody> {
  const r = await f.t.engine.api.call('savedSearches.create', input);
  if (r.success) throw new Error('expected a refusal');
  return r.error;
}

describe('saved searches', () => {
  it('saves the Log Viewer query, relative range, custom columns and sort; lists by name; renames; deletes', async () => {
    const s = await f.t.call('savedSearches.create', {
      name: 'Failed logins',
      query: 'category:auth outcome:failure',
      from: '7d',
      columns: ['raw.src_ip', 'raw.user.agent'],
      sort: 'oldest',
    });
    expect(s).toMatchObject({
      name: 'Failed logins',
      query: 'category:auth outcome:failure',
      from: '7d',
      to: 'now',
      columns: ['raw.src_ip', 'raw.user.agent'],
      sort: 'oldest',
    });
    expect(s.id).toMatch(/^ss_/);
    await f.t.call('savedSearches.create', { name: 'all errors', query: 'severity:>=error' });
    expect((await f.t.call('savedSearches.list', {})).items.map((x) => x.name)).toEqual(['all errors', 'Failed logins']);

    const renamed = await f.t.call('savedSearches.update', { id: s.id, name: 'Failed sign-ins' });
    expect(renamed).toMatchObject({ name: 'Failed sign-ins', query: s.query, from: '7d', columns: s.columns, sort: 'oldest' });
    expect(await f.t.call('savedSearches.get', { id: s.id })).toEqual(renamed);

    expect(await f.t.call('savedSearches.delete', { id: s.id })).toEqual({ deleted: true });
    const gone = await f.t.engine.api.call('savedSearches.get', { id: s.id });
    expect(gone.success ? null : gone.error.code).toBe('NOT_FOUND');
  });

  it('keeps an absolute range as given, and defaults to the last 24 h, newest first, no columns', async () => {
    const abs = await f.t.call('savedSearches.create', { name: 'incident', from: '2026-11-22T08:00:00Z', to: '2026-11-22T09:30:00Z' });
    expect(abs).toMatchObject({ from: '2026-11-22T08:00:00Z', to: '2026-11-22T09:30:00Z' });
    expect(await f.t.call('savedSearches.create', { name: 'everything' })).toMatchObject({ query: '', from: '24h', to: 'now', columns: [], sort: 'newest' });
  });

  it('refuses a name used by another saved search, ignoring case, on create and on rename', async () => {
    const a = await f.t.call('savedSearches.create', { name: 'Errors' });
    const dup = await refused({ name: 'errors' });
    expect(dup).toMatchObject({ code: 'CONFLICT', details: { field: 'name', savedSearchId: a.id } });
    const b = await f.t.call('savedSearches.create', { name: 'Warnings' });
    const r = await f.t.engine.api.call('savedSearches.update', { id: b.id, name: 'ERRORS' });
    expect(r.success ? null : r.error.code).toBe('CONFLICT');
    // Renaming to itself in another case is fine.
    expect((await f.t.call('savedSearches.update', { id: a.id, name: 'errors' })).name).toBe('errors');
  });

  it('refuses bad input with VALIDATION_ERROR naming the field, and stores nothing', async () => {
    const cases: [ApiInput<'savedSearches.create'>, string, string][] = [
      [{ name: '' }, 'name', 'at least 1'],
      [{ name: 'q', query: 'host:(web' }, 'query', 'position'],
      [{ name: 'r', from: 'yesterday' }, 'from', "'yesterday'"],
      [{ name: 'r2', from: '1h', to: '2h' }, 'from', 'must be before'],
      [{ name: 'c', columns: ['host'] }, 'columns[0]', 'raw.<path>'],
      [{ name: 'c2', columns: ['raw.a', 'raw.a'] }, 'columns[1]', 'repeats'],
      [{ name: 's', sort: 'random' as 'newest' }, 'sort', 'newest, oldest'],
      [{ name: 'u', colour: 'red' } as ApiInput<'savedSearches.create'>, 'colour', 'unknown field'],
    ];
    for (const [input, field, words] of cases) {
      const e = await refused(input);
      expect(e.code).toBe('VALIDATION_ERROR');
      expect(e.message).toContain(field);
      expect(e.message).toContain(words);
    }
    expect((await f.t.call('savedSearches.list', {})).items).toEqual([]);
  });

  it('cannot be deleted while a dashboard panel uses it; the panel runs its query', async () => {
    const s = await f.t.call('savedSearches.create', { name: 'Auth', query: 'category:auth' });
    const d = await f.t.call('dashboards.create', {
      name: 'SOC',
      panels: [{ title: 'auth by user', kind: 'top', field: 'user', savedSearchId: s.id, query: 'outcome:failure' }],
    });
    const r = await f.t.engine.api.call('savedSearches.delete', { id: s.id });
    expect(r.success ? null : r.error).toMatchObject({ code: 'CONFLICT', details: { dashboards: ['SOC'] } });
    const data = await f.t.call('dashboards.data', { id: d.id });
    const top = data.panels[0]!.data;
    expect(top?.kind === 'top' ? top.drilldown.q : null).toBe('category:auth outcome:failure user:*');
  });
});
