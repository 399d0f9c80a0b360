/**
 * App shell: Log Viewer is the default screen, every nav item opens a real screen, dark theme by
 * default with a persisted light option, global shortcuts, keyboard focus, and the connection-lost state.
 */
import { test, expect, navLink, snap } from './fixtures.ts';

test('default screen, nav, theme persistence and shortcuts', async ({ page, api }) => {
  await expect(page.getByTestId('log-viewer')).toBeVisible();
  await expect(navLink(page, 'Log Viewer')).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Every nav item leads to a screen with content: no placeholders.
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  const count = await links.count();
  expect(count).toBeGreaterThanOrEqual(4);
  for (let i = 0; i < count; i++) {
    await links.nth(i).click();
    await expect(links.nth(i)).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('main').locator('h1, [data-testid="log-viewer"]').first()).toBeVisible();
  }

  // Light theme, persisted across reloads.
  await api('POST', '/v1/config/log-sources', { name: 'Edge Firewall', description: 'Perimeter firewall' });
  await navLink(page, 'Log sources').click();
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.getByTestId('sources-table')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await snap(page, 'shell-light-theme');
  await page.getByRole('link', { name: 'Edge Firewall' }).click();
  await expect(page.getByTestId('source-detail')).toBeVisible();
  await snap(page, 'shell-light-source-detail');

  // Shortcuts: g-sequences navigate, "t t" switches theme, "?" lists them.
  await page.locator('body').click({ position: { x: 600, y: 700 } });
  await page.keyboard.press('g');
  await page.keyboard.press('h');
  await expect(page.getByTestId('source-health')).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await expect(page.getByTestId('platforms-screen')).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByTestId('sources-screen')).toBeVisible();
  await page.keyboard.press('t');
  await page.keyboard.press('t');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Go to Source Health');
  await expect(help).toContainText('Log Viewer: focus the search query');
  await snap(page, 'shell-shortcut-help');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Keys typed into a field are text, not shortcuts.
  await page.getByRole('button', { name: 'New Log Source' }).click();
  await page.getByLabel('Source Name').pressSequentially('g h');
  await expect(page.getByLabel('Source Name')).toHaveValue('g h');
  await expect(page.getByTestId('source-form')).toBeVisible();
  await page.getByLabel('Source Name').press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('l');
  await expect(page.getByTestId('source-form')).toBeVisible();
});

test('keyboard reachable with a visible focus ring', async ({ page }) => {
  await navLink(page, 'Platforms').click();
  await page.locator('body').click({ position: { x: 700, y: 600 } });
  await page.keyboard.press('Shift+Tab');
  // Walk forward until the "New Platform" button has focus, then open it with Enter.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (
      await page
        .getByRole('button', { name: 'New Platform' })
        .first()
        .evaluate((el) => el === document.activeElement)
    )
      break;
  }
  const button = page.getByRole('button', { name: 'New Platform' }).first();
  await expect(button).toBeFocused();
  const outline = await button.evaluate((el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
  expect(outline).toBe('solid 2px');
  await snap(page, 'shell-focus-ring');
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('platform-dialog');
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await page.keyboard.type('Staging');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('platform-row')).toHaveCount(1);
  // Focus returns to the opener after the dialog closes.
  await expect(button).toBeFocused();
});

test('connection lost shows a banner and the status', async ({ page, server }) => {
  await navLink(page, 'Log sources').click();
  await expect(page.getByTestId('sources-screen')).toBeVisible();
  await server.stop();
  await navLink(page, 'Source Health').click();
  await expect(page.getByTestId('connection-lost')).toBeVisible();
  await expect(page.getByTestId('connection-lost')).toContainText('Connection to Watchpost lost');
  await expect(page.getByTestId('connection-status')).toContainText('Disconnected');
  await expect(page.getByTestId('error-state')).toContainText('Could not load Source Health');
  await snap(page, 'shell-connection-lost');
});
