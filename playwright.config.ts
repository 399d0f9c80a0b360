/**
 * Playwright e2e: system Chromium, two workers spreading single tests (each test starts its own `serve`
 * on a fresh data dir and free ports, so tests of one file may run side by side), no retries. Specs
 * save named screenshots to test-results/screenshots/; Playwright's own artefacts go to
 * test-results/artifacts so a run does not wipe the screenshots folder's siblings.
 */
import { defineConfig } from '@playwright/test';
import { useCompileCache } from './test/compile-cache.ts';

useCompileCache(); // Playwright's workers and each test's serve process

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/artifacts',
  // Two: a test spends much of its time waiting on its serve and the browser (docs/testing.md).
  workers: 2,
  retries: 0,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    colorScheme: 'dark',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
