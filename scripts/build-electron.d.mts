/** Types for scripts/build-electron.mjs, so tests import it checked rather than as `any`. */
import type { Metafile } from 'esbuild';

/** Modules left to run-time resolution: the Electron runtime and the native SQLite binding. */
export declare const EXTERNAL: readonly string[];

type WorkerKey = 'searchWorker' | 'sendWorker' | 'sealWorker' | 'eventWriteWorker';

/** Worker-thread bundles: output key, bundle file name, source entry. */
export declare const WORKER_BUNDLES: ReadonlyArray<{ key: WorkerKey; file: string; entry: string }>;

export interface BuildElectronResult {
  outputs: Record<'main' | 'preload' | WorkerKey, string>;
  metafiles: Record<'main' | 'preload' | WorkerKey, Metafile>;
}

/** Bundle main/electron/main.ts and preload/preload.ts into `outdir` (default <root>/dist-electron). */
export declare function buildElectron(options?: { root?: string; outdir?: string }): Promise<BuildElectronResult>;
