/** Dashboards (issue 14): the Overview on a seeded store, platform filter, drill-down, live refresh and pause, contrast. */
import AxeBuilder from '@axe-core/playwright';
import { expect, snap, test } from './fixtures.ts';
import { openOverview, panel, panelNumber, seedPlatforms } from './dashboards-helpers.ts';
import { ingest } from './log-viewer-helpers.ts';

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

  // The smallest supported window: every panel still shows its numbers.
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect(panel(page, 'Top hosts').getByTestId('db-top-value').first()).toBeVisible();
  await snap(page, 'dashboards-overview-1024');
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

test('panels refresh live as events arrive without blanking, and stop while paused', async ({ page, api, ingestUrl }) => {
  const seeded = await seedPlatforms(api, ingestUrl);
  await openOverview(page);
  await page.getByTestId('db-filter-platform').selectOption({ label: 'Staging' });
  await expect.poll(() => panelNumber(page, 'Events')).toBe(5);
  // Record whether any panel ever falls back to its loading state (a flicker) from here on.
  await page.evaluate(() => {
    const w = window as unknown as { flickered: boolean };
    w.flickered = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="db-panel-loading"]')) w.flickered = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
  const key = (await api<{ key: string }>('POST', `/v1/config/log-sources/${seeded.stagingSource}/key/rotate`)).body.data.key;
  const event = (host: string) => ({ timestamp: new Date().toISOString(), severity: 'error', host, message: 'live' });
  await ingest(ingestUrl, key, [event('stg-live-01'), event('stg-live-01')]);
  await expect.poll(() => panelNumber(page, 'Events'), { timeout: 30_000 }).toBe(7);
  await expect(panel(page, 'Top hosts').getByTestId('db-top-value').filter({ hasText: 'stg-live-01' })).toHaveAttribute('data-count', '2');
  expect(await page.evaluate(() => (window as unknown as { flickered: boolean }).flickered)).toBe(false);

  // Paused: new events do not reach the panels until live is turned back on.
  await page.getByTestId('db-live').click();
  await expect(page.getByTestId('db-live')).toHaveAttribute('aria-pressed', 'false');
  let requests = 0;
  page.on('request', (r) => {
    if (r.url().includes('/v1/dashboards/')) requests++;
  });
  await ingest(ingestUrl, key, [event('stg-live-02')]);
  await page.waitForTimeout(7000);
  expect(requests).toBe(0);
  expect(await panelNumber(page, 'Events')).toBe(7);
  await page.getByTestId('db-live').click();
  await expect.poll(() => panelNumber(page, 'Events'), { timeout: 30_000 }).toBe(8);
});

test('dashboard text meets WCAG AA contrast in both themes (axe-core)', async ({ page, api, ingestUrl }) => {
  test.setTimeout(180_000);
  await seedPlatforms(api, ingestUrl);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openOverview(page);
  for (const theme of ['dark', 'light'] as const) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.getByTestId('db-top-value').first()).toBeVisible();
    const result = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
    expect(
      result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`)),
      `Overview, ${theme}`,
    ).toEqual([]);
    await snap(page, `dashboards-overview-${theme}`);
  }
});
