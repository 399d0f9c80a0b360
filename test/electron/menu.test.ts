import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, listAccelerators } from '../../main/electron/menu.ts';
import type { MenuItemTemplate } from '../../main/electron/electron-types.ts';

function build(platform: NodeJS.Platform, isPackaged: boolean) {
  const calls: string[] = [];
  const template = buildMenuTemplate({
    platform,
    isPackaged,
    actions: { focusSearch: () => calls.push('focusSearch'), openDataFolder: () => calls.push('openDataFolder') },
  });
  const byAccel = new Map(listAccelerators(template).map((a) => [a.accelerator, a.item]));
  const find = (pred: (i: MenuItemTemplate) => boolean): MenuItemTemplate | undefined => {
    const walk = (items: MenuItemTemplate[]): MenuItemTemplate | undefined => {
      for (const i of items) {
        if (pred(i)) return i;
        const inner = i.submenu && walk(i.submenu);
        if (inner) return inner;
      }
      return undefined;
    };
    return walk(template);
  };
  return { template, byAccel, find, calls };
}

describe('native menu', () => {
  it('has File, Edit, View, Window and Help in that order', () => {
    expect(build('linux', true).template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    const mac = build('darwin', true).template;
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(mac.slice(1).map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
  });

  it('binds the usual shortcuts', () => {
    const { byAccel } = build('linux', false);
    expect(byAccel.get('CmdOrCtrl+Q')?.role).toBe('quit');
    expect(byAccel.get('CmdOrCtrl+C')?.role).toBe('copy');
    expect(byAccel.get('CmdOrCtrl+V')?.role).toBe('paste');
    expect(byAccel.get('CmdOrCtrl+X')?.role).toBe('cut');
    expect(byAccel.get('CmdOrCtrl+A')?.role).toBe('selectAll');
    expect(byAccel.get('CmdOrCtrl+Z')?.role).toBe('undo');
    expect(byAccel.get('CmdOrCtrl+R')?.role).toBe('reload');
    expect(byAccel.get('CmdOrCtrl+0')?.role).toBe('resetZoom');
    expect(byAccel.get('CmdOrCtrl+=')?.role).toBe('zoomIn');
    expect(byAccel.get('CmdOrCtrl+-')?.role).toBe('zoomOut');
    expect(byAccel.get('CmdOrCtrl+M')?.role).toBe('minimize');
    expect(byAccel.get('CmdOrCtrl+W')?.role).toBe('close');
    expect(byAccel.get('F11')?.role).toBe('togglefullscreen');
    expect(byAccel.get('CmdOrCtrl+F')?.id).toBe('find');
  });

  it('offers DevTools only in development builds', () => {
    expect(build('linux', false).find((i) => i.role === 'toggleDevTools')?.accelerator).toBe('Ctrl+Shift+I');
    expect(build('linux', true).find((i) => i.role === 'toggleDevTools')).toBeUndefined();
    expect(build('darwin', true).find((i) => i.role === 'toggleDevTools')).toBeUndefined();
  });

  it('wires Find and Open Data Folder to the shell actions', () => {
    const { find, calls } = build('win32', true);
    find((i) => i.id === 'find')!.click!();
    find((i) => i.id === 'open-data-folder')!.click!();
    expect(calls).toEqual(['focusSearch', 'openDataFolder']);
  });

  it('never binds one accelerator twice', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const accels = listAccelerators(build(platform, false).template).map((a) => a.accelerator);
      expect(new Set(accels).size, platform).toBe(accels.length);
    }
  });
});
