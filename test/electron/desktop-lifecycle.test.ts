import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_INVOKE_CHANNEL, IPC_STREAM_CHANNEL, SHELL_COMMANDS } from '../../shared/api.ts';
import { listAccelerators } from '../../main/electron/menu.ts';
import { WINDOW_STATE_FILE } from '../../main/electron/window-state.ts';
import { preventable } from './fake-electron.ts';
import { flush, startHarness } from './desktop-harness.ts';

describe('desktop quit', () => {
  it('on will-quit, holds the quit until IPC and streams are off and the engine is closed', async () => {
    const h = await startHarness();
    const quit = preventable();
    h.fake.app.emit('will-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await flush();
    expect(h.runtime!.closed).toBe(1);
    expect(h.runtime!.subscriberCount('alert')).toBe(0);
    expect(h.fake.state.handlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
    expect(h.fake.state.quitCalls).toBe(1);
    const again = preventable();
    h.fake.app.emit('will-quit', again);
    expect(again.defaultPrevented).toBe(false);
    expect(h.runtime!.closed).toBe(1);
  });

  it('quits anyway when the engine does not close in time', async () => {
    const h = await startHarness({ engine: { closeNever: true }, desktop: { shutdownTimeoutMs: 20 } });
    h.fake.app.emit('will-quit', preventable());
    await new Promise((r) => setTimeout(r, 60));
    await flush();
    expect(h.fake.state.quitCalls).toBe(1);
    expect(h.logs.some((l) => l.includes('did not close within 20 ms'))).toBe(true);
  });

  it('quits when the last window closes, except on macOS where the dock re-opens it', async () => {
    const linux = await startHarness();
    linux.fake.state.windows[0]!.close();
    linux.fake.app.emit('window-all-closed');
    expect(linux.fake.state.quitCalls).toBe(1);

    const mac = await startHarness({ desktop: { platform: 'darwin' } });
    mac.fake.state.windows[0]!.close();
    mac.fake.app.emit('window-all-closed');
    expect(mac.fake.state.quitCalls).toBe(0);
    expect(mac.desktop!.window()).toBeNull();
    mac.fake.app.emit('activate');
    expect(mac.fake.state.windows).toHaveLength(2);
    expect(mac.desktop!.window()).toBe(mac.fake.state.windows[1]);
    mac.fake.app.emit('activate');
    expect(mac.fake.state.windows).toHaveLength(2);
  });

  it('shows an error box and exits 1 when the engine cannot start, with no window', async () => {
    const h = await startHarness({ engine: { startError: new Error('listen EADDRINUSE: address already in use 0.0.0.0:9470') } });
    expect(h.desktop).toBeNull();
    expect(h.fake.state.errorBoxes).toEqual([
      { title: 'Watchpost cannot start', content: `listen EADDRINUSE: address already in use 0.0.0.0:9470\n\nData folder: ${h.userData}` },
    ]);
    expect(h.fake.state.exitCodes).toEqual([1]);
    expect(h.fake.state.windows).toEqual([]);
    expect(h.fake.state.handlers.size).toBe(0);
  });
});

describe('window state', () => {
  it('saves bounds and maximized on close and restores them on the next start', async () => {
    const first = await startHarness();
    const win = first.fake.state.windows[0]!;
    expect(win.options).toMatchObject({ x: 320, y: 120, width: 1280, height: 800 });
    win.bounds = { x: 100, y: 50, width: 1500, height: 900 };
    win.maximized = true;
    win.close();
    const saved = JSON.parse(readFileSync(join(first.userData, WINDOW_STATE_FILE), 'utf8'));
    expect(saved).toEqual({ bounds: { x: 100, y: 50, width: 1500, height: 900 }, maximized: true });

    const second = await startHarness({ userData: first.userData });
    const reopened = second.fake.state.windows[0]!;
    expect(reopened.options).toMatchObject({ x: 100, y: 50, width: 1500, height: 900 });
    expect(reopened.maximized).toBe(true);
  });

  it('moves a window saved on an unplugged monitor back onto the primary display', async () => {
    const first = await startHarness({
      displays: [
        { x: 0, y: 0, width: 1920, height: 1040 },
        { x: 1920, y: 0, width: 2560, height: 1400 },
      ],
    });
    const win = first.fake.state.windows[0]!;
    win.bounds = { x: 2400, y: 200, width: 1400, height: 900 };
    win.close();
    const second = await startHarness({ userData: first.userData, displays: [{ x: 0, y: 0, width: 1920, height: 1040 }] });
    expect(second.fake.state.windows[0]!.options).toMatchObject({ x: 260, y: 70, width: 1400, height: 900 });
  });
});

describe('menu and toasts', () => {
  it('installs the application menu; Find focuses the window and tells the renderer', async () => {
    const h = await startHarness();
    const template = h.fake.state.applicationMenu!.template;
    const find = listAccelerators(template).find((a) => a.accelerator === 'CmdOrCtrl+F')!.item;
    find.click!();
    const win = h.fake.state.windows[0]!;
    expect(win.focused).toBe(1);
    expect(win.webContents.sent).toEqual([{ channel: IPC_STREAM_CHANNEL, args: [SHELL_COMMANDS.focusSearch, {}] }]);
    expect(template.flatMap((m) => m.submenu ?? []).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('hides DevTools from the menu of a packaged app and opens the data folder from File', async () => {
    const h = await startHarness({ isPackaged: true });
    const items = h.fake.state.applicationMenu!.template.flatMap((m) => m.submenu ?? []);
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    items.find((i) => i.id === 'open-data-folder')!.click!();
    expect(h.fake.state.openedPaths).toEqual([h.userData]);
  });

  it('gives the engine a notifier whose toast click focuses the window and opens the alert', async () => {
    const h = await startHarness();
    const notifier = h.startEngine.attempts[0]!.notifier;
    notifier.notify({ title: 'High: port scan', body: '10.0.0.7 probed 300 ports', alertId: 'al_42', kind: 'alert' });
    const toast = h.fake.state.notifications[0]!;
    expect(toast.options.title).toBe('High: port scan');
    expect(toast.shown).toBe(1);
    const win = h.fake.state.windows[0]!;
    win.minimized = true;
    toast.emit('click');
    expect(win.restored).toBe(1);
    expect(win.focused).toBe(1);
    expect(win.webContents.sent).toEqual([{ channel: IPC_STREAM_CHANNEL, args: [SHELL_COMMANDS.navigate, { view: 'alerts', alertId: 'al_42' }] }]);
  });

  it('a toast clicked after the window closed does not throw or send', async () => {
    const h = await startHarness({ desktop: { platform: 'darwin' } });
    h.startEngine.attempts[0]!.notifier.notify({ title: 't', body: 'b', alertId: 'al_1', kind: 'alert' });
    const win = h.fake.state.windows[0]!;
    win.close();
    expect(() => h.fake.state.notifications[0]!.emit('click')).not.toThrow();
    expect(win.webContents.sent).toEqual([]);
    expect(existsSync(join(h.userData, WINDOW_STATE_FILE))).toBe(true);
  });
});
