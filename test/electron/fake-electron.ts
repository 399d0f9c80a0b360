/**
 * A fake of the Electron main-process API (the `ElectronLike` slice), recording every call so tests
 * can drive the desktop shell without an Electron binary. Each `createFakeElectron()` is isolated:
 * its classes keep their instance lists per fake, never across tests.
 */
import type {
  AnyListener,
  BrowserWindowLike,
  BrowserWindowOptionsLike,
  ElectronLike,
  HeadersReceivedDetails,
  IpcInvokeEventLike,
  MenuItemTemplate,
  Rect,
  WindowOpenDetails,
} from '../../main/electron/electron-types.ts';

/** Minimal Node-style emitter that also reports how many listeners an event has. */
export class FakeEmitter {
  readonly listeners = new Map<string, AnyListener[]>();
  on(event: string, listener: AnyListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: AnyListener): this {
    const wrapped: AnyListener = (...args) => {
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((l) => l !== wrapped),
      );
      listener(...args);
    };
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An event with preventDefault, as Electron passes to will-navigate, will-quit, … */
export function preventable(): { preventDefault(): void; defaultPrevented: boolean } {
  const e = {
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true;
    },
  };
  return e;
}

export class FakeWebContents extends FakeEmitter {
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: WindowOpenDetails) => { action: 'deny' }) | null = null;
  destroyed = false;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export interface FakeElectronOptions {
  lock?: boolean;
  isPackaged?: boolean;
  userData?: string;
  appPath?: string;
  displays?: Rect[];
  encryptionAvailable?: boolean;
  backend?: string;
  notificationsSupported?: boolean;
}

