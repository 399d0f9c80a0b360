/**
 * The desktop app end to end: the real Electron build opens its window, the Log Viewer renders over
 * the IPC bridge, and the page has the bridge's two functions and no Node.
 */
import { electronBinary, expect, NO_ELECTRON_REASON, test } from './electron-fixture.ts';

test.describe('Watchpost desktop', () => {
  test.skip(electronBinary() === null, NO_ELECTRON_REASON);

  test('opens one window showing the Log Viewer', async ({ electronApp, appWindow }) => {
    await expect(appWindow.getByTestId('log-viewer')).toBeVisible();
    await expect(appWindow).toHaveTitle(/Watchpost/);
    expect(electronApp.windows()).toHaveLength(1);
  });

  test('the page reaches the engine only through invoke/subscribe, with Node out of reach', async ({ appWindow, dataDir }) => {
    const probe = await appWindow.evaluate(async () => {
      const w = window as unknown as { watchpost?: Record<string, unknown>; require?: unknown; process?: unknown };
      const bridge = w.watchpost as { invoke(m: string, i: unknown): Promise<{ success: boolean; data?: { mode: string; dataDir: string } }> };
      const info = await bridge.invoke('app.info', {});
      const unknown = await bridge.invoke('db.exec', {});
      return {
        keys: Object.keys(w.watchpost ?? {}).sort(),
        hasRequire: typeof w.require !== 'undefined',
        hasProcess: typeof w.process !== 'undefined',
        info,
        unknown,
      };
    });
    expect(probe.keys).toEqual(['invoke', 'subscribe']);
    expect(probe.hasRequire).toBe(false);
    expect(probe.hasProcess).toBe(false);
    expect(probe.info).toMatchObject({ success: true, data: { mode: 'desktop', dataDir } });
    expect(probe.unknown).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });

  test('the window cannot navigate away or open another window', async ({ electronApp, appWindow }) => {
    const before = appWindow.url();
    await appWindow.evaluate(() => {
      window.open('https://example.com/', '_blank');
      window.location.href = 'https://example.com/';
    });
    await appWindow.waitForTimeout(500);
    expect(appWindow.url()).toBe(before);
    expect(electronApp.windows()).toHaveLength(1);
  });
});
