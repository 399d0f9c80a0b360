/**
 * Settings → Rules and the alert inbox: create a pattern rule in the editor (preview first), trigger
 * it with a real `curl` to the ingest endpoint, get the in-app toast and the unread badge, find the
 * alert in the inbox with its sample event, open its events in the Log Viewer, and resolve it.
 */
import { execFileSync } from 'node:child_process';
import { test, expect, navLink, snap, sourceWithKey } from './fixtures.ts';
import type { Alert, ListOf } from '../../shared/types.ts';

test('create a rule, trigger it with curl, see and resolve the alert', async ({ page, api, ingestUrl }) => {
  const { key } = await sourceWithKey(api, { name: 'bastion-sshd', heartbeatMinutes: 10 });
  const other = await api('POST', '/v1/config/log-sources', { name: 'web-frontend' });
  expect(other.status).toBe(200);

  await navLink(page, 'Rules').click();
  await expect(page.getByRole('heading', { name: 'Rules', level: 1 })).toBeVisible();
  await expect(page.getByTestId('empty-state')).toContainText('No alert rules yet');
  await snap(page, 'rules-empty');

  await page.getByTestId('add-rule').click();
  const form = page.getByTestId('rule-form');
  await form.getByLabel('Rule Name').fill('Root SSH login');
  await form.getByRole('combobox', { name: /^Severity/ }).selectOption('critical');
  await expect(form.getByTestId('pattern-block')).toBeVisible();
  await form.getByLabel('Pattern field').fill('message');
  await form.getByLabel('Pattern value').fill('Accepted publickey for root');
  await form.getByTestId('scope-picker').getByLabel('bastion-sshd').check();
  await expect(form.getByTestId('scope-summary')).toContainText('combined');
  await form.getByTestId('preview-rule').click();
  await expect(page.getByTestId('preview-result')).toContainText('Would not have fired');
  await snap(page, 'rules-editor-preview');

  // A bad regex is refused next to its field.
  await form.getByLabel('Pattern value').fill('/(unclosed/');
  await form.getByTestId('save-rule').click();
  await expect(form.getByText('not a valid regular expression')).toBeVisible();
  await form.getByLabel('Pattern value').fill('Accepted publickey for root');
  await form.getByTestId('save-rule').click();
  await expect(page.getByRole('heading', { name: 'Root SSH login', level: 1 })).toBeVisible();
  await expect(page.getByTestId('recent-alerts')).toContainText('has not raised an alert yet');

  // Trigger it from outside, exactly as a LAN system would.
  const body = [
    JSON.stringify({ message: 'Accepted publickey for root from 10.0.0.8 port 52144', host: 'bastion-01', user: 'root', severity: 'notice' }),
    JSON.stringify({ message: 'Accepted password for alice from 10.0.0.9', host: 'bastion-01', user: 'alice' }),
  ].join('\n');
  const out = execFileSync(
    'curl',
    ['-sS', '-X', 'POST', ingestUrl, '-H', `X-DF-Source-Key: ${key}`, '-H', 'Content-Type: application/x-ndjson', '--data-binary', body],
    {
      encoding: 'utf8',
    },
  );
  expect(JSON.parse(out)).toMatchObject({ accepted: 2, rejected: 0 });

  await expect(page.getByTestId('alert-toast').filter({ hasText: 'New critical alert' })).toBeVisible();
  await expect(page.getByTestId('alerts-unread')).toHaveText('1');
  await expect(page.getByTestId('recent-alerts').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('rule-trigger-count')).toHaveText('1 times');
  await snap(page, 'rules-editor-recent-alert');

  await page.getByTestId('nav-alerts').click();
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  await expect(page.getByTestId('alerts-unread')).toHaveCount(0);
  const row = page.getByTestId('alert-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Root SSH login');
  await expect(row.getByTestId('alert-status')).toHaveText('Open');
  await snap(page, 'alerts-inbox');

  await row.getByRole('link').click();
  const detail = page.getByTestId('alert-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('alert-samples').locator('li')).toHaveCount(1);
  await expect(detail.getByTestId('alert-samples')).toContainText('Accepted publickey for root');
  await expect(detail.getByTestId('alert-query')).toContainText('source:="bastion-sshd"');
  await snap(page, 'alerts-detail');

  // Bulk bar: select, resolve.
  await row.getByRole('checkbox').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('1 selected');
  await page.getByTestId('bulk-resolve').click();
  await expect(row.getByTestId('alert-status')).toHaveText('Resolved');
  await expect(detail).toContainText('by you');
  const stored = await api<ListOf<Alert>>('GET', '/v1/alerts?status=resolved');
  expect(stored.body.data.items).toHaveLength(1);
  expect(stored.body.data.items[0]).toMatchObject({ resolvedBy: 'user', eventCount: 1 });
  await snap(page, 'alerts-resolved');

  // Its events in the Log Viewer: exactly the one matching event.
  await detail.getByTestId('open-in-log-viewer').click();
  await expect(page.getByTestId('lv-query-input')).toHaveValue(/source:="bastion-sshd"/);
  await expect(page.getByText('Accepted publickey for root').first()).toBeVisible();
  await expect(page.getByText('Accepted password for alice')).toHaveCount(0);
  await snap(page, 'alerts-open-in-log-viewer');

  await navLink(page, 'Rules').click();
  const ruleRow = page.getByTestId('rule-row');
  await expect(ruleRow).toContainText('Root SSH login');
  await expect(ruleRow.getByTestId('trigger-count')).toHaveText('1');
  await snap(page, 'rules-list');
});
