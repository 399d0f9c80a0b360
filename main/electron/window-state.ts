/**
 * Remembers where the analyst left the window (bounds + maximized) in `userData/window-state.json`
 * and puts it back on a screen that still exists.
 *
 * Why clamp: SOC workstations dock and undock external monitors; restoring bounds that now lie on a
 * missing display would open Watchpost off-screen, which looks like "the app does not start".
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Rect } from './electron-types.ts';

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 1024, height: 640 } as const;
/** How much of the window (px each way) must overlap a display for the saved position to count. */
const MIN_VISIBLE = 64;

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Parse a saved state; anything malformed gives null (the window then opens centered). */
export function parseWindowState(text: string): WindowState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const { bounds, maximized } = raw as { bounds?: Record<string, unknown>; maximized?: unknown };
  if (!bounds || typeof bounds !== 'object') return null;
  const { x, y, width, height } = bounds;
  if (!isFiniteNumber(x) || !isFiniteNumber(y) || !isFiniteNumber(width) || !isFiniteNumber(height)) return null;
  if (width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized: maximized === true };
}

export function loadWindowState(userDataDir: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(join(userDataDir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return null;
  }
}

/** Write atomically (temp file + rename) so a crash mid-write never leaves a corrupt file. */
export function saveWindowState(userDataDir: string, state: WindowState): void {
  const file = join(userDataDir, WINDOW_STATE_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { w: Math.max(0, w), h: Math.max(0, h) };
}

function centered(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: Math.round(area.x + (area.width - w) / 2),
    y: Math.round(area.y + (area.height - h) / 2),
    width: w,
    height: h,
  };
}

/**
 * Bounds to open the window with. A saved rect is kept if it overlaps some display's work area by
 * at least MIN_VISIBLE px both ways; then it is shrunk to fit that display and moved fully inside it.
 * Otherwise the window opens centered on the primary display at the saved (or default) size.
 */
export function restoreBounds(saved: WindowState | null, displays: Rect[], primary: Rect): Rect {
  if (!saved) return centered(primary, DEFAULT_SIZE.width, DEFAULT_SIZE.height);
  const b = saved.bounds;
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of displays) {
    const o = overlap(b, area);
    if (o.w >= Math.min(MIN_VISIBLE, b.width) && o.h >= Math.min(MIN_VISIBLE, b.height) && o.w * o.h > bestArea) {
      best = area;
      bestArea = o.w * o.h;
    }
  }
  if (!best) return centered(primary, b.width, b.height);
  const width = Math.min(b.width, best.width);
  const height = Math.min(b.height, best.height);
  const x = Math.min(Math.max(b.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(b.y, best.y), best.y + best.height - height);
  return { x, y, width, height };
}
