/**
 * Shell state: theme, time display (UTC/local), nav collapsed, link to the engine, toasts and top banners. Banners are keyed so a feature
 * (e.g. forwarding when an endpoint is disabled) can raise and clear its own without touching others.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ConnectionStatus } from '../connection.ts';
import type { AppInfo } from '../../../shared/types.ts';
import type { WatchpostClient } from '../client.ts';
import { getClient } from '../app-client.ts';
import { useStore } from 'zustand';
import { setTimeDisplay, TIME_DISPLAY_KEY } from '../ui/format-time.ts';
import type { TimeDisplay } from '../ui/format-time.ts';

export type Theme = 'dark' | 'light';
export type ToastKind = 'info' | 'success' | 'warn' | 'error';
export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}
export interface Banner {
  id: string;
  kind: 'info' | 'warn' | 'error';
  message: string;
  /** Optional in-app link (hash route) shown after the message. */
  href?: string;
  linkLabel?: string;
  dismissible?: boolean;
}

export interface AppState {
  theme: Theme;
  /** UTC or local time on every screen (ui/format-time.ts reads it). */
  timeDisplay: TimeDisplay;
  /** Left navigation collapsed to icons' width (narrow windows). */
  navCollapsed: boolean;
  connection: ConnectionStatus;
  info: AppInfo | null;
  toasts: Toast[];
  banners: Banner[];
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  setTimeDisplay(value: TimeDisplay): void;
  toggleNav(): void;
  setConnection(status: ConnectionStatus): void;
  loadInfo(): Promise<void>;
  toast(kind: ToastKind, message: string): number;
  dismissToast(id: number): void;
  setBanner(banner: Banner): void;
  clearBanner(id: string): void;
}

export const THEME_KEY = 'watchpost.theme';
export const MAX_TOASTS = 5;

/** Minimal storage surface (localStorage in the app, a Map-backed object in tests). */
export type ThemeStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function readTheme(storage: ThemeStorage | null): Theme {
  try {
    return storage?.getItem(THEME_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

export const NAV_KEY = 'watchpost.navCollapsed';

function readTimeDisplay(storage: ThemeStorage | null): TimeDisplay {
  try {
    return storage?.getItem(TIME_DISPLAY_KEY) === 'local' ? 'local' : 'utc';
  } catch {
    return 'utc';
  }
}

function keep(storage: ThemeStorage | null, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Storage can be unavailable (private mode); the choice still applies for this session.
  }
}

export function createAppStore(client: () => WatchpostClient, storage: ThemeStorage | null): StoreApi<AppState> {
  let nextToast = 1;
  const timeDisplay = readTimeDisplay(storage);
  setTimeDisplay(timeDisplay);
  // Until the analyst chooses, a narrow window (under 1200 px) starts with the nav collapsed.
  let navCollapsed = typeof window !== 'undefined' && window.innerWidth < 1200;
  try {
    const stored = storage?.getItem(NAV_KEY);
    if (stored === '1' || stored === '0') navCollapsed = stored === '1';
  } catch {
    // Keep the default.
  }
  return createStore<AppState>()((set, get) => ({
    theme: readTheme(storage),
    timeDisplay,
    navCollapsed,
    connection: 'online',
    info: null,
    toasts: [],
    banners: [],
    setTheme(theme) {
      keep(storage, THEME_KEY, theme);
      set({ theme });
    },
    setTimeDisplay(value) {
      keep(storage, TIME_DISPLAY_KEY, value);
      setTimeDisplay(value);
      set({ timeDisplay: value });
    },
    toggleNav() {
      const next = !get().navCollapsed;
      keep(storage, NAV_KEY, next ? '1' : '0');
      set({ navCollapsed: next });
    },
    toggleTheme() {
      get().setTheme(get().theme === 'dark' ? 'light' : 'dark');
    },
    setConnection(connection) {
      if (get().connection !== connection) set({ connection });
    },
    async loadInfo() {
      const info = await client().call('app.info', {});
      set({ info });
      if (info.secretStorageWarning) {
        get().setBanner({ id: 'secret-storage', kind: 'warn', message: info.secretStorageWarning, dismissible: true });
      }
    },
    toast(kind, message) {
      const id = nextToast++;
      set({ toasts: [...get().toasts, { id, kind, message }].slice(-MAX_TOASTS) });
      return id;
    },
    dismissToast(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },
    setBanner(banner) {
      const others = get().banners.filter((b) => b.id !== banner.id);
      set({ banners: [...others, banner] });
    },
    clearBanner(id) {
      set({ banners: get().banners.filter((b) => b.id !== id) });
    },
  }));
}

export const appStore = createAppStore(getClient, typeof localStorage === 'undefined' ? null : localStorage);

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
