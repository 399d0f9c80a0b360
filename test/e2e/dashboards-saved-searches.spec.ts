/** Saved searches and query history in the Log Viewer (issue 14), and a saved search as a rule's starting point. */
import { expect, snap, test } from './fixtures.ts';
import { seedPlatforms } from './dashboards-helpers.ts';
import { search } from './log-viewer-helpers.ts';

test('save a search with its range and columns, open, rename, start a rule from it, delete it', async ({ page, api, ingestUrl }) => {
  await seedPlatforms(api, ingestUrl);
  await page.goto(`${page.url().split('#')[0]}#/logs?q=${encodeURIComponent('category:auth outcome:failure')}&from=1h&col=raw.user`);
  await expect(page.getByTestId('lv-status')).toHaveText('7 events');

  await page.getByTestId('lv-save-search').click();
  const dialog = page.getByTestId('lv-save-search-dialog');
  await expect(dialog).toContainText('category:auth outcome:failure');
  await expect(dialog).toContainText('raw.user');
  await dialog.getByTestId('lv-save-search-name').fill('Failed sign-ins');
  await snap(page, 'saved-search-dialog');
  await dialog.getByTestId('lv-save-search-confirm').click();
  await expect(dialog).toHaveCount(0);

  // Same name again: the engine's error is shown on the Name field.
  await page.getByTestId('lv-save-search').click();
  await page.getByTestId('lv-save-search-name').fill('failed SIGN-INS');
  await page.getByTestId('lv-save-search-confirm').click();
  await expect(page.getByTestId('lv-save-search-dialog').getByText(/already/)).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByTestId('lv-new-search').click();
  await expect(page.getByTestId('lv-query-input')).toHaveValue('');

  // Open it from the list: query, range and columns come back.
  await page.getByTestId('lv-saved-searches').click();
  await expect(page.getByTestId('lv-saved-item')).toHaveCount(1);
  await expect(page.getByTestId('lv-saved-open')).toBeFocused();
  await snap(page, 'saved-searches-list');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lv-query-input')).toHaveValue('category:auth outcome:failure');
  await expect(page.getByTestId('lv-range-1h')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lv-col-raw.user')).toBeVisible();
  await expect(page.getByTestId('lv-status')).toHaveText('7 events');

  // Rename by keyboard; Esc closes the list and gives focus back to its button.
  await page.getByTestId('lv-saved-searches').click();
  await page.getByTestId('lv-saved-rename').click();
  await page.getByTestId('lv-saved-rename-input').fill('Failed logins');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lv-saved-item')).toHaveAttribute('data-name', 'Failed logins');
  await page.getByTestId('lv-saved-open').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lv-saved-panel')).toHaveCount(0);
  await expect(page.getByTestId('lv-saved-searches')).toBeFocused();

  // A rule's starting point: the rule editor opens with the query as its condition.
  await page.getByTestId('lv-saved-searches').click();
  await page.getByTestId('lv-saved-rule').click();
  await expect(page.getByRole('heading', { name: 'New rule' })).toBeVisible();
  await expect(page.getByLabel('Rule Name')).toHaveValue('Failed logins');
  await expect(page.getByTestId('match-condition')).toBeChecked();
  await expect(page.getByTestId('rule-condition')).toHaveValue('category:auth outcome:failure');
  await snap(page, 'saved-search-as-rule');

  await page.goBack();
  await expect(page.getByTestId('log-viewer')).toBeVisible();
  await page.getByTestId('lv-saved-searches').click();
  await page.getByTestId('lv-saved-delete').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete search' }).click();
  await expect(page.getByTestId('lv-saved-item')).toHaveCount(0);
  expect((await api<{ items: unknown[] }>('GET', '/v1/config/saved-searches')).body.data.items).toHaveLength(0);
});

test('query history: recent queries with ↑, ↓ and Enter, deduplicated, kept across a reload', async ({ page, api, ingestUrl }) => {
  await seedPlatforms(api, ingestUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log Viewer', exact: true }).click();
  for (const q of ['host:prod-web-01', 'user:root', 'host:prod-web-01', 'user:guest']) {
    await search(page, q);
    await expect(page.getByTestId('lv-status')).toHaveText(/events/);
  }
  await page.reload();
  const input = page.getByTestId('lv-query-input');
  await input.fill('');
  await input.press('ArrowUp');
  const items = page.getByTestId('lv-query-history-item');
  await expect(items).toHaveText(['user:guest', 'host:prod-web-01', 'user:root']);
  await expect(input).toHaveAttribute('aria-expanded', 'true');
  await snap(page, 'query-history');
  await input.press('ArrowDown');
  await expect(items.nth(1)).toHaveAttribute('aria-selected', 'true');
  await input.press('Enter');
  await expect(page.getByTestId('lv-query-history')).toHaveCount(0);
  await expect(input).toHaveValue('host:prod-web-01');
  await expect(page.getByTestId('lv-status')).toHaveText('7 events');

  // Typing narrows the list; Esc closes it.
  await input.fill('user');
  await input.press('ArrowUp');
  await expect(items).toHaveText(['user:guest', 'user:root']);
  await input.press('Escape');
  await expect(page.getByTestId('lv-query-history')).toHaveCount(0);
});
