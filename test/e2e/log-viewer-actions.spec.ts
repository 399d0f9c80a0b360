/**
 * Issue 10 items 5, 6 and the Log Viewer small bugs of item 8: values are actions, columns belong
 * to the search, the custom range takes what the API takes, a lowercase "or" is hinted, an export
 * message does not outlive its results, and a field's top values come with counts.
 */
import { test, expect, snap } from './fixtures.ts';
import { createSource, ingest, search, seedEvents } from './log-viewer-helpers.ts';

test('values are actions: a grid cell or detail value filters in, filters out or becomes a column; icons are SVG', async ({ page, api, ingestUrl }) => {
  const key = await createSource(api, 'acts');
  await ingest(ingestUrl, key, seedEvents(Date.now()));
  await search(page, 'source:acts');
  const rows = page.getByTestId('lv-row');
  await expect(rows).toHaveCount(4);

  // Click selects the row; a click on one of its values opens that value's menu.
  const hostCell = rows.filter({ hasText: 'Failed MFA' }).locator('[data-column="host"]');
  await hostCell.click();
  await hostCell.click();
  const menu = page.getByTestId('lv-value-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem')).toHaveText(['Filter in host = auth-01', 'Filter out host = auth-01']);
  await snap(page, 'lv-actions-cell-menu');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:acts -host:=auth-01');
  await expect(rows).toHaveCount(2);

  // Right-click any cell opens the menu straight away.
  await rows.filter({ hasText: 'POST /api/orders' }).locator('[data-column="user"]').click({ button: 'right' });
  await page.getByTestId('lv-menu-filter-in').click();
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:acts -host:=auth-01 user:=jdoe@example.com');
  await expect(rows).toHaveCount(1);

  // A raw value in the detail becomes a column, and a custom column's cell filters on its raw path.
  await rows.first().click();
  await page.getByTestId('lv-detail-raw').locator('[data-testid="lv-add-column"][data-field="raw.requestId"]').click();
  await expect(page.getByTestId('lv-col-raw.requestId')).toBeVisible();
  await expect(page.getByTestId('lv-detail-raw').locator('[data-testid="lv-add-column"][data-field="raw.requestId"]')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await rows.first().locator('[data-column="raw.requestId"]').click({ button: 'right' });
  await expect(page.getByTestId('lv-menu-column')).toHaveText('Remove column raw.requestId');
  await page.getByTestId('lv-menu-filter-out').click();
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:acts -host:=auth-01 user:=jdoe@example.com -raw.requestId:=req_abc123');
  await expect(page.getByTestId('lv-empty')).toBeVisible();

  // Every action icon is drawn (SVG); no "＋" glyph anywhere.
  await search(page, 'source:acts');
  await rows.first().click();
  const buttons = page.getByTestId('lv-detail').locator('.lv-filter-btn');
  expect(await buttons.count()).toBeGreaterThan(10);
  expect(await page.getByTestId('lv-detail').locator('.lv-filter-btn:not(:has(svg))').count()).toBe(0);
  expect(await page.locator('body').innerText()).not.toContain('\uFF0B');
});

