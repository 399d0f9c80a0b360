/**
 * Desktop mode (SPEC §1): one locked-down Electron window over the same engine `serve` runs.
 *
 * Why everything is injected: the electron module and the engine starter come in as parameters so
 * the whole start-up, IPC and quit sequence runs under vitest with a fake electron and a fake engine
 * (test/electron/). `main.ts` is the only file that imports the real 'electron'.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { IPC_STREAM_CHANNEL, SHELL_COMMANDS } from '../../shared/api.ts';
import { DEFAULT_INGEST_PORT } from '../../shared/limits.ts';
import type { ApiDispatcher } from '../../shared/api.ts';
import type { Notifier, SecretBox } from '../engine/context.ts';
import { fileSecretBox } from '../engine/secrets.ts';
import type { BrowserWindowLike, ElectronLike, PreventableEvent, WebContentsLike } from './electron-types.ts';
import { appPageUrl, forwardStreams, registerInvokeHandler } from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { createDesktopNotifier } from './notifier.ts';
import { createSafeStorageSecretBox } from './secret-box.ts';
import { applySessionSecurity, contentSecurityPolicy, hardenWebContents, inlineScriptHashes } from './security.ts';
import { createMainWindow, focusWindow } from './window.ts';

/** Must match `appId` in electron-builder.yml (Windows toasts are attributed through it). */
export const APP_ID = 'dev.watchpost.desktop';

/**
 * What the shell passes to the engine starter (main/runtime.ts `startRuntime` accepts it as is:
 * engine + ingest server, no console server — the UI talks IPC).
 */
export interface DesktopEngineOptions {
  dataDir: string;
  mode: 'desktop';
  secrets: SecretBox;
  operator: string;
  notifier: Notifier;
  ingestHost: string;
  ingestPort: number;
  /** HTTPS on the ingest port (WATCHPOST_INGEST_TLS / _TLS_CERT / _TLS_KEY, like the serve flags). */
  tls?: { mode?: 'auto' | 'required' | 'off'; certFile?: string; keyFile?: string };
}

/** What the shell needs back: the API to serve over IPC, where ingest listens, and how to stop. */
export interface DesktopRuntime {
  readonly engine: { readonly api: ApiDispatcher };
  readonly ingestUrl: string;
  readonly lanIngestUrls: string[];
  /** Stop accepting, finish in-flight requests, flush, close the database. */
  close(): Promise<void>;
}

export interface StartDesktopOptions {
  electron: ElectronLike;
  /** Open the store and start listening for ingest (main/runtime.ts `startRuntime`). */
  startEngine(opts: DesktopEngineOptions): Promise<DesktopRuntime>;
  /** Use this data directory instead of the OS default userData (WATCHPOST_DATA_DIR, e2e tests). */
  dataDir?: string;
  /** Ingest listener (WATCHPOST_INGEST_HOST / _PORT); default 0.0.0.0:9470 like `serve` (SPEC §1). */
  ingestHost?: string;
  ingestPort?: number;
  /** TLS on the ingest port (WATCHPOST_INGEST_TLS, WATCHPOST_TLS_CERT, WATCHPOST_TLS_KEY); default auto with a generated certificate. */
  tls?: DesktopEngineOptions['tls'];
  /** Default: `<appPath>/renderer/dist/index.html`. */
  indexHtmlPath?: string;
  /** Default: `<appPath>/dist-electron/preload.cjs`. */
  preloadPath?: string;
  /** Default: the OS user name (SPEC §2 keyGeneratedBy). */
  operator?: string;
  platform?: NodeJS.Platform;
  /** Longest wait for the engine to flush and close on quit before exiting anyway. */
  shutdownTimeoutMs?: number;
  log?(line: string): void;
}

export interface DesktopApp {
  readonly runtime: DesktopRuntime;
  /** The current window, or null between closing it and re-opening it (macOS dock). */
  window(): BrowserWindowLike | null;
  /** Stop streams and IPC, close the engine. Idempotent; `will-quit` calls it. */
  shutdown(): Promise<void>;
}

/** The OS account name; falls back to env vars where userInfo() throws (no passwd entry). */
export function osOperator(): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // fall through
  }
  return process.env.USER ?? process.env.USERNAME ?? 'desktop';
}

/**
 * Desktop overrides from the environment, named like the `serve` flags (SPEC §1): WATCHPOST_DATA_DIR,
 * WATCHPOST_INGEST_HOST, WATCHPOST_INGEST_PORT, WATCHPOST_INGEST_TLS, WATCHPOST_TLS_CERT, WATCHPOST_TLS_KEY.
 * Throws on an unusable port or TLS mode so the user sees why.
 */
export function desktopOptionsFromEnv(env: Record<string, string | undefined>): Pick<StartDesktopOptions, 'dataDir' | 'ingestHost' | 'ingestPort' | 'tls'> {
  const out: Pick<StartDesktopOptions, 'dataDir' | 'ingestHost' | 'ingestPort' | 'tls'> = {};
  const mode = env.WATCHPOST_INGEST_TLS;
  if (mode !== undefined && mode !== '' && mode !== 'auto' && mode !== 'required' && mode !== 'off') {
    throw new Error(`WATCHPOST_INGEST_TLS must be auto, required or off, got ${JSON.stringify(mode)}`);
  }
  if (mode || env.WATCHPOST_TLS_CERT || env.WATCHPOST_TLS_KEY) {
    out.tls = {
      ...(mode ? { mode } : {}),
      ...(env.WATCHPOST_TLS_CERT ? { certFile: env.WATCHPOST_TLS_CERT } : {}),
      ...(env.WATCHPOST_TLS_KEY ? { keyFile: env.WATCHPOST_TLS_KEY } : {}),
    };
  }
  if (env.WATCHPOST_DATA_DIR) out.dataDir = env.WATCHPOST_DATA_DIR;
  if (env.WATCHPOST_INGEST_HOST) out.ingestHost = env.WATCHPOST_INGEST_HOST;
  const port = env.WATCHPOST_INGEST_PORT;
  if (port !== undefined && port !== '') {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
      throw new Error(`WATCHPOST_INGEST_PORT must be a port number 0-65535, got ${JSON.stringify(port)}`);
    }
    out.ingestPort = Number(port);
  }
  return out;
}

