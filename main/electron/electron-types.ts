/**
 * The slice of the Electron main-process API the shell uses, written as plain structural types.
 *
 * Why: the shell takes the electron module as a parameter so unit tests can drive it with a fake
 * (test/electron/fake-electron.ts). The real `electron` module is assignable to `ElectronLike`
 * (main.ts passes it without a cast), so a change in Electron's typings that breaks an assumption
 * here shows up in `tsc`. Only `main/electron/` may import these.
 */

/**
 * A listener for any Node-style event; each call site declares the parameters its event carries.
 * The one `any` of the tree: `unknown[]` rejects those typed call-site listeners, and `never[]` makes
 * Electron's overloaded `on(...)` typings unassignable to this surface (callbacks compare one way only).
 */
// biome-ignore lint/suspicious/noExplicitAny: listeners must be bivariant to accept both Electron's overloads and typed call sites (see above)
export type AnyListener = (...args: any[]) => void;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface WindowOpenDetails {
  url: string;
}

export interface WebContentsLike {
  on(event: string, listener: AnyListener): unknown;
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void;
  isDestroyed(): boolean;
}

export interface BrowserWindowOptionsLike {
  x?: number;
  y?: number;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: {
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    webviewTag: boolean;
    spellcheck: boolean;
    preload: string;
  };
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  on(event: string, listener: AnyListener): unknown;
  once(event: string, listener: AnyListener): unknown;
  loadFile(filePath: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rect;
}

export interface BrowserWindowStatic {
  new (options: BrowserWindowOptionsLike): BrowserWindowLike;
  getAllWindows(): BrowserWindowLike[];
}

export interface AppLike {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  enableSandbox(): void;
  whenReady(): Promise<void>;
  on(event: string, listener: AnyListener): unknown;
  quit(): void;
  exit(exitCode?: number): void;
  getPath(name: 'userData'): string;
  setPath(name: 'userData', path: string): void;
  getAppPath(): string;
  setAppUserModelId(id: string): void;
}

export interface IpcFrameLike {
  readonly url: string;
}

export interface IpcInvokeEventLike {
  readonly senderFrame: IpcFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type MenuRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'quit'
  | 'close'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'about'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'services'
  | 'appMenu'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools';

/** A native menu entry; `click` receives no arguments because the shell never needs them. */
export interface MenuItemTemplate {
  label?: string;
  role?: MenuRole;
  type?: 'separator' | 'submenu' | 'normal';
  accelerator?: string;
  id?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuStatic {
  buildFromTemplate(template: MenuItemTemplate[]): unknown;
  /** Takes what `buildFromTemplate` returned (Electron: `Menu | null`). */
  setApplicationMenu(menu: unknown): void;
}

export interface NotificationLike {
  on(event: string, listener: AnyListener): unknown;
  show(): void;
}

export interface NotificationStatic {
  new (options: { title: string; body: string; silent?: boolean }): NotificationLike;
  isSupported(): boolean;
}

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

export interface HeadersReceivedDetails {
  responseHeaders?: Record<string, string[] | string>;
}

export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (details: HeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

export interface ScreenLike {
  getAllDisplays(): Array<{ workArea: Rect }>;
  getPrimaryDisplay(): { workArea: Rect };
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
  openPath(path: string): Promise<string>;
}

export interface DialogLike {
  showErrorBox(title: string, content: string): void;
}

/** What `startDesktop` needs from `import electron from 'electron'`. */
export interface ElectronLike {
  app: AppLike;
  BrowserWindow: BrowserWindowStatic;
  ipcMain: IpcMainLike;
  Menu: MenuStatic;
  Notification: NotificationStatic;
  safeStorage: SafeStorageLike;
  session: { defaultSession: SessionLike };
  screen: ScreenLike;
  shell: ShellLike;
  dialog: DialogLike;
}