/** Build a fresh fake; `state` exposes everything the shell did to it. */
export function createFakeElectron(opts: FakeElectronOptions = {}) {
  const displays = opts.displays ?? [{ x: 0, y: 0, width: 1920, height: 1040 }];
  const state = {
    quitCalls: 0,
    sandboxEnabled: false,
    exitCodes: [] as Array<number | undefined>,
    appUserModelIds: [] as string[],
    userDataSetTo: [] as string[],
    windows: [] as FakeBrowserWindow[],
    notifications: [] as FakeNotification[],
    handlers: new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>(),
    applicationMenu: null as { template: MenuItemTemplate[] } | null,
    headersListener: null as ((d: HeadersReceivedDetails, cb: (r: { responseHeaders?: Record<string, string[] | string> }) => void) => void) | null,
    permissionRequestHandler: null as ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null,
    permissionCheckHandler: null as ((wc: unknown, permission: string) => boolean) | null,
    openedExternal: [] as string[],
    openedPaths: [] as string[],
    errorBoxes: [] as Array<{ title: string; content: string }>,
    userData: opts.userData ?? '/tmp/watchpost-fake-userdata',
    encryptionAvailable: opts.encryptionAvailable ?? true,
    backend: opts.backend,
    notificationsSupported: opts.notificationsSupported ?? true,
  };

  class FakeApp extends FakeEmitter {
    isPackaged = opts.isPackaged ?? false;
    requestSingleInstanceLock(): boolean {
      return opts.lock ?? true;
    }
    enableSandbox(): void {
      state.sandboxEnabled = true;
    }
    whenReady(): Promise<void> {
      return Promise.resolve();
    }
    quit(): void {
      state.quitCalls += 1;
    }
    exit(code?: number): void {
      state.exitCodes.push(code);
    }
    getPath(name: 'userData'): string {
      if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
      return state.userData;
    }
    setPath(name: 'userData', path: string): void {
      if (name !== 'userData') throw new Error(`unexpected setPath(${name})`);
      state.userDataSetTo.push(path);
      state.userData = path;
    }
    getAppPath(): string {
      return opts.appPath ?? '/opt/watchpost/resources/app.asar';
    }
    setAppUserModelId(id: string): void {
      state.appUserModelIds.push(id);
    }
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends FakeEmitter implements BrowserWindowLike {
    static getAllWindows(): FakeBrowserWindow[] {
      return state.windows.filter((w) => !w.destroyed);
    }
    readonly webContents = new FakeWebContents();
    readonly options: BrowserWindowOptionsLike;
    loadedFile: string | null = null;
    shown = 0;
    focused = 0;
    restored = 0;
    minimized = false;
    maximized = false;
    destroyed = false;
    bounds: Rect;
    constructor(options: BrowserWindowOptionsLike) {
      super();
      this.options = options;
      this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
      state.windows.push(this);
      app.emit('web-contents-created', preventable(), this.webContents);
    }
    loadFile(filePath: string): Promise<void> {
      this.loadedFile = filePath;
      return Promise.resolve();
    }
    show(): void {
      this.shown += 1;
    }
    focus(): void {
      this.focused += 1;
    }
    restore(): void {
      this.restored += 1;
      this.minimized = false;
    }
    maximize(): void {
      this.maximized = true;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    getNormalBounds(): Rect {
      return { ...this.bounds };
    }
    /** What the user closing the window does: 'close', then destroyed, then 'closed'. */
    close(): void {
      this.emit('close', preventable());
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
  }

  class FakeNotification extends FakeEmitter {
    static isSupported(): boolean {
      return state.notificationsSupported;
    }
    readonly options: { title: string; body: string; silent?: boolean };
    shown = 0;
    constructor(options: { title: string; body: string; silent?: boolean }) {
      super();
      this.options = options;
      state.notifications.push(this);
    }
    show(): void {
      this.shown += 1;
    }
  }

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void {
        if (state.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        state.handlers.set(channel, listener);
      },
      removeHandler(channel: string): void {
        state.handlers.delete(channel);
      },
    },
    Menu: {
      buildFromTemplate(template: MenuItemTemplate[]): { template: MenuItemTemplate[] } {
        return { template };
      },
      setApplicationMenu(menu: { template: MenuItemTemplate[] } | null): void {
        state.applicationMenu = menu;
      },
    },
    Notification: FakeNotification,
    safeStorage: {
      isEncryptionAvailable: () => state.encryptionAvailable,
      encryptString(plain: string): Buffer {
        if (!state.encryptionAvailable) throw new Error('Encryption is not available.');
        return Buffer.from(`fake-os-sealed:${[...plain].reverse().join('')}`, 'utf8');
      },
      decryptString(sealed: Buffer): string {
        const text = sealed.toString('utf8');
        if (!text.startsWith('fake-os-sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return [...text.slice('fake-os-sealed:'.length)].reverse().join('');
      },
      ...(state.backend === undefined ? {} : { getSelectedStorageBackend: () => state.backend as string }),
    },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived(listener: NonNullable<typeof state.headersListener>): void {
            state.headersListener = listener;
          },
        },
        setPermissionRequestHandler(handler: NonNullable<typeof state.permissionRequestHandler>): void {
          state.permissionRequestHandler = handler;
        },
        setPermissionCheckHandler(handler: NonNullable<typeof state.permissionCheckHandler>): void {
          state.permissionCheckHandler = handler;
        },
      },
    },
    screen: {
      getAllDisplays: () => displays.map((workArea) => ({ workArea })),
      getPrimaryDisplay: () => ({ workArea: displays[0]! }),
    },
    shell: {
      async openExternal(url: string): Promise<void> {
        state.openedExternal.push(url);
      },
      async openPath(path: string): Promise<string> {
        state.openedPaths.push(path);
        return '';
      },
    },
    dialog: {
      showErrorBox(title: string, content: string): void {
        state.errorBoxes.push({ title, content });
      },
    },
  } satisfies ElectronLike;

  /** Call the registered invoke handler as a frame at `frameUrl` would (null: frame gone). */
  async function invoke(channel: string, frameUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = state.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
  }

  return { electron, app, state, invoke, FakeBrowserWindow, FakeNotification };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type FakeBrowserWindow = InstanceType<FakeElectron['FakeBrowserWindow']>;
export type FakeNotification = InstanceType<FakeElectron['FakeNotification']>;
