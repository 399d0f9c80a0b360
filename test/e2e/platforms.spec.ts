/**
 * Settings → Platforms: empty state, create (with inline validation), rename, link a source from
 * the source record, and delete with a confirmation that says linked sources get unlinked.
 */
import { test, expect, navLink, snap } from './fixtures.ts';
import type { ListOf, LogSource, Platform } from '../../shared/types.ts';

test('create, rename, link a source, delete with unlink warning', async ({ page, api }) => {
  await navLink(page, 'Platforms').click();
  await expect(page.getByRole('heading', { name: 'Platforms', level: 1 })).toBeVisible();
  await expect(page.getByTestId('empty-state')).toContainText('No platforms yet');
  await snap(page, 'platforms-empty');

  // Create: the name is required.
  await page.getByRole('button', { name: 'New Platform' }).first().click();
  const dialog = page.getByTestId('platform-dialog');
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await dialog.getByRole('button', { name: 'Create platform' }).click();
  await expect(dialog.getByText('Name is required')).toBeVisible();
  await dialog.getByLabel('Name').fill('Production');
  await dialog.getByLabel('Description').fill('Customer-facing services');
  await dialog.getByRole('button', { name: 'Create platform' }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('button', { name: 'New Platform' }).click();
  await dialog.getByLabel('Name').fill('Staging');
  await dialog.getByLabel('Name').press('Enter');
  await expect(page.getByTestId('platform-row')).toHaveCount(2);
  await expect(page.getByTestId('platform-row').first()).toContainText('Production');
  await expect(page.getByTestId('platform-row').first()).toContainText('Customer-facing services');

  // Rename keeps the id.
  const prodId = (await page.getByTestId('platform-row').first().getAttribute('data-platform-id'))!;
  await page.getByRole('button', { name: 'Rename Production' }).click();
  await expect(dialog.getByLabel('Name')).toHaveValue('Production');
  await dialog.getByLabel('Name').fill('Production EU');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator(`[data-platform-id="${prodId}"]`)).toContainText('Production EU');
  expect((await api<ListOf<Platform>>('GET', '/v1/config/platforms')).body.data.items.map((p) => p.name).sort()).toEqual(['Production EU', 'Staging']);

  // Link a source from its record ("Platform" lookup in Source Information).
  const source = (await api<LogSource>('POST', '/v1/config/log-sources', { name: 'Customer Portal' })).body.data;
  await navLink(page, 'Log sources').click();
  await page.getByRole('link', { name: 'Customer Portal' }).click();
  await page.getByTestId('source-detail').getByLabel('Platform').selectOption({ label: 'Production EU' });
  await expect(page.getByTestId('toast').last()).toContainText('Platform updated');
  expect((await api<LogSource>('GET', `/v1/config/log-sources/${source.id}`)).body.data.platformId).toBe(prodId);

  await navLink(page, 'Platforms').click();
  await expect(page.locator(`[data-platform-id="${prodId}"] td`).nth(2)).toHaveText('1');
  await snap(page, 'platforms-list');

  // Delete asks first and names the sources that get unlinked.
  await page.getByRole('button', { name: 'Delete Production EU' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm.getByTestId('unlink-warning')).toContainText('Sources linked to it get unlinked: Customer Portal');
  await snap(page, 'platforms-delete-confirm');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('platform-row')).toHaveCount(2);

  await page.getByRole('button', { name: 'Delete Production EU' }).click();
  await confirm.getByRole('button', { name: 'Delete platform' }).click();
  await expect(page.getByTestId('platform-row')).toHaveCount(1);
  await expect(page.getByTestId('toast').last()).toContainText('deleted');
  expect((await api<LogSource>('GET', `/v1/config/log-sources/${source.id}`)).body.data.platformId).toBeNull();
});
