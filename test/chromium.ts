/**
 * How every browser run here launches Debian's Chromium (Playwright must never download its own):
 * the e2e suite (playwright.config.ts) and the Log Viewer bench add their own flags to these.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
