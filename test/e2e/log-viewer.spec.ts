/**
 * Log Viewer end to end against a real `serve`: events go in through the ingest endpoint, then the
 * screen searches, pages by cursor while scrolling, points at a bad query, adds a raw custom
 * column (kept in the link across reloads), opens the detail, filters on a value, navigates by keyboard,
 * shows the empty state for a narrow range, tails live events and exports CSV/NDJSON.
 */
import { readFileSync } from 'node:fs';
import { test, expect, snap } from './fixtures.ts';
import { createSource, ingest, ingestBulk, MIN, search, seedEvents } from './log-viewer-helpers.ts';

test('search, severity histogram, paging by cursor while scrolling', async ({ page, api, ingestUrl }) => {
  const now = Date.now();
  const key = await createSource(api, 'web-frontend');
  await ingestBulk(ingestUrl, key, 1500, now - 10 * MIN);
  await ingest(ingestUrl, key, seedEvents(now));

  // Creating the source also logged Watchpost's own security events; keep to this source.
  await search(page, 'source:web-frontend');
  await expect(page.getByTestId('lv-status')).toHaveText('1,504 events');
  const rows = page.getByTestId('lv-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText('Port scan detected from 203.0.113.7');
  await expect(rows.first().locator('.lv-sev')).toHaveText('critical');
  await expect(page.getByTestId('lv-histogram-bar').first()).toBeAttached();
  for (const col of ['time', 'severity', 'source', 'host', 'user', 'action', 'outcome', 'message']) {
    await expect(page.getByTestId(`lv-col-${col}`)).toHaveAttribute('role', 'columnheader');
  }
  // Only a window of rows is in the DOM, never all 1,500.
  expect(await rows.count()).toBeLessThan(80);
  await snap(page, 'log-viewer-results');

  // Scroll to the end repeatedly: each time the next cursor page is fetched.
  const grid = page.getByTestId('lv-grid');
  for (let i = 0; i < 12; i++) {
    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    if (await page.getByTestId('lv-end').isVisible()) break;
    await page.waitForTimeout(150);
  }
  await expect(page.getByTestId('lv-end')).toBeVisible();
  const lastIndex = Number(await rows.last().getAttribute('data-index'));
  expect(lastIndex).toBeGreaterThan(1400);
  await snap(page, 'log-viewer-scrolled-end');

  // Preset 1 h: the bulk events (older than 10 min, spread over 2 h) partly drop out.
  await page.getByTestId('lv-range-1h').click();
  await expect(page.getByTestId('lv-range-1h')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lv-status')).not.toHaveText('1,504 events');
  await expect(page.getByTestId('lv-status')).toHaveText(/^\d{3},?\d* events$/);
});

test('a bad query is pointed at inline, and fixing it searches', async ({ page, api, ingestUrl }) => {
  const key = await createSource(api, 'auth');
  await ingest(ingestUrl, key, seedEvents(Date.now()));

  await search(page, 'host:auth-01 (severity:warn');
  const error = page.getByTestId('lv-query-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText("missing ')'");
  await expect(page.getByTestId('lv-query-error-marker')).toHaveText('(');
  await expect(page.getByTestId('lv-query-input')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('lv-query-invalid')).toBeVisible();
  await snap(page, 'log-viewer-query-error');

  // Syntax help lists the grammar; clicking an example adds it to the query.
  await page.getByTestId('lv-syntax-help-toggle').click();
  await expect(page.getByTestId('lv-syntax-help')).toContainText('severity:>=warn');
  await snap(page, 'log-viewer-syntax-help');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lv-syntax-help')).toHaveCount(0);

  await page.getByTestId('lv-query-input').press('End');
  await page.getByTestId('lv-query-input').pressSequentially(')');
  await expect(page.getByTestId('lv-query-error')).toHaveCount(0);
  await page.getByTestId('lv-query-input').press('Enter');
  await expect(page.getByTestId('lv-row')).toHaveCount(1);
  await expect(page.getByTestId('lv-row').first()).toContainText('Failed MFA');

  await search(page, 'raw.statusCode:>=abc');
  await expect(page.getByTestId('lv-query-error')).toContainText('expected a number');
  await expect(page.getByTestId('lv-query-error-marker')).toHaveText('a');
});

test('a raw custom column is added from the sidebar, kept across a reload (it is in the link), and removed', async ({ page, api, ingestUrl }) => {
  const key = await createSource(api, 'edge');
  await ingest(ingestUrl, key, seedEvents(Date.now()));
  await search(page, 'source:edge');

  const field = page.locator('[data-testid="lv-field-item"][data-path="raw.srcIp"]');
  await expect(field).toBeVisible();
  await page.getByTestId('lv-field-filter').fill('src');
  await expect(page.getByTestId('lv-field-item')).toHaveCount(1);
  await field.getByTestId('lv-field-toggle').check();
  const header = page.getByTestId('lv-col-raw.srcIp');
  await expect(header).toHaveText('srcIp');
  await expect(page.getByTestId('lv-row').first().locator('[data-column="raw.srcIp"]')).toHaveText('203.0.113.7');
  await snap(page, 'log-viewer-custom-column');

  await page.reload();
  await expect(page.getByTestId('lv-col-raw.srcIp')).toBeVisible();
  await page.locator('[data-testid="lv-field-item"][data-path="raw.srcIp"]').getByTestId('lv-field-toggle').uncheck();
  await expect(page.getByTestId('lv-col-raw.srcIp')).toHaveCount(0);
});

test('keyboard navigation, event detail, filter on a value', async ({ page, api, ingestUrl }) => {
  const key = await createSource(api, 'mixed');
  await ingest(ingestUrl, key, seedEvents(Date.now()));
  await search(page, 'source:mixed');
  await expect(page.getByTestId('lv-row')).toHaveCount(4);
  const rows = page.getByTestId('lv-row');

  await page.getByTestId('lv-grid').focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');

  const detail = page.getByTestId('lv-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('lv-detail-envelope')).toContainText('fw-edge-01');
  const raw = page.getByTestId('lv-detail-raw');
  await expect(raw).toContainText('portsScanned');
  await expect(raw).toContainText('1024');
  await expect(raw).toContainText('topTargetPorts');
  await expect(page.getByTestId('lv-detail-copy')).toBeVisible();
  await snap(page, 'log-viewer-detail');

  // ↓ with the detail open follows the selection.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('lv-detail-envelope')).toContainText('User signed in');
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  // "/" focuses the query from anywhere outside a text field.
  await page.keyboard.press('/');
  await expect(page.getByTestId('lv-query-input')).toBeFocused();

  // Filter on a value from the detail.
  await rows.filter({ hasText: 'Failed MFA' }).click();
  await expect(detail).toBeVisible();
  await page.getByTestId('lv-detail-envelope').locator('[data-testid="lv-filter-value"][data-field="user"]').click();
  await expect(page.getByTestId('lv-query-input')).toHaveValue('source:mixed user:=bob@example.com');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Failed MFA');
});

test('empty range suggests widening; live tail shows new events', async ({ page, api, ingestUrl }) => {
  const now = Date.now();
  const key = await createSource(api, 'quiet');
  await ingest(ingestUrl, key, [{ timestamp: new Date(now - 30 * MIN).toISOString(), severity: 'notice', host: 'batch-01', message: 'nightly job finished' }]);

  await page.getByTestId('lv-range-15m').click();
  await search(page, 'host:batch-01');
  const empty = page.getByTestId('lv-empty');
  await expect(empty).toContainText('No events in the last 15 m');
  await expect(empty).toContainText('widening the range');
  await snap(page, 'log-viewer-empty');
  await page.getByTestId('lv-widen-1h').click();
  await expect(page.getByTestId('lv-range-1h')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lv-row')).toHaveCount(1);

  await page.getByTestId('lv-live-tail').click();
  await expect(page.getByTestId('lv-live-tail')).toHaveAttribute('aria-pressed', 'true');
  await ingest(ingestUrl, key, [{ severity: 'error', host: 'batch-01', message: 'job retry failed' }]);
  await expect(page.getByTestId('lv-row').first()).toContainText('job retry failed', { timeout: 15_000 });
  await expect(page.getByTestId('lv-row')).toHaveCount(2);
  await snap(page, 'log-viewer-live-tail');
});

test('export the current query to CSV and NDJSON', async ({ page, api, ingestUrl }) => {
  const key = await createSource(api, 'export');
  await ingest(ingestUrl, key, seedEvents(Date.now()));
  await search(page, 'source:export');
  await expect(page.getByTestId('lv-row')).toHaveCount(4);
  await page.locator('[data-testid="lv-field-item"][data-path="raw.requestId"]').getByTestId('lv-field-toggle').check();

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lv-export-csv').click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^watchpost-events-\d{8}T\d{6}Z\.csv$/);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('id,timestamp,receivedAt,severity,category,sourceId,sourceName,host,user,action,outcome,message,tags,raw.requestId');
  expect(lines).toHaveLength(5);
  expect(csv).toContain('"POST /api/orders returned 500, ""upstream"" timeout"');
  expect(csv).toContain(',req_abc123\r\n');
  await expect(page.getByTestId('lv-export-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('lv-export-status')).toContainText('Exported 4 events');
  await snap(page, 'log-viewer-export-done');

  const [ndDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lv-export-ndjson').click()]);
  const nd = readFileSync(await ndDownload.path(), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { message: string; raw: Record<string, unknown> });
  expect(nd).toHaveLength(4);
  expect(nd[0]!.raw.portsScanned).toBe(1024);
});

test('opens on a query and range from the URL hash', async ({ page, api, ingestUrl, consoleUrl }) => {
  const key = await createSource(api, 'linked');
  await ingest(ingestUrl, key, seedEvents(Date.now()));
  // A fresh load (not a same-document hash change), as when the link is opened from elsewhere.
  await page.goto('about:blank');
  await page.goto(`${consoleUrl}/#/logs?q=${encodeURIComponent('user:alice@example.com')}&from=1h`);
  await expect(page.getByTestId('lv-query-input')).toHaveValue('user:alice@example.com');
  await expect(page.getByTestId('lv-range-1h')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lv-row')).toHaveCount(1);
  await expect(page.getByTestId('lv-row').first()).toContainText('User signed in');
});
