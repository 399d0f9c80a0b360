/**
 * Playwright e2e: system Chromium, two workers spreading single tests (each test gets its own serve
 * runtime on a fresh data dir and free ports, so tests of one file may run side by side), no retries. Specs
 * save named screenshots to test-results/screenshots/; Playwright's own artefacts go to
 * test-results/artifacts so a run does not wipe the screenshots folder's siblings.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/chromium.ts';
import { useCompileCache } from './test/compile-cache.ts';

useCompileCache(); // Playwright's workers and their serve hosts

/**
 * The absence test (~80 s, mostly waiting out a one-minute window) is queued first, so it waits beside
 * the short tests instead of being the last test left. It alone: with the axe contrast run also
 * queued first, both workers spent the first ~80 s on those two while a core idled (docs/testing.md).
 */
const LONGEST_FIRST = /absence alert opens/;

/**
 * Chromium 156 builds two omnibox-popup WebUI pages (chrome://omnibox-popup.top-chrome/) for every
 * window, headless too: a renderer of their own that cost ~1.5 CPU-s per test, more than most test
 * pages. Nothing here uses the address bar. A second `--disable-features` replaces the first rather
 * than adding to it, so Playwright's own list (playwright-core's chromiumSwitches) is repeated here.
 */
const DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  'WebUIOmniboxFullPopup',
];

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
  projects: [
    { name: 'long', grep: LONGEST_FIRST },
    { name: 'rest', grepInvert: LONGEST_FIRST },
  ],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    colorScheme: 'dark',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--disable-features=${DISABLED_FEATURES.join(',')}`],
    },
  },
});
