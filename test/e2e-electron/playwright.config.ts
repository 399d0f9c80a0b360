/**
 * Playwright config for the desktop e2e (Electron through Playwright's `_electron`). Separate from the
 * browser e2e config because it needs an Electron binary, which many machines (and this repo's CI
 * sandbox) cannot download. Run: `npx playwright test -c test/e2e-electron`.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/e2e-electron',
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
});