/** Hashes of the app page's inline scripts; none if the page is missing (loadFile reports that). */
function pageScriptHashes(indexHtmlPath: string): string[] {
  try {
    return inlineScriptHashes(readFileSync(indexHtmlPath, 'utf8'));
  } catch {
    return [];
  }
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`engine did not close within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Start the desktop app. Resolves to null when this process must exit: another instance holds the
 * single-instance lock (it gets focused instead) or the engine failed to start (an error box was
 * shown and `app.exit(1)` called).
 */
export async function startDesktop(opts: StartDesktopOptions): Promise<DesktopApp | null> {
  const { electron } = opts;
  const { app } = electron;
  const platform = opts.platform ?? process.platform;
  const log = opts.log ?? ((line: string) => console.log(line));
  const operator = opts.operator ?? osOperator();

  if (opts.dataDir) app.setPath('userData', opts.dataDir);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  // Every renderer sandboxed, whatever a future BrowserWindow forgets to set (must precede ready).
  app.enableSandbox();
  let window: BrowserWindowLike | null = null;
  app.on('second-instance', () => focusWindow(window));
  app.on('web-contents-created', (_event: unknown, contents: WebContentsLike) => hardenWebContents(contents, electron.shell));
  if (platform === 'win32') app.setAppUserModelId(APP_ID);

  await app.whenReady();
  const userData = app.getPath('userData');
  const appPath = app.getAppPath();
  const indexHtmlPath = opts.indexHtmlPath ?? join(appPath, 'renderer', 'dist', 'index.html');
  const preloadPath = opts.preloadPath ?? join(appPath, 'dist-electron', 'preload.cjs');
  applySessionSecurity(electron.session.defaultSession, contentSecurityPolicy(pageScriptHashes(indexHtmlPath)));
  const send = (channel: string, ...args: unknown[]): void => {
    if (window && !window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(channel, ...args);
  };

  const secrets = createSafeStorageSecretBox(electron.safeStorage, () => fileSecretBox(userData));
  if (secrets.warning) log(`Watchpost: ${secrets.warning}`);
  const notifier = createDesktopNotifier({
    Notification: electron.Notification,
    focus: () => focusWindow(window),
    navigate: (target) => send(IPC_STREAM_CHANNEL, SHELL_COMMANDS.navigate, target),
  });

  let runtime: DesktopRuntime;
  try {
    runtime = await opts.startEngine({
      dataDir: userData,
      mode: 'desktop',
      secrets,
      operator,
      notifier,
      ingestHost: opts.ingestHost ?? '0.0.0.0',
      ingestPort: opts.ingestPort ?? DEFAULT_INGEST_PORT,
      ...(opts.tls ? { tls: opts.tls } : {}),
    });
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    log(`Watchpost failed to start: ${message}`);
    electron.dialog.showErrorBox('Watchpost cannot start', `${message}\n\nData folder: ${userData}`);
    app.exit(1);
    return null;
  }
  const lan = runtime.lanIngestUrls.length ? `  (LAN: ${runtime.lanIngestUrls.join(', ')})` : '';
  log(`Watchpost ingest: ${runtime.ingestUrl}${lan}`);
  const api = runtime.engine.api;

  const offInvoke = registerInvokeHandler({
    ipcMain: electron.ipcMain,
    api,
    appUrl: appPageUrl(indexHtmlPath),
    operator,
  });
  const offStreams = forwardStreams(api, (channel, name, payload) => send(channel, name, payload));

  const menu = buildMenuTemplate({
    platform,
    isPackaged: app.isPackaged,
    actions: {
      focusSearch: () => {
        focusWindow(window);
        send(IPC_STREAM_CHANNEL, SHELL_COMMANDS.focusSearch, {});
      },
      openDataFolder: () => {
        electron.shell.openPath(userData).catch(() => undefined);
      },
    },
  });
  electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(menu));

  const openWindow = (): void => {
    const created = createMainWindow({ electron, preloadPath, indexHtmlPath, userDataDir: userData });
    window = created.window;
    created.window.on('closed', () => {
      if (window === created.window) window = null;
    });
    created.loaded.catch((err: unknown) => log(`Watchpost could not load ${indexHtmlPath}: ${(err as Error)?.message ?? err}`));
  };
  openWindow();
  app.on('activate', () => {
    if (!window) openWindow();
  });
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });

  let closing: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      offStreams();
      offInvoke();
      await withTimeout(runtime.close(), opts.shutdownTimeoutMs ?? 10_000);
    })();
    return closing;
  };
  let closed = false;
  app.on('will-quit', (event: PreventableEvent) => {
    if (closed) return;
    event.preventDefault();
    shutdown()
      .catch((err: unknown) => log(`Watchpost shutdown: ${(err as Error)?.message ?? err}`))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  return { runtime, window: () => window, shutdown };
}
