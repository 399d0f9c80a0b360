/** Dashboards (issue 14): build one from scratch (add, edit, arrange, duplicate, remove, undo), zoom, export then import. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, snap, test } from './fixtures.ts';
import { openOverview, panel, panelNumber, seedPlatforms } from './dashboards-helpers.ts';
import type { Dashboard } from '../../shared/types.ts';

interface PanelSpec {
  title: string;
  kind: string;
  query?: string;
  field?: string;
  columns?: string;
  width?: string;
}

async function addPanel(page: Page, spec: PanelSpec): Promise<void> {
  await page.getByTestId('db-add-panel').click();
  const dialog = page.getByTestId('db-panel-editor');
  await dialog.getByTestId('db-editor-title').fill(spec.title);
  await dialog.getByTestId('db-editor-kind').selectOption(spec.kind);
  if (spec.query) await dialog.getByTestId('db-editor-query').fill(spec.query);
  if (spec.field) await dialog.getByTestId('db-editor-field').fill(spec.field);
  if (spec.columns) await dialog.getByTestId('db-editor-columns').fill(spec.columns);
  if (spec.width) await dialog.getByTestId('db-editor-width').selectOption({ label: spec.width });
  await dialog.getByTestId('db-editor-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(panel(page, spec.title)).toBeVisible();
}

const titles = (page: Page): Promise<string[]> => page.getByTestId('db-panel').locator('h2').allInnerTexts();

test('build a dashboard from scratch: add, edit, arrange, duplicate, remove, undo, zoom', async ({ page, api, ingestUrl }) => {
  await seedPlatforms(api, ingestUrl);
  await page.setViewportSize({ width: 1440, height: 1100 });
  await openOverview(page);
  await page.getByTestId('db-new').click();
  await page.getByTestId('db-new-name').fill('Sign-in incident');
  await page.getByTestId('db-new-confirm').click();
  await expect(page.getByTestId('db-title')).toHaveText('Sign-in incident');
  await expect(page.getByTestId('db-no-panels')).toBeVisible();
  await expect(page.getByTestId('db-edit')).toHaveAttribute('aria-pressed', 'true');

  // The editor checks the query as typed, before anything is sent.
  await page.getByTestId('db-add-panel').click();
  await page.getByTestId('db-editor-title').fill('Broken');
  await page.getByTestId('db-editor-query').fill('host:(');
  await page.getByTestId('db-editor-save').click();
  await expect(page.getByTestId('db-panel-editor').getByText(/character/)).toBeVisible();
  await page.keyboard.press('Escape');

  await addPanel(page, { title: 'Failed sign-ins over time', kind: 'timeseries', query: 'category:auth outcome:failure', field: 'user' });
  await addPanel(page, { title: 'Failing users', kind: 'top', query: 'category:auth outcome:failure', field: 'user', width: 'Half' });
  await addPanel(page, { title: 'Failed sign-ins', kind: 'number', query: 'category:auth outcome:failure', width: 'Half' });
  await addPanel(page, { title: 'Newest failures', kind: 'table', query: 'category:auth outcome:failure', columns: 'time, host, user, message' });
  expect(await titles(page)).toEqual(['Failed sign-ins over time', 'Failing users', 'Failed sign-ins', 'Newest failures']);
  await expect.poll(() => panelNumber(page, 'Failed sign-ins')).toBe(7);
  await expect(panel(page, 'Failing users').getByTestId('db-top-value')).toHaveCount(3);
  await expect(panel(page, 'Newest failures').getByTestId('db-table-row')).toHaveCount(7);
  await expect(panel(page, 'Failed sign-ins over time').getByTestId('db-ts-series')).toHaveCount(3);

  // Arrange: move the number up-left, then undo.
  await panel(page, 'Failed sign-ins').getByTestId('db-panel-move-left').click();
  await expect.poll(() => titles(page)).toEqual(['Failed sign-ins over time', 'Failed sign-ins', 'Failing users', 'Newest failures']);
  await page.getByTestId('db-undo').click();
  await expect.poll(() => titles(page)).toEqual(['Failed sign-ins over time', 'Failing users', 'Failed sign-ins', 'Newest failures']);
  await panel(page, 'Newest failures').getByTestId('db-panel-move-up').click();
  await expect.poll(() => titles(page)).toEqual(['Failed sign-ins over time', 'Newest failures', 'Failing users', 'Failed sign-ins']);

  // Duplicate, edit the copy, remove it again.
  await panel(page, 'Failing users').getByTestId('db-panel-duplicate').click();
  await expect(panel(page, 'Failing users (copy)')).toBeVisible();
  await panel(page, 'Failing users (copy)').getByTestId('db-panel-edit').click();
  await page.getByTestId('db-editor-title').fill('Failing hosts');
  await page.getByTestId('db-editor-field').fill('host');
  await page.getByTestId('db-editor-save').click();
  await expect(panel(page, 'Failing hosts').getByTestId('db-top-value')).toHaveCount(2);
  await panel(page, 'Failing hosts').getByTestId('db-panel-remove').click();
  await expect(panel(page, 'Failing hosts')).toHaveCount(0);

  await page.getByTestId('db-rename').click();
  await page.getByTestId('db-rename-name').fill('Sign-in incident 42');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('db-title')).toHaveText('Sign-in incident 42');
  await expect(page.getByTestId('db-list-item').filter({ hasText: 'Sign-in incident 42' })).toHaveCount(1);

  // Saved: a reload shows the same panels.
  await page.getByTestId('db-edit').click();
  await snap(page, 'dashboards-built-from-scratch');
  await page.reload();
  await expect.poll(() => titles(page)).toEqual(['Failed sign-ins over time', 'Newest failures', 'Failing users', 'Failed sign-ins']);

  // Drag across the time panel: the whole dashboard zooms to the selection (absolute range in the link).
  await page.getByTestId('db-range-15m').click();
  await expect.poll(() => panelNumber(page, 'Failed sign-ins')).toBe(7);
  const plot = panel(page, 'Failed sign-ins over time').getByTestId('db-ts-plot');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}T.*&to=\d{4}-/);
  await expect(page.getByTestId('db-range-custom')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => panelNumber(page, 'Failed sign-ins')).toBeLessThan(7);
  await snap(page, 'dashboards-drag-zoomed');
  await page.goBack();
  await expect(page.getByTestId('db-range-15m')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => panelNumber(page, 'Failed sign-ins')).toBe(7);
});

test('export a dashboard to JSON and import it back; a bad file is refused beside the import control', async ({ page, api, ingestUrl }, testInfo) => {
  await seedPlatforms(api, ingestUrl);
  const created = await api<Dashboard>('POST', '/v1/config/dashboards', {
    name: 'Web errors',
    panels: [
      { title: 'Errors by host', kind: 'top', field: 'host', query: 'severity:error' },
      { title: 'Errors', kind: 'number', query: 'severity:error' },
    ],
  });
  expect(created.status).toBe(200);
  await page.goto(`${page.url().split('#')[0]}#/dashboards/${created.body.data.id}`);
  await expect(page.getByTestId('db-title')).toHaveText('Web errors');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('db-export').click()]);
  expect(download.suggestedFilename()).toBe('Web-errors.dashboard.json');
  const file = testInfo.outputPath('web-errors.json');
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; dashboard: { name: string; panels: { title: string }[] } };
  expect(exported.format).toBe('watchpost-dashboard');
  expect(exported.dashboard.panels.map((p) => p.title)).toEqual(['Errors by host', 'Errors']);

  // Not JSON: refused here, with the parser's words.
  await page.getByTestId('db-import-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('panels: yes') });
  await expect(page.getByTestId('db-import-error')).toContainText('notes.json is not a JSON file');
  // JSON but not a dashboard: the engine names the bad part.
  const bad = { ...exported, dashboard: { ...exported.dashboard, panels: [{ title: 'Pie', kind: 'pie' }] } };
  await page.getByTestId('db-import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByTestId('db-import-error')).toContainText('kind');
  await snap(page, 'dashboards-import-error');

  await page.getByTestId('db-import-file').setInputFiles(file);
  await expect(page.getByTestId('db-import-error')).toHaveCount(0);
  await expect(page).not.toHaveURL(new RegExp(created.body.data.id));
  await expect(page.getByTestId('db-title')).toHaveText('Web errors (2)');
  expect(await titles(page)).toEqual(['Errors by host', 'Errors']);
  await expect.poll(() => panelNumber(page, 'Errors')).toBe(3);
  await expect(page.getByTestId('db-list-item')).toHaveCount(3);
});
