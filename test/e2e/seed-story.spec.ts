/**
 * The seed story end to end (seeds 000 + 002): create a log source → generate its key → send events
 * with curl → they appear in the Log Viewer → a `raw.` custom column shows a nested value → Source
 * Health says healthy → rotate → the old key gets 401 and the new one works.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import type { IngestBody } from '../../main/engine/ingest/refusal.ts';
import { test, expect, navLink, snap } from './fixtures.ts';

const run = promisify(execFile);

/** POST an NDJSON body with the real curl binary; returns HTTP status and parsed JSON body. */
async function curlIngest(ingestUrl: string, key: string, lines: object[]): Promise<{ status: number; body: IngestBody }> {
  const { stdout } = await run('curl', [
    '-sS',
    '-X',
    'POST',
    ingestUrl,
    '-H',
    `X-DF-Source-Key: ${key}`,
    '-H',
    'Content-Type: application/x-ndjson',
    '--data-binary',
    lines.map((l) => JSON.stringify(l)).join('\n'),
    '-w',
    '\n%{http_code}',
  ]);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) as IngestBody };
}

/** Read the one-time key from the popout, then close it. */
async function takeKey(page: Page): Promise<{ key: string; curl: string }> {
  const popout = page.getByTestId('key-popout');
  await expect(popout).toBeVisible();
  const key = (await popout.getByTestId('ingest-key').textContent())!.trim();
  const curl = (await popout.getByTestId('key-curl').textContent())!;
  await popout.getByTestId('close-key-popout').click();
  await expect(popout).toHaveCount(0);
  return { key, curl };
}

test('seed story: source → key → curl → Log Viewer with raw column → healthy → rotate → 401', async ({ page, ingestUrl }) => {
  // 1. Create the source with the seed's defaults.
  await navLink(page, 'Log sources').click();
  await page.getByRole('button', { name: 'New Log Source' }).first().click();
  await page.getByLabel('Source Name').fill('Authentication Service');
  await page.getByLabel('Description').fill('Auth cluster, owned by the identity team');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('source-detail')).toBeVisible();

  // 2. Generate the key; the popout's ready curl command works as printed.
  await page.getByRole('button', { name: 'Generate ingest key' }).click();
  const first = await takeKey(page);
  const ready = await run('sh', ['-c', `${first.curl} -sS -w '\\n%{http_code}'`]);
  expect(ready.stdout.trim().split('\n').pop()).toBe('200');
  expect(JSON.parse(ready.stdout.trim().split('\n')[0]!)).toMatchObject({ accepted: 1, rejected: 0 });

  // 3. Send events with nested raw fields.
  const now = Date.now();
  const events = [
    {
      timestamp: new Date(now - 3000).toISOString(),
      severity: 'info',
      category: 'auth',
      message: 'User signed in',
      user: 'alice@example.com',
      action: 'login',
      outcome: 'success',
      host: 'auth-01',
      request: { path: '/api/login', geo: { country: 'NL' } },
    },
    {
      timestamp: new Date(now - 2000).toISOString(),
      severity: 'warn',
      category: 'auth',
      message: 'Failed MFA',
      user: 'bob@example.com',
      action: 'mfa',
      outcome: 'failure',
      host: 'auth-02',
      request: { path: '/api/mfa', geo: { country: 'DE' } },
    },
    {
      timestamp: new Date(now - 1000).toISOString(),
      severity: 'error',
      category: 'app',
      message: 'POST /api/orders returned 500',
      action: 'request_failed',
      outcome: 'failure',
      host: 'web-01',
      statusCode: 500,
      request: { path: '/api/orders', geo: { country: 'FR' } },
    },
  ];
  const sent = await curlIngest(ingestUrl, first.key, events);
  expect(sent).toEqual({ status: 200, body: { accepted: 3, rejected: 0, errors: [] } });

  // 4. They appear in the Log Viewer.
  await navLink(page, 'Log Viewer').click();
  const query = page.getByTestId('lv-query-input');
  await query.fill('source:"Authentication Service"');
  await query.press('Enter');
  // Our three events plus the popout's own curl example, which has no timestamp and so arrives now.
  await expect(page.getByTestId('lv-row')).toHaveCount(4);
  await expect(page.getByTestId('lv-grid')).toContainText('hello from curl');
  await expect(page.getByTestId('lv-grid')).toContainText('Failed MFA');

  // 5. A raw. custom column shows a nested value.
  const field = page.locator('[data-testid="lv-field-item"][data-path="raw.request.path"]');
  await expect(field).toBeVisible();
  await field.getByTestId('lv-field-toggle').check();
  await page.locator('[data-testid="lv-field-item"][data-path="raw.request.geo.country"]').getByTestId('lv-field-toggle').check();
  await expect(page.getByTestId('lv-col-raw.request.path')).toBeVisible();
  const mfaRow = page.getByTestId('lv-row').filter({ hasText: 'Failed MFA' });
  await expect(mfaRow.locator('[data-column="raw.request.path"]')).toHaveText('/api/mfa');
  await expect(mfaRow.locator('[data-column="raw.request.geo.country"]')).toHaveText('DE');
  await expect(page.locator('[data-column="raw.request.path"]', { hasText: '/api/orders' })).toBeVisible();
  await snap(page, 'seed-story-log-viewer');

  // 6. Source Health says healthy, with the four events counted.
  await navLink(page, 'Source Health').click();
  const healthRow = page.getByTestId('health-row').filter({ hasText: 'Authentication Service' });
  await expect(healthRow.getByTestId('health-badge')).toHaveText('Healthy');
  await expect(healthRow.getByTestId('events-1h')).toHaveText('4');
  await snap(page, 'seed-story-source-health');

  // 7. Rotate: the old key fails on the very next request; the new one works.
  await navLink(page, 'Log sources').click();
  await page.getByRole('link', { name: 'Authentication Service' }).click();
  await expect(page.getByTestId('last-used')).not.toContainText('No events yet');
  await page.getByRole('button', { name: 'Rotate key' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Rotate key' }).click();
  const second = await takeKey(page);
  expect(second.key).not.toBe(first.key);
  const old = await curlIngest(ingestUrl, first.key, [{ message: 'sent with the rotated-out key' }]);
  expect(old.status).toBe(401);
  const fresh = await curlIngest(ingestUrl, second.key, [{ message: 'sent with the new key' }]);
  expect(fresh).toMatchObject({ status: 200, body: { accepted: 1 } });
  await snap(page, 'seed-story-after-rotate');
});
