/**
 * Issue 10 items 1, 2 and 4 (surrounding events): results are never stale, and a search is a link.
 * Against a real `serve`: events go in through the ingest endpoint while the screen is open or away.
 */
import { test, expect, snap, navLink } from './fixtures.ts';
import { createSource, ingest, MIN, search, seedEvents } from './log-viewer-helpers.ts';

test('results are never stale: a relative search re-runs on return, and new events show as "N new — refresh"', async ({ page, api, ingestUrl }) => {
  const key = await createSource(api, 'late');
  // The viewer opens before anything arrived from this source.
  await search(page, 'source:late');
  await expect(page.getByTestId('lv-empty')).toBeVisible();

  // Events arrive while the analyst looks at another screen; coming back shows them.
  await navLink(page, 'Source Health').click();
  await ingest(ingestUrl, key, seedEvents(Date.now()));
  await navLink(page, 'Log Viewer').click();
  await expect(page.getByTestId('lv-row')).toHaveCount(4);
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:late');

  // Reading an event: new arrivals are counted, not pushed under the analyst's eyes.
  await page.getByTestId('lv-row').first().click();
  await page.keyboard.press('Escape');
  await ingest(ingestUrl, key, [
    { severity: 'error', host: 'auth-01', message: 'arrived later' },
    { severity: 'info', host: 'auth-01', message: 'arrived later too' },
  ]);
  await expect(page.getByTestId('lv-new-events')).toHaveText('2 new — refresh', { timeout: 20_000 });
  await expect(page.getByTestId('lv-row')).toHaveCount(4);
  await snap(page, 'lv-stale-new-events');
  await page.getByTestId('lv-new-events').click();
  await expect(page.getByTestId('lv-row')).toHaveCount(6);
  await expect(page.getByTestId('lv-new-events')).toHaveCount(0);

  // Window focus re-runs a relative search when no event is selected.
  await ingest(ingestUrl, key, [{ severity: 'warn', host: 'auth-01', message: 'after focus' }]);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(page.getByTestId('lv-row').first()).toContainText('after focus');
  await expect(page.getByTestId('lv-row')).toHaveCount(7);
});

