/**
 * Shell state: theme, link to the engine, toasts and top banners. Banners are keyed so a feature
 * (e.g. forwarding when an endpoint is disabled) can raise and clear its own without touching others.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ConnectionStatus } from '../connection.ts';
import type { AppInfo } from '../../../shared/types.ts';
import type { WatchpostClient } from '../client.ts';
import { getClient } from '../app-client.ts';
import { useStore } from 'zustand';

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
  connection: ConnectionStatus;
  info: AppInfo | null;
  toasts: Toast[];
  banners: Banner[];
  setTheme(theme: Theme): void;
  toggleTheme(): void;
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

export function createAppStore(client: () => WatchpostClient, storage: ThemeStorage | null): StoreApi<AppState> {
  let nextToast = 1;
  return createStore<AppState>()((set, get) => ({
    theme: readTheme(storage),
    connection: 'online',
    info: null,
    toasts: [],
    banners: [],
    setTheme(theme) {
      try {
        storage?.setItem(THEME_KEY, theme);
      } catch {
        // Storage can be unavailable (private mode); the theme still applies for this session.
      }
      set({ theme });
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
