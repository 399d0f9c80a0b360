import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, loadWindowState, parseWindowState, restoreBounds, saveWindowState, WINDOW_STATE_FILE } from '../../main/electron/window-state.ts';

const LAPTOP = { x: 0, y: 0, width: 1440, height: 870 };
const RIGHT_MONITOR = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('window state file', () => {
  it('round-trips through userData atomically and privately', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wp-ws-')), 'nested');
    expect(loadWindowState(dir)).toBeNull();
    const state = { bounds: { x: 1500, y: 40, width: 1600, height: 900 }, maximized: true };
    saveWindowState(dir, state);
    expect(loadWindowState(dir)).toEqual(state);
    if (process.platform !== 'win32') expect(statSync(join(dir, WINDOW_STATE_FILE)).mode & 0o777).toBe(0o600);
  });

  it('ignores corrupt or implausible files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-ws-'));
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"bounds":');
    expect(loadWindowState(dir)).toBeNull();
    expect(parseWindowState('null')).toBeNull();
    expect(parseWindowState('{"bounds":{"x":0,"y":0,"width":-5,"height":10}}')).toBeNull();
    expect(parseWindowState('{"bounds":{"x":"0","y":0,"width":5,"height":10}}')).toBeNull();
    expect(parseWindowState('{"bounds":{"x":1,"y":2,"width":800,"height":600},"maximized":"yes"}')).toEqual({
      bounds: { x: 1, y: 2, width: 800, height: 600 },
      maximized: false,
    });
    expect(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8')).toBe('{"bounds":');
  });
});

describe('restoring bounds onto the displays that exist now', () => {
  it('opens centered at the default size when nothing was saved', () => {
    expect(restoreBounds(null, [LAPTOP], LAPTOP)).toEqual({ x: 80, y: 35, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height });
  });

  it('keeps a saved position that is on a connected display', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1800, height: 1000 }, maximized: false };
    expect(restoreBounds(saved, [LAPTOP, RIGHT_MONITOR], LAPTOP)).toEqual(saved.bounds);
  });

  it('re-centers on the primary display when the monitor it was on is unplugged', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(restoreBounds(saved, [LAPTOP], LAPTOP)).toEqual({ x: 120, y: 35, width: 1200, height: 800 });
  });

  it('shrinks a window larger than the display and pulls a half-off-screen one back inside', () => {
    const saved = { bounds: { x: 1000, y: -200, width: 3000, height: 1200 }, maximized: false };
    expect(restoreBounds(saved, [LAPTOP], LAPTOP)).toEqual({ x: 0, y: 0, width: 1440, height: 870 });
    const hanging = { bounds: { x: 1300, y: 700, width: 800, height: 600 }, maximized: false };
    expect(restoreBounds(hanging, [LAPTOP], LAPTOP)).toEqual({ x: 640, y: 270, width: 800, height: 600 });
  });

  it('treats a sliver of overlap as off-screen', () => {
    const sliver = { bounds: { x: 1420, y: 100, width: 800, height: 600 }, maximized: false };
    expect(restoreBounds(sliver, [LAPTOP], LAPTOP)).toEqual({ x: 320, y: 135, width: 800, height: 600 });
  });
});
