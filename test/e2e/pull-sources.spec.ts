/**
 * Pull sources end to end: a Loki source created in the New Log Source form against a fake Loki on
 * 127.0.0.1, Test connection previews its lines before saving, the engine pulls them on its own
 * schedule, they appear in the Log Viewer, and Source Health and the source page show pull status.
 */
import { systemClock } from '../../main/engine/clock.ts';
import { startLokiFake } from '../engine/pull/fakes/loki-fake.ts';
import { test, expect, navLink, snap } from './fixtures.ts';
import type { ListOf, LogSource } from '../../shared/types.ts';

const MINUTE = 60_000;

test('Loki: Test with preview, pulled events in the Log Viewer, pull status in Source Health', async ({ page, api }) => {
  const loki = await startLokiFake(systemClock, { apiKey: 'glsa_e2e_token_0001', orgId: 'team-a' });
  try {
    const now = Date.now();
    const lines: { labels: Record<string, string>; at: number; line: string }[] = [
      { labels: { app: 'checkout', host: 'web-1', level: 'error' }, at: now - 12 * MINUTE, line: 'payment gateway timeout order=1181' },
      { labels: { app: 'checkout', host: 'web-2', level: 'warn' }, at: now - 11 * MINUTE, line: 'retrying charge order=1181 attempt=2' },
      { labels: { app: 'checkout', host: 'web-1', level: 'info' }, at: now - 10 * MINUTE, line: 'charge accepted order=1181' },
      { labels: { app: 'search', host: 'web-3' }, at: now - 10 * MINUTE, line: 'not selected by the source' },
    ];
    for (const l of lines) loki.add(l.labels, l.at, l.line);

    await navLink(page, 'Log sources').click();
    await page.getByRole('button', { name: 'New Log Source' }).first().click();
    await page.getByLabel('Source Name').fill('Checkout Loki');
    await page.getByLabel('Source Type').selectOption('loki');
    await page.getByLabel('Host URL').fill(loki.server.url);
    await page.getByLabel('API key').fill('glsa_e2e_token_0001');
    await page.getByLabel('Org ID').fill('team-a');
    await page.getByRole('button', { name: 'Discover targets' }).click();
    await page.getByRole('button', { name: '+ {app="checkout"}' }).click();
    await expect(page.getByLabel('Sources')).toHaveValue('{app="checkout"}');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const preview = page.getByTestId('pull-preview');
    await expect(preview.getByTestId('pull-preview-line')).toHaveCount(3);
    await expect(preview).toContainText('payment gateway timeout order=1181');
    await expect(preview.getByTestId('pull-preview-target')).toHaveAttribute('data-ok', 'true');
    await snap(page, 'pull-form-test-preview');

    await page.getByRole('button', { name: 'Save' }).click();
    const status = page.getByTestId('pull-status');
    await expect(status).toBeVisible();
    await expect(status.getByTestId('pull-total')).toHaveText('3', { timeout: 20_000 });
    await expect(status.getByTestId('pull-last-error')).toHaveText('None');
    await snap(page, 'pull-source-status');

    await navLink(page, 'Log Viewer').click();
    await page.getByTestId('lv-query-input').fill('order=1181');
    await page.getByTestId('lv-query-input').press('Enter');
    await expect(page.getByTestId('lv-row')).toHaveCount(3);
    await expect(page.getByTestId('lv-row').first()).toContainText('charge accepted order=1181');
    await snap(page, 'pull-log-viewer');

    const sources = (await api<ListOf<LogSource>>('GET', '/v1/config/log-sources')).body.data.items;
    const id = sources.find((s) => s.name === 'Checkout Loki')!.id;
    await navLink(page, 'Source Health').click();
    const row = page.locator(`[data-testid="health-row"][data-source-id="${id}"]`);
    await expect(row.getByTestId('pull-total')).toHaveText('3');
    await expect(row.getByTestId('pull-last-poll')).toContainText('polled');
    await snap(page, 'pull-source-health');
    // Every request carried the key and the tenant; the UI never showed the key.
    expect(loki.server.requests.every((r) => r.headers.authorization === 'Bearer glsa_e2e_token_0001' && r.headers['x-scope-orgid'] === 'team-a')).toBe(true);
    await expect(page.locator('body')).not.toContainText('glsa_e2e_token_0001');
  } finally {
    await loki.server.close();
  }
});
