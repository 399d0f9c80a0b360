/**
 * Preload for the Watchpost window (sandboxed; bundled to dist-electron/preload.cjs). Exposes the
 * two-function bridge as `window.watchpost`, which renderer/src/client.ts picks up as its transport.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('watchpost', createBridge(ipcRenderer));
