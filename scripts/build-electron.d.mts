/** Types for scripts/build-electron.mjs, so tests import it checked rather than as `any`. */
import type { Metafile } from 'esbuild';

/** Modules left to run-time resolution: the Electron runtime and the native SQLite binding. */
export declare const EXTERNAL: readonly string[];

export interface BuildElectronResult {
  outputs: { main: string; preload: string; searchWorker: string; sendWorker: string };
  metafiles: { main: Metafile; preload: Metafile; searchWorker: Metafile; sendWorker: Metafile };
}

/** Bundle main/electron/main.ts and preload/preload.ts into `outdir` (default <root>/dist-electron). */
export declare function buildElectron(options?: { root?: string; outdir?: string }): Promise<BuildElectronResult>;
