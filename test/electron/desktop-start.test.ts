import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_INVOKE_CHANNEL, IPC_STREAM_CHANNEL, STREAM_NAMES } from '../../shared/api.ts';
import { APP_ID, desktopOptionsFromEnv } from '../../main/electron/desktop.ts';
import { inlineScriptHashes } from '../../main/electron/security.ts';
import { preventable } from './fake-electron.ts';
import { APP_PAGE_HTML, startHarness } from './desktop-harness.ts';

describe('desktop start-up', () => {
  it('quits at once, without starting an engine, when another instance holds the lock', async () => {
    const h = await startHarness({ lock: false });
    expect(h.desktop).toBeNull();
    expect(h.fake.state.quitCalls).toBe(1);
    expect(h.startEngine.attempts).toEqual([]);
    expect(h.fake.state.windows).toEqual([]);
  });

  it('focuses (and un-minimizes) the existing window when a second instance starts', async () => {
    const h = await startHarness();
    const win = h.fake.state.windows[0]!;
    win.minimized = true;
    h.fake.app.emit('second-instance', preventable(), ['watchpost'], '/home/u');
    expect(win.restored).toBe(1);
    expect(win.focused).toBe(1);
  });

  it('creates one locked-down window that loads the app page from disk', async () => {
    const h = await startHarness();
    expect(h.fake.state.windows).toHaveLength(1);
    expect(h.fake.state.sandboxEnabled).toBe(true);
    const win = h.fake.state.windows[0]!;
    expect(win.options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: join(h.appPath, 'dist-electron', 'preload.cjs'),
    });
    expect(win.loadedFile).toBe(join(h.appPath, 'renderer', 'dist', 'index.html'));
    expect(win.shown).toBe(0);
    win.emit('ready-to-show');
    expect(win.shown).toBe(1);
  });

  it('serves the CSP header on the session, admitting the page’s own inline script by hash', async () => {
    const h = await startHarness();
    let headers: Record<string, string[] | string> | undefined;
    h.fake.state.headersListener!({ responseHeaders: { 'content-type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    const csp = (headers!['Content-Security-Policy'] as string[])[0]!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`script-src 'self' '${inlineScriptHashes(APP_PAGE_HTML)[0]}'`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    let granted: boolean | undefined;
    h.fake.state.permissionRequestHandler!({}, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });

  it('denies navigation and new windows in the app window', async () => {
    const h = await startHarness();
    const contents = h.fake.state.windows[0]!.webContents;
    const nav = preventable();
    contents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/shadow' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(h.fake.state.openedExternal).toEqual(['https://docs.example/']);
  });

  it('starts the engine on the userData dir as the OS user, ingest on 0.0.0.0:9470 by default', async () => {
    const h = await startHarness();
    const o = h.startEngine.attempts[0]!;
    expect(o).toMatchObject({ dataDir: h.userData, mode: 'desktop', operator: 'analyst1', ingestHost: '0.0.0.0', ingestPort: 9470 });
    expect(o.secrets.warning).toBeNull();
    expect(h.logs).toContain('Watchpost ingest: http://127.0.0.1:9470/v1/ingest  (LAN: http://192.168.1.20:9470/v1/ingest)');
  });

  it('honours WATCHPOST_DATA_DIR / _INGEST_HOST / _INGEST_PORT', async () => {
    const env = desktopOptionsFromEnv({ WATCHPOST_DATA_DIR: '/tmp/wp-e2e', WATCHPOST_INGEST_HOST: '127.0.0.1', WATCHPOST_INGEST_PORT: '0' });
    expect(env).toEqual({ dataDir: '/tmp/wp-e2e', ingestHost: '127.0.0.1', ingestPort: 0 });
    expect(() => desktopOptionsFromEnv({ WATCHPOST_INGEST_PORT: '70000' })).toThrow(/0-65535/);
    expect(() => desktopOptionsFromEnv({ WATCHPOST_INGEST_PORT: '-1' })).toThrow(/0-65535/);
    expect(desktopOptionsFromEnv({})).toEqual({});
    const h = await startHarness({ desktop: { ...env, dataDir: undefined, ingestPort: 0 } });
    expect(h.startEngine.attempts[0]).toMatchObject({ ingestHost: '127.0.0.1', ingestPort: 0 });
    const moved = await startHarness({ desktop: { dataDir: '/tmp/wp-elsewhere' } });
    expect(moved.fake.state.userDataSetTo).toEqual(['/tmp/wp-elsewhere']);
    expect(moved.startEngine.attempts[0]!.dataDir).toBe('/tmp/wp-elsewhere');
  });

  it('warns in the log and passes the warning to the engine when safeStorage is basic_text', async () => {
    const h = await startHarness({ backend: 'basic_text' });
    expect(h.startEngine.attempts[0]!.secrets.warning).toMatch(/basic_text/);
    expect(h.logs.some((l) => l.includes('basic_text'))).toBe(true);
    const sealed = h.startEngine.attempts[0]!.secrets.encrypt('pw');
    expect(h.startEngine.attempts[0]!.secrets.decrypt(sealed)).toBe('pw');
  });

  it('sets the Windows AppUserModelID so toasts are attributed to Watchpost', async () => {
    const win = await startHarness({ desktop: { platform: 'win32' } });
    expect(win.fake.state.appUserModelIds).toEqual([APP_ID]);
    const linux = await startHarness();
    expect(linux.fake.state.appUserModelIds).toEqual([]);
  });
});

describe('desktop IPC', () => {
  it('routes a call from the app page to the engine and rejects other frames', async () => {
    const h = await startHarness();
    const ok = await h.fake.invoke(IPC_INVOKE_CHANNEL, `${h.appUrl}#/logs`, 'events.search', { q: 'host:web-1' });
    expect(ok).toEqual({ success: true, data: { echo: 'events.search', input: { q: 'host:web-1' } } });
    expect(h.runtime!.calls[0]!.meta).toEqual({ actor: 'analyst1' });
    const foreign = await h.fake.invoke(IPC_INVOKE_CHANNEL, 'https://evil.example/', 'sources.list', {});
    expect(foreign).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
    const unknown = await h.fake.invoke(IPC_INVOKE_CHANNEL, h.appUrl, 'db.exec', { sql: 'DROP TABLE events' });
    expect(unknown).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(h.runtime!.calls).toHaveLength(1);
  });

  it('pushes every engine stream to the window, and stops once the window is gone', async () => {
    const h = await startHarness();
    for (const name of STREAM_NAMES) expect(h.runtime!.subscriberCount(name)).toBe(1);
    const win = h.fake.state.windows[0]!;
    h.runtime!.emit('alert', { id: 'al_1', severity: 'critical' });
    h.runtime!.emit('health', []);
    expect(win.webContents.sent).toEqual([
      { channel: IPC_STREAM_CHANNEL, args: ['alert', { id: 'al_1', severity: 'critical' }] },
      { channel: IPC_STREAM_CHANNEL, args: ['health', []] },
    ]);
    win.close();
    h.runtime!.emit('alert', { id: 'al_2' });
    expect(win.webContents.sent).toHaveLength(2);
  });
});
