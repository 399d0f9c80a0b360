/**
 * Source Health: status badges, last event, 1 h / 24 h counts, rejected and rate-limited counts,
 * the 24 h sparkline, live updates as events arrive, platform filter and grouping. A source going
 * silent once its heartbeat passes is tested on the engine with a fake clock
 * (test/engine/sources/heartbeat.test.ts), so this suite does not wait out a real minute.
 */
import type { Page } from '@playwright/test';
import type { IngestBody } from '../../main/engine/ingest/refusal.ts';
import { test, expect, navLink, snap } from './fixtures.ts';
import type { GeneratedKey, LogSource, Platform } from '../../shared/types.ts';

async function ingest(ingestUrl: string, key: string, lines: string[]): Promise<{ status: number; body: IngestBody }> {
  const res = await fetch(ingestUrl, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'x-df-source-key': key }, body: lines.join('\n') });
  return { status: res.status, body: (await res.json()) as IngestBody };
}

function event(i: number): string {
  return JSON.stringify({ severity: 'info', message: `health probe ${i}`, host: 'fw-01', action: 'allow' });
}

function row(page: Page, id: string) {
  return page.locator(`[data-testid="health-row"][data-source-id="${id}"]`);
}

test('statuses, counts, sparkline, live updates, filter and group by platform', async ({ page, api, ingestUrl }) => {
  const platform = (await api<Platform>('POST', '/v1/config/platforms', { name: 'Production', description: 'Prod edge' })).body.data;
  const create = async (body: Record<string, unknown>) => (await api<LogSource>('POST', '/v1/config/log-sources', body)).body.data;
  const keyFor = async (id: string) => (await api<GeneratedKey>('POST', `/v1/config/log-sources/${id}/key`)).body.data.key;

  const firewall = await create({ name: 'Edge Firewall', platformId: platform.id, heartbeatMinutes: 0 });
  const portal = await create({ name: 'Customer Portal', platformId: platform.id, heartbeatMinutes: 30 });
  const batch = await create({ name: 'Batch Job', active: false });
  const auth = await create({ name: 'Authentication Service', rateLimit: 1 });
  const firewallKey = await keyFor(firewall.id);
  const authKey = await keyFor(auth.id);

  // 5 accepted + 1 rejected line (not a JSON object) → 207.
  const partial = await ingest(ingestUrl, firewallKey, [event(1), event(2), 'not json', event(3), event(4), event(5)]);
  expect(partial.status).toBe(207);
  expect(partial.body).toMatchObject({ accepted: 5, rejected: 1 });
  // Rate Limit 1/s: a full batch of 500 drains the bucket, so the next request is refused with 429.
  expect(
    (
      await ingest(
        ingestUrl,
        authKey,
        Array.from({ length: 500 }, (_, i) => event(i)),
      )
    ).status,
  ).toBe(200);
  const over = await ingest(ingestUrl, authKey, [event(1), event(2), event(3)]);
  expect(over.status).toBe(429);

  await navLink(page, 'Source Health').click();
  await expect(page.getByRole('heading', { name: 'Source Health', level: 1 })).toBeVisible();

  await expect(row(page, firewall.id)).toHaveAttribute('data-status', 'healthy');
  await expect(row(page, firewall.id).getByTestId('health-badge')).toHaveText('Healthy');
  await expect(row(page, firewall.id).getByTestId('events-1h')).toHaveText('5');
  await expect(row(page, firewall.id).getByTestId('events-24h')).toHaveText('5');
  await expect(row(page, firewall.id).getByTestId('rejected-24h')).toHaveText('1');
  await expect(row(page, firewall.id).getByTestId('last-event')).toHaveText(/just now|s ago/);
  const spark = row(page, firewall.id).getByTestId('sparkline');
  await expect(spark).toHaveAttribute('data-values', `${'0,'.repeat(23)}5`);
  await expect(spark.locator('rect')).toHaveCount(24);

  await expect(row(page, portal.id).getByTestId('health-badge')).toHaveText('Awaiting');
  await expect(row(page, portal.id).getByTestId('last-event')).toHaveText('Never');
  await expect(row(page, batch.id).getByTestId('health-badge')).toHaveText('Inactive');
  await expect(row(page, auth.id).getByTestId('events-1h')).toHaveText('500');
  await expect(row(page, auth.id).getByTestId('rate-limited-24h')).not.toHaveText('0');
  await expect(row(page, firewall.id)).toContainText('Production');
  await expect(page.getByTestId('status-chip-inactive')).toContainText('1');
  await snap(page, 'source-health');

  // Live: new events show up without a reload.
  expect((await ingest(ingestUrl, firewallKey, [event(6), event(7)])).status).toBe(200);
  await expect(row(page, firewall.id).getByTestId('events-1h')).toHaveText('7');
  await expect(row(page, firewall.id).getByTestId('sparkline')).toHaveAttribute('data-values', /,7$/);
  // …and a source's first event moves it from awaiting to healthy.
  const portalKey = await keyFor(portal.id);
  expect((await ingest(ingestUrl, portalKey, [event(1)])).status).toBe(200);
  await expect(row(page, portal.id).getByTestId('health-badge')).toHaveText('Healthy');

  // Filter by platform.
  await page.getByLabel('Platform', { exact: true }).selectOption({ label: 'Production' });
  await expect(page.getByTestId('health-row')).toHaveCount(2);
  await expect(row(page, batch.id)).toHaveCount(0);
  await snap(page, 'source-health-filtered');
  await page.getByLabel('Platform', { exact: true }).selectOption({ label: 'No platform' });
  await expect(row(page, batch.id)).toBeVisible();
  await expect(row(page, firewall.id)).toHaveCount(0);

  // Group by platform: Production first, "No platform" last.
  await page.getByLabel('Platform', { exact: true }).selectOption({ label: 'All platforms' });
  await page.getByLabel('Group by platform').check();
  const groups = page.getByTestId('health-group');
  await expect(groups).toHaveCount(2);
  await expect(groups.nth(0)).toHaveAttribute('data-group', platform.id);
  await expect(groups.nth(0).locator('.group-row')).toContainText('Production');
  await expect(groups.nth(0).getByTestId('health-row')).toHaveCount(2);
  await expect(groups.nth(1).locator('.group-row')).toContainText('No platform');
  await snap(page, 'source-health-grouped');

  // Status chip filter, and the empty result it can produce.
  await page.getByTestId('status-chip-silent').click();
  await expect(page.getByTestId('empty-state')).toContainText('No sources match these filters');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('health-row')).toHaveCount(5);
});