test('a search is a link: reload restores it, Back/Forward step through searches and zooms, copy link opens it again', async ({
  page,
  api,
  ingestUrl,
  consoleUrl,
  context,
}) => {
  const key = await createSource(api, 'linked');
  await ingest(ingestUrl, key, seedEvents(Date.now()));
  await search(page, 'source:linked');
  await expect(page.getByTestId('lv-row')).toHaveCount(4);
  await expect(page).toHaveURL(/#\/logs\?q=source%3Alinked&from=24h$/);

  // A column and an opened event go into the link.
  await page.locator('[data-testid="lv-field-item"][data-path="raw.srcIp"]').getByTestId('lv-field-toggle').check();
  await page.getByTestId('lv-row').filter({ hasText: 'Port scan' }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('lv-row').filter({ hasText: 'Port scan' }).click();
  await expect(page).toHaveURL(/col=raw.srcIp&event=\d+/);
  const eventId = await page.getByTestId('lv-row').filter({ hasText: 'Port scan' }).getAttribute('data-event-id');

  // Reload restores query, range, column and the opened event.
  await page.reload();
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:linked');
  await expect(page.getByTestId('lv-range-24h')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lv-col-raw.srcIp')).toBeVisible();
  await expect(page.getByTestId('lv-detail')).toContainText(`Event ${eventId}`);
  await snap(page, 'lv-link-reloaded');
  await page.keyboard.press('Escape');

  // A second search, then a histogram zoom by keyboard: each is a history entry.
  await search(page, 'source:linked severity:>=warn');
  await expect(page.getByTestId('lv-row')).toHaveCount(3);
  // The histogram loads after the first page: keys reach its bars once they are drawn.
  await expect(page.getByTestId('lv-histogram')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('lv-histogram-bar').first()).toBeAttached();
  const plot = page.getByTestId('lv-histogram-plot');
  await plot.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('lv-histogram-mark')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lv-range-custom')).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/from=20\d\d-.*&to=20\d\d-/);
  const zoomedLabel = await page.getByTestId('lv-range-label').textContent();
  await snap(page, 'lv-link-zoomed');

  await page.goBack();
  await expect(page.getByTestId('lv-range-24h')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:linked severity:>=warn');
  await page.goBack();
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:linked');
  await expect(page.getByTestId('lv-row')).toHaveCount(4);
  await page.goForward();
  await page.goForward();
  await expect(page.getByTestId('lv-range-label')).toHaveText(zoomedLabel!);

  // Zoom out doubles the span around the middle and is one more step.
  await page.getByTestId('lv-zoom-out').click();
  await expect(page.getByTestId('lv-range-label')).not.toHaveText(zoomedLabel!);
  await page.goBack();
  await expect(page.getByTestId('lv-range-label')).toHaveText(zoomedLabel!);

  // Copy link hands out the console URL of this search; pasted into a fresh tab it opens the same search.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: consoleUrl });
  await page.getByTestId('lv-copy-link').click();
  await expect(page.getByTestId('lv-copy-link')).toHaveText('Copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link.startsWith(`${consoleUrl}/#/logs?q=source%3Alinked`)).toBe(true);
  expect(link).not.toContain('token');
  const other = await context.newPage();
  await other.goto(link.replace('#', `?token=${encodeURIComponent(await page.evaluate(() => sessionStorage.getItem('watchpost.token') ?? ''))}#`));
  await expect(other.getByTestId('lv-query-input')).toHaveValue('source:linked severity:>=warn');
  await expect(other.getByTestId('lv-range-label')).toHaveText(zoomedLabel!);

  // The desktop app's link (file://…#/logs?…) pasted into the query bar opens the search too.
  await search(page, `file:///opt/Watchpost/resources/index.html#/logs?q=${encodeURIComponent('user:alice@example.com')}&from=1h`);
  await expect(page.getByTestId('lv-query-input')).toHaveValue('user:alice@example.com');
  await expect(page.getByTestId('lv-range-1h')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lv-row')).toHaveCount(1);
});

test('surrounding events: ±5 min on the same host, oldest first, the event selected', async ({ page, api, ingestUrl }) => {
  const key = await createSource(api, 'around');
  const now = Date.now();
  const at = (ago: number): string => new Date(now - ago).toISOString();
  await ingest(ingestUrl, key, [
    { timestamp: at(30 * MIN), host: 'db-01', message: 'long before' },
    { timestamp: at(14 * MIN), host: 'db-01', message: 'just before' },
    { timestamp: at(12 * MIN), host: 'db-01', severity: 'error', message: 'the failure' },
    { timestamp: at(11 * MIN), host: 'web-02', message: 'other host' },
    { timestamp: at(9 * MIN), host: 'db-01', message: 'just after' },
  ]);
  await search(page, 'source:around the failure');
  await page.getByTestId('lv-row').first().click();
  await page.getByTestId('lv-surrounding-host').click();
  await expect(page.getByTestId('lv-query-input')).toHaveValue('host:=db-01');
  await expect(page.getByTestId('lv-row')).toHaveCount(3);
  await expect(page.getByTestId('lv-row').nth(0)).toContainText('just before');
  await expect(page.getByTestId('lv-row').nth(2)).toContainText('just after');
  await expect(page.getByTestId('lv-row').nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('lv-detail')).toContainText('the failure');
  // Seconds shown (a 10-minute span); the second date only when the span crosses midnight.
  await expect(page.getByTestId('lv-range-label')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d → (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC$/);
  await snap(page, 'lv-surrounding-events');
  // Back returns to the search it came from.
  await page.goBack();
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:around the failure');
});
