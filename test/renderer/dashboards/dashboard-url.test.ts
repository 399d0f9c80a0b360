import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dashboardPath, effectiveFilters, parseDashboardView } from '../../../renderer/src/features/dashboards/dashboard-url.ts';
import { exportFileName, importName } from '../../../renderer/src/features/dashboards/dashboard-files.tsx';
import { describeChange } from '../../../renderer/src/features/dashboards/panel-format.ts';
import type { DashboardFilters } from '../../../shared/types.ts';

const DEFAULTS: DashboardFilters = { platformId: 'plt_prod', sourceId: null, from: '24h', to: 'now' };

function roundTrip(id: string, f: DashboardFilters): DashboardFilters {
  const path = dashboardPath(id, f);
  const [rest, query] = path.slice('dashboards/'.length).split('?');
  const view = parseDashboardView(rest!, `#/dashboards/${rest}?${query}`);
  expect(view.id).toBe(id);
  return effectiveFilters(view, DEFAULTS);
}

describe('dashboard links', () => {
  it('carry platform, source and range through a link exactly (random filters)', () => {
    const idArb = fc.stringMatching(/^[a-z]{3}_[A-Za-z0-9]{1,12}$/);
    const rangeArb = fc.oneof(
      fc.constantFrom({ from: '15m', to: 'now' }, { from: '24h', to: 'now' }, { from: '7d', to: '1h' }),
      fc.tuple(fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 }), fc.integer({ min: 1000, max: 86_400_000 })).map(([a, span]) => ({
        from: new Date(a).toISOString(),
        to: new Date(a + span).toISOString(),
      })),
    );
    fc.assert(
      fc.property(fc.option(idArb, { nil: null }), fc.option(idArb, { nil: null }), rangeArb, (platformId, sourceId, range) => {
        const f = { platformId, sourceId, ...range };
        expect(roundTrip('db_1', f)).toEqual(f);
      }),
    );
  });

  it('falls back to the dashboard defaults for what the link leaves out, and "all" overrides a default platform', () => {
    expect(effectiveFilters(parseDashboardView('db_1', '#/dashboards/db_1'), DEFAULTS)).toEqual(DEFAULTS);
    expect(effectiveFilters(parseDashboardView('db_1', '#/dashboards/db_1?platform=all'), DEFAULTS).platformId).toBeNull();
    expect(effectiveFilters(parseDashboardView('db_1', '#/dashboards/db_1?source=ls_1&from=1h'), DEFAULTS)).toEqual({
      ...DEFAULTS,
      sourceId: 'ls_1',
      from: '1h',
    });
  });

  it('ignores unreadable parts: a bad id shows the Overview, a reversed or garbled range the default', () => {
    expect(parseDashboardView('../etc', '').id).toBe('overview');
    expect(parseDashboardView('', '').id).toBe('overview');
    const view = parseDashboardView('db_1', '#/dashboards/db_1?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z&platform=%3Cscript%3E');
    expect(view).toEqual({ id: 'db_1' });
    expect(parseDashboardView('db_1', '#/dashboards/db_1?from=yesterday')).toEqual({ id: 'db_1' });
  });
});

describe('dashboard files and wording', () => {
  it('names an export after the dashboard, safe for any file system', () => {
    expect(exportFileName('Web errors')).toBe('Web-errors.dashboard.json');
    expect(exportFileName('a/b\\c:*?')).toBe('a-b-c.dashboard.json');
    expect(exportFileName('///')).toBe('dashboard.dashboard.json');
  });

  it('imports next to a same-named dashboard as "Name (2)", "(3)" …, ignoring case', () => {
    expect(importName('Web errors', ['Overview'])).toBe('Web errors');
    expect(importName('Web errors', ['web ERRORS'])).toBe('Web errors (2)');
    expect(importName('Web errors', ['Web errors', 'Web errors (2)'])).toBe('Web errors (3)');
  });

  it('words the change against the previous period', () => {
    expect(describeChange(0, 0)).toBe('no change');
    expect(describeChange(12, 8.46)).toBe('+12 (+8.5 %)');
    expect(describeChange(-3, -50)).toBe('−3 (−50 %)');
    expect(describeChange(5, null)).toBe('+5 (none before)');
  });
});
