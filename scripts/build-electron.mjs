/**
 * Bundles the Electron main process and the preload into dist-electron/ (CommonJS, one file each):
 *   main/electron/main.ts -> dist-electron/main.cjs     (package.json "main")
 *   preload/preload.ts    -> dist-electron/preload.cjs  (loaded by the window, sandboxed)
 *   main/engine/search/worker.ts -> dist-electron/search-worker.cjs (search worker threads)
 *   main/engine/forwarding/send-worker.ts -> dist-electron/forwarding-send-worker.cjs (HTTPS sends)
 *   The engine finds both workers beside main.cjs (main/engine/worker-entry.ts).
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

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Modules resolved at run time instead of being inlined. */
export const EXTERNAL = ['electron', 'better-sqlite3'];

/** Electron 38 ships Node 22 and Chromium 140. */
const TARGET = ['node22', 'chrome140'];

/**
 * ESM sources may use import.meta.url / dirname / filename; in a CJS bundle those are empty, so
 * map them to the bundle's own location.
 */
const IMPORT_META_BANNER =
  'const __wp_import_meta_url = require("node:url").pathToFileURL(__filename).href;';
const IMPORT_META_DEFINE = {
  'import.meta.url': '__wp_import_meta_url',
  'import.meta.dirname': '__dirname',
  'import.meta.filename': '__filename',
};

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
  const outputs = { main: join(outdir, 'main.cjs'), preload: join(outdir, 'preload.cjs'), searchWorker: join(outdir, 'search-worker.cjs'), sendWorker: join(outdir, 'forwarding-send-worker.cjs') };
  const [main, preload, searchWorker, sendWorker] = await Promise.all([
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
    build({
      ...common,
      entryPoints: [join(root, 'main/engine/search/worker.ts')],
      outfile: outputs.searchWorker,
      banner: { js: IMPORT_META_BANNER },
      define: IMPORT_META_DEFINE,
    }),
    build({
      ...common,
      entryPoints: [join(root, 'main/engine/forwarding/send-worker.ts')],
      outfile: outputs.sendWorker,
      banner: { js: IMPORT_META_BANNER },
      define: IMPORT_META_DEFINE,
    }),
  ]);
  return { outputs, metafiles: { main: main.metafile, preload: preload.metafile, searchWorker: searchWorker.metafile, sendWorker: sendWorker.metafile } };
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
