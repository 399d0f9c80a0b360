import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore, MAX_TOASTS, readTheme, THEME_KEY } from '../../../renderer/src/stores/app-store.ts';
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

  it('reads a broken or missing storage as dark', () => {
    expect(readTheme(null)).toBe('dark');
    expect(readTheme(memoryStorage({ [THEME_KEY]: 'solarized' }))).toBe('dark');
    const throwing: ThemeStorage = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
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
    const plain = { encrypt: (v: string) => v, decrypt: (v: string) => v, warning: 'Secrets are stored with basic_text: anyone with your user account can read them.' };
    ec = engineClient({ secrets: plain });
    const s = createAppStore(() => ec!.client, null);
    await s.getState().loadInfo();
    expect(s.getState().info).toMatchObject({ mode: 'headless', ingestUrl: expect.stringContaining('/v1/ingest') });
    expect(s.getState().banners).toEqual([expect.objectContaining({ id: 'secret-storage', kind: 'warn', message: plain.warning })]);
  });
});
