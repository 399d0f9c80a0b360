/**
 * Bundles the Electron main process and the preload into dist-electron/ (CommonJS, one file each):
 *   main/electron/main.ts -> dist-electron/main.cjs     (package.json "main")
 *   preload/preload.ts    -> dist-electron/preload.cjs  (loaded by the window, sandboxed)
 *   every worker thread in WORKER_BUNDLES -> dist-electron/<name>.cjs
 *   The engine finds its workers beside main.cjs (main/engine/worker-entry.ts); electron-builder.yml
 *   unpacks each of them from the asar.
 *
 * Why bundle: Electron cannot run our .ts sources (Node type stripping is not enabled in Electron's
 * Node) and a sandboxed preload may only require('electron'), so it must be a single file.
 * `electron` is provided by the runtime and `better-sqlite3` is a native module that must stay in
 * node_modules (unpacked from asar), so both stay external.
 *
 * Usage: node scripts/build-electron.mjs            (or: npm run build:electron)
 * Programmatic: buildElectron({ outdir }) -> { outputs: { main, preload }, metafiles }
 */
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// ESM sources may use import.meta.url / dirname / filename; the CJS bundles map them (shared with workerEntry).
import { IMPORT_META_BANNER, IMPORT_META_DEFINE } from '../main/engine/worker-entry.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Modules resolved at run time instead of being inlined. */
export const EXTERNAL = ['electron', 'better-sqlite3'];

/**
 * Worker-thread scripts: output key, bundle file name (the one the engine asks workerEntry() for),
 * source entry. Add a worker here and to electron-builder.yml's asarUnpack.
 */
export const WORKER_BUNDLES = [
  { key: 'searchWorker', file: 'search-worker.cjs', entry: 'main/engine/search/worker.ts' },
  { key: 'sendWorker', file: 'forwarding-send-worker.cjs', entry: 'main/engine/forwarding/send-worker.ts' },
  { key: 'sealWorker', file: 'seal-worker.cjs', entry: 'main/engine/store/event-store/seal-worker.ts' },
  { key: 'eventWriteWorker', file: 'event-write-worker.cjs', entry: 'main/engine/store/event-store/write-worker.ts' },
];

/** Electron 38 ships Node 22 and Chromium 140. */
const TARGET = ['node22', 'chrome140'];

/**
 * Build both bundles. `root` is the repository root, `outdir` defaults to <root>/dist-electron.
 * Resolves with the output paths and esbuild metafiles (tests read which inputs were inlined).
 */
export async function buildElectron({ root = repoRoot, outdir = join(root, 'dist-electron') } = {}) {
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: TARGET,
    external: EXTERNAL,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  };
  const outputs = { main: join(outdir, 'main.cjs'), preload: join(outdir, 'preload.cjs') };
  for (const w of WORKER_BUNDLES) outputs[w.key] = join(outdir, w.file);
  const worker = (w) =>
    build({ ...common, entryPoints: [join(root, w.entry)], outfile: outputs[w.key], banner: { js: IMPORT_META_BANNER }, define: IMPORT_META_DEFINE });
  const [main, preload, ...workers] = await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'main/electron/main.ts')],
      outfile: outputs.main,
      banner: { js: IMPORT_META_BANNER },
      define: IMPORT_META_DEFINE,
    }),
    build({
      ...common,
      entryPoints: [join(root, 'preload/preload.ts')],
      outfile: outputs.preload,
    }),
    ...WORKER_BUNDLES.map(worker),
  ]);
  const metafiles = { main: main.metafile, preload: preload.metafile };
  WORKER_BUNDLES.forEach((w, i) => (metafiles[w.key] = workers[i].metafile));
  return { outputs, metafiles };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildElectron().then(
    ({ outputs }) => console.log(`built ${Object.values(outputs).join(', ')}`),
    (err) => {
      console.error(err?.message ?? err);
      process.exit(1);
    },
  );
}
