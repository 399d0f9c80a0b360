/** Shared seeding for the dashboard specs: two platforms, one source on each, known events. */
import type { Page } from '@playwright/test';
import { expect, sourceWithKey } from './fixtures.ts';
import type { WatchpostFixtures } from './fixtures.ts';
import type { Platform } from '../../shared/types.ts';
import { ingest, MIN } from './log-viewer-helpers.ts';

export interface Seeded {
  prodPlatform: string;
  stagingPlatform: string;
  prodSource: string;
  stagingSource: string;
}

/** `n` events of one shape, a minute apart ending `startMin` minutes ago. */
function events(n: number, startMin: number, shape: Record<string, unknown>): Record<string, unknown>[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({ timestamp: new Date(now - (startMin + i) * MIN).toISOString(), ...shape }));
}

/**
 * Production: 12 events on 2 hosts (5 failed sign-ins for root and admin); Staging: 5 events on one
 * host (2 failed sign-ins for guest). All within the last hour.
 */
export async function seedPlatforms(api: WatchpostFixtures['api'], ingestUrl: string): Promise<Seeded> {
  const prod = await api<Platform>('POST', '/v1/config/platforms', { name: 'Production' });
  const staging = await api<Platform>('POST', '/v1/config/platforms', { name: 'Staging' });
  const p = await sourceWithKey(api, { name: 'Prod Auth', rateLimit: 100_000, platformId: prod.body.data.id });
  const s = await sourceWithKey(api, { name: 'Staging Web', rateLimit: 100_000, platformId: staging.body.data.id });
  await ingest(ingestUrl, p.key, [
    ...events(4, 1, { severity: 'info', category: 'app', host: 'prod-web-01', action: 'request', outcome: 'success', message: 'GET /' }),
    ...events(3, 6, {
      severity: 'warn',
      category: 'auth',
      host: 'prod-auth-01',
      user: 'root',
      action: 'login',
      outcome: 'failure',
      message: 'Failed password',
    }),
    ...events(2, 10, {
      severity: 'warn',
      category: 'auth',
      host: 'prod-auth-01',
      user: 'admin',
      action: 'login',
      outcome: 'failure',
      message: 'Failed password',
    }),
    ...events(3, 13, { severity: 'error', category: 'app', host: 'prod-web-01', action: 'request', outcome: 'failure', message: 'POST /api 500' }),
  ]);
  await ingest(ingestUrl, s.key, [
    ...events(3, 2, { severity: 'info', category: 'app', host: 'stg-web-01', action: 'request', outcome: 'success', message: 'GET /health' }),
    ...events(2, 7, {
      severity: 'notice',
      category: 'auth',
      host: 'stg-web-01',
      user: 'guest',
      action: 'login',
      outcome: 'failure',
      message: 'Failed password',
    }),
  ]);
  return { prodPlatform: prod.body.data.id, stagingPlatform: staging.body.data.id, prodSource: p.id, stagingSource: s.id };
}

/** A panel on the dashboard by its title. */
export function panel(page: Page, title: string) {
  return page.getByTestId('db-panel').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

/** Open the dashboards screen from the nav and wait for the Overview's panels to have data. */
export async function openOverview(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards', exact: true }).click();
  await expect(page.getByTestId('db-title')).toHaveText('Overview');
  await expect(page.getByTestId('db-panel-loading')).toHaveCount(0);
}

/** The number a number panel shows. */
export async function panelNumber(page: Page, title: string): Promise<number> {
  const text = await panel(page, title).getByTestId('db-number-value').innerText();
  return Number(text.replace(/,/g, ''));
}
