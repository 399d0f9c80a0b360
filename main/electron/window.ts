/**
 * The one Watchpost window: locked-down webPreferences, remembered bounds, shown only once painted.
 *
 * Why these preferences: SPEC §1 requires contextIsolation, sandbox and no nodeIntegration; the
 * page reaches the engine only through the preload bridge (two functions). The rest (no webview,
 * no insecure content, no worker Node) closes the side doors Electron's security checklist lists.
 */
import type { BrowserWindowLike, BrowserWindowOptionsLike, ElectronLike } from './electron-types.ts';
import { loadWindowState, MIN_SIZE, restoreBounds, saveWindowState } from './window-state.ts';

export interface MainWindowOptions {
  electron: Pick<ElectronLike, 'BrowserWindow' | 'screen'>;
  preloadPath: string;
  indexHtmlPath: string;
  userDataDir: string;
}

/** Dark to match the renderer's default theme, so no white flash before the first paint. */
export const WINDOW_BACKGROUND = '#0f1115';

/** The exact options every Watchpost window is built with (exported for tests and docs). */
export function mainWindowOptions(preloadPath: string, bounds: { x?: number; y?: number; width: number; height: number }): BrowserWindowOptionsLike {
  return {
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Watchpost',
    backgroundColor: WINDOW_BACKGROUND,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: preloadPath,
    },
  };
}

/**
 * Create the window at its remembered place, save its place when it closes, and load the app page.
 * Loading failures are left to the caller (the returned promise of `loaded`).
 */
export function createMainWindow(opts: MainWindowOptions): { window: BrowserWindowLike; loaded: Promise<void> } {
  const { BrowserWindow, screen } = opts.electron;
  const saved = loadWindowState(opts.userDataDir);
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = restoreBounds(saved, displays, screen.getPrimaryDisplay().workArea);
  const window = new BrowserWindow(mainWindowOptions(opts.preloadPath, bounds));
  if (saved?.maximized) window.maximize();

  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      saveWindowState(opts.userDataDir, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch {
      // A read-only or full disk must not block closing the window; the next start opens centered.
    }
  });
  const loaded = window.loadFile(opts.indexHtmlPath);
  return { window, loaded };
}

/** Bring a window to the front, un-minimizing it first (second instance, toast click). */
export function focusWindow(window: BrowserWindowLike | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
