import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore, MAX_TOASTS, NAV_KEY, readTheme, THEME_KEY } from '../../../renderer/src/stores/app-store.ts';
import { formatDateTime, TIME_DISPLAY_KEY, timeDisplay } from '../../../renderer/src/ui/format-time.ts';
import type { ThemeStorage } from '../../../renderer/src/stores/app-store.ts';
import { engineClient, unreachableClient } from '../engine-client.ts';
import type { EngineClient } from '../engine-client.ts';

function memoryStorage(initial: Record<string, string> = {}): ThemeStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('app store', () => {
  let ec: EngineClient | null = null;
  afterEach(async () => {
    await ec?.close();
    ec = null;
  });

  it('is dark by default and persists the light option', () => {
    const storage = memoryStorage();
    const s = createAppStore(unreachableClient, storage);
    expect(s.getState().theme).toBe('dark');
    s.getState().toggleTheme();
    expect(s.getState().theme).toBe('light');
    expect(storage.data.get(THEME_KEY)).toBe('light');
    expect(createAppStore(unreachableClient, storage).getState().theme).toBe('light');
    s.getState().setTheme('dark');
    expect(storage.data.get(THEME_KEY)).toBe('dark');
  });

  it('shows UTC by default; a local choice applies to every formatted time and is remembered', () => {
    const storage = memoryStorage();
    const s = createAppStore(unreachableClient, storage);
    expect(s.getState().timeDisplay).toBe('utc');
    expect(formatDateTime('2026-04-17T10:00:05.000Z')).toBe('2026-04-17 10:00:05 UTC');
    s.getState().setTimeDisplay('local');
    expect(timeDisplay()).toBe('local');
    expect(storage.data.get(TIME_DISPLAY_KEY)).toBe('local');
    const d = new Date('2026-04-17T10:00:05.000Z');
    expect(formatDateTime(d.toISOString())).toContain(`${String(d.getHours()).padStart(2, '0')}:00:05`);
    expect(createAppStore(unreachableClient, storage).getState().timeDisplay).toBe('local');
    s.getState().setTimeDisplay('utc');
    expect(formatDateTime('2026-04-17T10:00:05.000Z')).toBe('2026-04-17 10:00:05 UTC');
  });

  it('remembers a collapsed navigation', () => {
    const storage = memoryStorage();
    const s = createAppStore(unreachableClient, storage);
    expect(s.getState().navCollapsed).toBe(false);
    s.getState().toggleNav();
    expect(storage.data.get(NAV_KEY)).toBe('1');
    expect(createAppStore(unreachableClient, storage).getState().navCollapsed).toBe(true);
  });

  it('reads a broken or missing storage as dark', () => {
    expect(readTheme(null)).toBe('dark');
    expect(readTheme(memoryStorage({ [THEME_KEY]: 'solarized' }))).toBe('dark');
    const throwing: ThemeStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(readTheme(throwing)).toBe('dark');
    const s = createAppStore(unreachableClient, throwing);
    s.getState().setTheme('light');
    expect(s.getState().theme).toBe('light');
  });

  it('keeps at most the newest toasts and dismisses by id', () => {
    const s = createAppStore(unreachableClient, null);
    const ids = Array.from({ length: MAX_TOASTS + 2 }, (_, i) => s.getState().toast('info', `t${i}`));
    expect(s.getState().toasts.map((t) => t.message)).toEqual(Array.from({ length: MAX_TOASTS }, (_, i) => `t${i + 2}`));
    s.getState().dismissToast(ids[ids.length - 1]!);
    expect(s.getState().toasts).toHaveLength(MAX_TOASTS - 1);
  });

  it('keys banners so one feature replaces or clears only its own', () => {
    const s = createAppStore(unreachableClient, null);
    s.getState().setBanner({ id: 'endpoint:a', kind: 'error', message: 'A disabled' });
    s.getState().setBanner({ id: 'endpoint:b', kind: 'error', message: 'B disabled' });
    s.getState().setBanner({ id: 'endpoint:a', kind: 'error', message: 'A disabled again' });
    expect(s.getState().banners.map((b) => b.message)).toEqual(['B disabled', 'A disabled again']);
    s.getState().clearBanner('endpoint:b');
    expect(s.getState().banners.map((b) => b.id)).toEqual(['endpoint:a']);
  });

  it('tracks the connection status', () => {
    const s = createAppStore(unreachableClient, null);
    expect(s.getState().connection).toBe('online');
    s.getState().setConnection('offline');
    expect(s.getState().connection).toBe('offline');
  });

  it('loads app info and raises the weak-secret-storage banner', async () => {
    const plain = {
      encrypt: (v: string) => v,
      decrypt: (v: string) => v,
      warning: 'Secrets are stored with basic_text: anyone with your user account can read them.',
    };
    ec = engineClient({ secrets: plain });
    const s = createAppStore(() => ec!.client, null);
    await s.getState().loadInfo();
    expect(s.getState().info).toMatchObject({ mode: 'headless', ingestUrl: expect.stringContaining('/v1/ingest') });
    expect(s.getState().banners).toEqual([expect.objectContaining({ id: 'secret-storage', kind: 'warn', message: plain.warning })]);
  });
});