test('columns belong to the search: resizable, Message stays on screen, reset by a new search, sorted both ways', async ({ page, api, ingestUrl }) => {
  const key = await createSource(api, 'cols');
  await ingest(ingestUrl, key, seedEvents(Date.now()));
  await search(page, 'source:cols');
  for (const path of ['raw.srcIp', 'raw.portsScanned', 'raw.requestId', 'raw.statusCode', 'raw.responseTimeMs']) {
    await page.locator(`[data-testid="lv-field-item"][data-path="${path}"]`).getByTestId('lv-field-toggle').check();
  }
  // Message is still on screen with five custom columns.
  const grid = await page.getByTestId('lv-grid').boundingBox();
  const message = await page.getByTestId('lv-col-message').boundingBox();
  expect(message!.x + 200).toBeLessThanOrEqual(grid!.x + grid!.width + 1);
  // A truncated cell shows its full value on hover.
  await expect(page.getByTestId('lv-row').first().locator('[data-column="message"]')).toHaveAttribute('title', 'Port scan detected from 203.0.113.7');

  // Resize by keyboard: the header and every cell follow.
  const before = (await page.getByTestId('lv-col-host').boundingBox())!.width;
  await page.getByTestId('lv-resize-host').focus();
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(async () => (await page.getByTestId('lv-col-host').boundingBox())!.width).toBeGreaterThan(before + 30);
  const cell = await page.getByTestId('lv-row').first().locator('[data-column="host"]').boundingBox();
  expect(Math.abs(cell!.width - (await page.getByTestId('lv-col-host').boundingBox())!.width)).toBeLessThan(1);
  await snap(page, 'lv-columns-five');

  // Oldest first and back.
  await page.getByTestId('lv-sort-time').click();
  await expect(page.getByTestId('lv-col-time')).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('lv-row').first()).toContainText('POST /api/orders');
  await expect(page).toHaveURL(/sort=oldest/);
  await page.getByTestId('lv-sort-time').click();
  await expect(page.getByTestId('lv-row').first()).toContainText('Port scan');

  // Refining the query keeps the columns; a new search starts without them.
  await search(page, 'source:cols severity:>=warn');
  await expect(page.getByTestId('lv-col-raw.srcIp')).toBeVisible();
  await page.getByTestId('lv-new-search').click();
  await expect(page.getByTestId('lv-query-input')).toHaveValue('');
  await expect(page.locator('[data-testid^="lv-col-raw."]')).toHaveCount(0);
  await snap(page, 'lv-columns-reset');
  // A pivot link from elsewhere brings no leftover columns either.
  await page.evaluate(() => {
    window.location.hash = '#/logs?q=source%3Acols&from=1h';
  });
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:cols');
  await expect(page.locator('[data-testid^="lv-col-raw."]')).toHaveCount(0);
});

test('small things: custom range takes now and -2h, lowercase or is hinted, export message clears, top values', async ({ page, api, ingestUrl }) => {
  const key = await createSource(api, 'small');
  await ingest(ingestUrl, key, seedEvents(Date.now()));

  await page.getByTestId('lv-range-custom').click();
  await page.getByTestId('lv-range-from').fill('-2h');
  await page.getByTestId('lv-range-to').fill('now');
  await page.getByTestId('lv-range-apply').click();
  await expect(page.getByTestId('lv-range-label')).toHaveText('Last 2 h');
  await expect(page).toHaveURL(/from=2h/);
  await page.getByTestId('lv-range-custom').click();
  await page.getByTestId('lv-range-from').fill('now');
  await page.getByTestId('lv-range-to').fill('-2h');
  await page.getByTestId('lv-range-apply').click();
  await expect(page.getByTestId('lv-range-error')).toHaveText('From must be before To');
  await page.getByTestId('lv-range-from').fill('last tuesday');
  await page.getByTestId('lv-range-apply').click();
  await expect(page.getByTestId('lv-range-error')).toContainText('From is not a time: use now, an amount back like 2h');
  await page.keyboard.press('Escape');

  await page.getByTestId('lv-query-input').fill('host:auth-01 or host:web-01');
  await expect(page.getByTestId('lv-query-hint')).toContainText('Lowercase “or” searches for the word “or”');
  await snap(page, 'lv-small-or-hint');
  await search(page, 'source:small');

  await page.getByTestId('lv-export-csv').click();
  await expect(page.getByTestId('lv-export-status')).toHaveAttribute('data-status', 'done');
  await search(page, 'source:small severity:critical');
  await expect(page.getByTestId('lv-row')).toHaveCount(1);
  await expect(page.getByTestId('lv-export-status')).toHaveCount(0);

  // Top values of a field, with exact counts and filter actions. The new search clears an open
  // top-values list, so its results are waited for before the field is clicked.
  await search(page, 'source:small');
  await expect(page.getByTestId('lv-row')).toHaveCount(4);
  await page.locator('[data-testid="lv-field-item"][data-path="raw.host"]').getByTestId('lv-field-name').click();
  const top = page.getByTestId('lv-top-values');
  await expect(top.getByTestId('lv-top-value')).toHaveCount(3);
  await expect(top.getByTestId('lv-top-value').first()).toContainText('auth-01');
  await expect(top.getByTestId('lv-top-value').first()).toContainText('2');
  await expect(top).toContainText('4 events have this field');
  await snap(page, 'lv-top-values');
  await top.getByTestId('lv-top-value').first().locator('[data-testid="lv-filter-value"]').click();
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:small raw.host:=auth-01');
  await expect(page.getByTestId('lv-row')).toHaveCount(2);
});
