/** Dashboards (issue 14): the Overview on a seeded store, platform filter, drill-down, building one, export/import. */
import { expect, snap, test } from './fixtures.ts';
import { openOverview, panel, panelNumber, seedPlatforms } from './dashboards-helpers.ts';

test('the Overview shows every panel with the seeded counts and keeps its filters in the link', async ({ page, api, ingestUrl }) => {
  await seedPlatforms(api, ingestUrl);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openOverview(page);
  await expect(page.getByTestId('db-panel')).toHaveCount(8);
  // Watchpost's own source records its security events (keys generated) beside the seeded 17.
  const own = Number(await panel(page, 'Top sources').getByTestId('db-top-value').filter({ hasText: 'Watchpost' }).getAttribute('data-count'));
  await expect.poll(() => panelNumber(page, 'Events')).toBe(17 + own);
  expect(await panelNumber(page, 'Failed authentications')).toBe(7);
  await expect(panel(page, 'Top hosts').getByTestId('db-top-value').first()).toHaveAttribute('data-value', 'prod-web-01');
  await expect(panel(page, 'Top hosts').getByTestId('db-top-value').first()).toHaveAttribute('data-count', '7');
  await expect(panel(page, 'Failed authentications by user').getByTestId('db-top-value').first()).toHaveAttribute('data-value', 'root');
  await expect(panel(page, 'Events over time by severity').getByTestId('db-ts-series')).not.toHaveCount(0);
  await expect(panel(page, 'Source health').getByTestId('db-health-healthy')).toBeVisible();
  await snap(page, 'dashboards-overview');

  // The range is in the link: 1 h from the presets, and a reload keeps it.
  await page.getByTestId('db-range-1h').click();
  await expect(page).toHaveURL(/#\/dashboards\/overview\?.*from=1h/);
  await page.reload();
  await expect(page.getByTestId('db-range-1h')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => panelNumber(page, 'Events')).toBe(17 + own);
});

test('filtering by platform changes every event panel, and Back restores all platforms', async ({ page, api, ingestUrl }) => {
  const seeded = await seedPlatforms(api, ingestUrl);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openOverview(page);
  await page.getByTestId('db-filter-platform').selectOption({ label: 'Production' });
  await expect.poll(() => panelNumber(page, 'Events')).toBe(12);
  expect(await panelNumber(page, 'Failed authentications')).toBe(5);
  const before = await page.getByTestId('db-panel').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-panel-id')}:${e.textContent}`));

  await page.getByTestId('db-filter-platform').selectOption({ label: 'Staging' });
  await expect(page).toHaveURL(new RegExp(`platform=${seeded.stagingPlatform}`));
  await expect.poll(() => panelNumber(page, 'Events')).toBe(5);
  expect(await panelNumber(page, 'Failed authentications')).toBe(2);
  await expect(panel(page, 'Top hosts').getByTestId('db-top-value')).toHaveCount(1);
  await expect(panel(page, 'Top hosts').getByTestId('db-top-value')).toHaveAttribute('data-value', 'stg-web-01');
  await expect(panel(page, 'Failed authentications by user').getByTestId('db-top-value')).toHaveAttribute('data-value', 'guest');
  await expect(panel(page, 'Top sources').getByTestId('db-top-value')).toHaveAttribute('data-value', 'Staging Web');
  const after = await page.getByTestId('db-panel').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-panel-id')}:${e.textContent}`));
  // Every event panel reads differently (alerts: none in either case, so it may stay the same).
  const changed = before.filter((b, i) => b !== after[i]).map((b) => b.split(':')[0]);
  for (const id of ['events-total', 'failed-auth-total', 'events-by-severity', 'top-sources', 'top-hosts', 'failed-auth-by-user'])
    expect(changed).toContain(id);
  await snap(page, 'dashboards-overview-staging');

  await page.goBack();
  await expect(page.getByTestId('db-filter-platform')).toHaveValue(seeded.prodPlatform);
  await expect.poll(() => panelNumber(page, 'Events')).toBe(12);
  await page.goBack();
  await expect(page.getByTestId('db-filter-platform')).toHaveValue('');
  await expect.poll(() => panelNumber(page, 'Events')).toBeGreaterThan(17);
});

test('drilling down from a bar opens the Log Viewer on the same events and count', async ({ page, api, ingestUrl }) => {
  await seedPlatforms(api, ingestUrl);
  await openOverview(page);
  const bar = panel(page, 'Top hosts').getByTestId('db-top-value').filter({ hasText: 'prod-auth-01' });
  await expect(bar).toHaveAttribute('data-count', '5');
  await bar.click();
  await expect(page.getByTestId('log-viewer')).toBeVisible();
  await expect(page.getByTestId('lv-query-input')).toHaveValue(/host:=.*prod-auth-01/);
  await expect(page.getByTestId('lv-status')).toHaveText('5 events');
  await expect(page.getByTestId('lv-row')).toHaveCount(5);
  await snap(page, 'dashboards-drilldown-log-viewer');

  // Back on the dashboard, the number drills down too.
  await page.goBack();
  await expect(page.getByTestId('db-title')).toHaveText('Overview');
  await panel(page, 'Failed authentications').getByTestId('db-number-value').click();
  await expect(page.getByTestId('lv-status')).toHaveText('7 events');
});
