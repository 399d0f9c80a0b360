/**
 * A push source's page shows, for its type, ready shipper configurations with the ingest URL and
 * the {KEY} placeholder (issue 12 item 7): GELF sources lead with the Docker gelf driver on their
 * listener port; every push source offers the HTTP protocol shippers (Filebeat, OTel Collector …).
 */
import { test, expect, snap } from './fixtures.ts';

test('GELF source: Docker gelf driver on its port first, then the HTTP shippers with URL and key placeholder', async ({ page, api, consoleUrl, ingestUrl }) => {
  const created = await api('POST', '/v1/config/log-sources', { name: 'Container logs', type: 'gelf', listenPort: 12201 });
  expect(created.status).toBe(200);
  const id = (created.body.data as { id: string }).id;
  await page.goto(`${consoleUrl}/#/settings/sources/${id}`);
  const panel = page.getByTestId('shipper-snippets');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('listener-address')).toContainText(':12201');
  await expect(page.getByText('GELF listener')).toBeVisible();
  await expect(page.getByLabel('Shipper configuration')).toHaveValue('docker-gelf');
  await expect(page.getByTestId('shipper-snippet')).toContainText(':12201"');
  await page.getByLabel('Shipper configuration').selectOption('otel');
  const base = new URL(ingestUrl).origin;
  await expect(page.getByTestId('shipper-snippet')).toContainText(`logs_endpoint: ${base}/v1/logs`);
  await expect(page.getByTestId('shipper-snippet')).toContainText('Authorization: "Bearer {KEY}"');
  await panel.scrollIntoViewIfNeeded();
  await snap(page, 'source-shipper-snippets');
});

test('generic JSON source offers the HTTP shippers; a pull source shows none', async ({ page, api, consoleUrl }) => {
  const created = await api('POST', '/v1/config/log-sources', { name: 'App servers' });
  const id = (created.body.data as { id: string }).id;
  await page.goto(`${consoleUrl}/#/settings/sources/${id}`);
  await expect(page.getByLabel('Shipper configuration')).toHaveValue('filebeat');
  await expect(page.getByTestId('shipper-snippet')).toContainText('api_key: "watchpost:{KEY}"');
  const options = await page.getByLabel('Shipper configuration').locator('option').allTextContents();
  expect(options).toEqual(expect.arrayContaining([expect.stringContaining('Vector'), expect.stringContaining('Serilog'), expect.stringContaining('Promtail')]));
  const pull = await api('POST', '/v1/config/log-sources', {
    name: 'Loki pull',
    type: 'loki',
    credentials: { host: 'http://127.0.0.1:1' },
    sources: ['{app="x"}'],
  });
  expect(pull.status).toBe(200);
  await page.goto(`${consoleUrl}/#/settings/sources/${(pull.body.data as { id: string }).id}`);
  await expect(page.getByTestId('pull-sources')).toBeVisible();
  await expect(page.getByTestId('shipper-snippets')).toHaveCount(0);
});
