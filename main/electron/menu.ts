/**
 * The native application menu: File / Edit / View / Window / Help with the accelerators desktop
 * users expect (and the macOS app menu first on a Mac).
 *
 * Why a native menu at all: copy/paste/select-all shortcuts in Electron only work when a menu with
 * those roles exists, and analysts live on the keyboard (CmdOrCtrl+F jumps to the search box).
 * DevTools are offered only in development builds: in a packaged SIEM they would hand anyone at the
 * keyboard a console with the bridge.
 */
import type { MenuItemTemplate } from './electron-types.ts';

export interface MenuActions {
  /** Send the renderer the focus-search message. */
  focusSearch(): void;
  /** Open the data directory (database, logs, window state) in the OS file manager. */
  openDataFolder(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  actions: MenuActions;
}

/** Build the template; pure so tests can inspect every item and accelerator. */
export function buildMenuTemplate(opts: MenuOptions): MenuItemTemplate[] {
  const mac = opts.platform === 'darwin';
  const sep: MenuItemTemplate = { type: 'separator' };
  const template: MenuItemTemplate[] = [];
  if (mac) template.push({ role: 'appMenu' });

  template.push({
    label: '&File',
    submenu: [
      { id: 'open-data-folder', label: 'Open Data Folder', click: () => opts.actions.openDataFolder() },
      sep,
      mac ? { role: 'close', accelerator: 'CmdOrCtrl+W' } : { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' },
    ],
  });

  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo', accelerator: 'CmdOrCtrl+Z' },
      { role: 'redo', accelerator: mac ? 'Shift+CmdOrCtrl+Z' : 'CmdOrCtrl+Y' },
      sep,
      { role: 'cut', accelerator: 'CmdOrCtrl+X' },
      { role: 'copy', accelerator: 'CmdOrCtrl+C' },
      { role: 'paste', accelerator: 'CmdOrCtrl+V' },
      { role: 'selectAll', accelerator: 'CmdOrCtrl+A' },
      sep,
      { id: 'find', label: 'Find in Events', accelerator: 'CmdOrCtrl+F', click: () => opts.actions.focusSearch() },
    ],
  });

  const view: MenuItemTemplate[] = [
    { role: 'reload', accelerator: 'CmdOrCtrl+R' },
    { role: 'forceReload', accelerator: 'Shift+CmdOrCtrl+R' },
  ];
  if (!opts.isPackaged) view.push({ role: 'toggleDevTools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I' });
  view.push(
    sep,
    { role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
    { role: 'zoomIn', accelerator: 'CmdOrCtrl+=' },
    { role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
    sep,
    { role: 'togglefullscreen', accelerator: mac ? 'Ctrl+Cmd+F' : 'F11' },
  );
  template.push({ label: '&View', submenu: view });

  const windowMenu: MenuItemTemplate[] = [{ role: 'minimize', accelerator: 'CmdOrCtrl+M' }];
  if (mac) windowMenu.push({ role: 'zoom' }, sep, { role: 'front' });
  else windowMenu.push({ role: 'close', accelerator: 'CmdOrCtrl+W' });
  template.push({ label: '&Window', submenu: windowMenu });

  template.push({
    label: '&Help',
    submenu: [{ role: 'about', label: 'About Watchpost' }],
  });
  return template;
}

/** Every accelerator in a template, flattened (tests and the docs' shortcut table use it). */
export function listAccelerators(template: MenuItemTemplate[]): Array<{ accelerator: string; item: MenuItemTemplate }> {
  const out: Array<{ accelerator: string; item: MenuItemTemplate }> = [];
  for (const item of template) {
    if (item.accelerator) out.push({ accelerator: item.accelerator, item });
    if (item.submenu) out.push(...listAccelerators(item.submenu));
  }
  return out;
}
