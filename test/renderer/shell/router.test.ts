import { describe, expect, it } from 'vitest';
import { matchRoute, pathFromHash } from '../../../renderer/src/router.ts';

const routes = [{ path: 'logs' }, { path: 'health' }, { path: 'settings/sources' }, { path: 'settings/sources-archive' }, { path: 'settings' }];

describe('hash router', () => {
  it('normalises hashes', () => {
    expect(pathFromHash('#/settings/sources/')).toBe('settings/sources');
    expect(pathFromHash('#logs')).toBe('logs');
    expect(pathFromHash('')).toBe('');
    expect(pathFromHash('#//health//')).toBe('health');
    expect(pathFromHash('#/logs?q=source%3Aweb&from=15m')).toBe('logs');
    expect(pathFromHash('#/logs/?q=a')).toBe('logs');
  });
  it('matches the longest route on a / boundary and hands over the rest', () => {
    expect(matchRoute(routes, 'settings/sources/ls_1/edit')).toEqual({ route: { path: 'settings/sources' }, rest: 'ls_1/edit' });
    expect(matchRoute(routes, 'settings/sources')).toEqual({ route: { path: 'settings/sources' }, rest: '' });
    expect(matchRoute(routes, 'settings/sources-archive')?.route.path).toBe('settings/sources-archive');
    expect(matchRoute(routes, 'settings/platforms')).toEqual({ route: { path: 'settings' }, rest: 'platforms' });
    expect(matchRoute(routes, 'healthz')).toBeNull();
    expect(matchRoute(routes, '')).toBeNull();
  });
});
