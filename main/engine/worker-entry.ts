import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where a worker thread's script lives for the running code.
 *
 * - Bundled (Electron): the `.cjs` beside the main bundle. In a packaged app that bundle sits in
 *   app.asar, but workers load with Node's own loader, which cannot read an asar, so the unpacked
 *   copy is used.
 * - From the `.ts` sources (serve, tests, benches): the worker's module graph is bundled once per
 *   process into plain CommonJS under node_modules/.cache/watchpost-workers/, named by a hash of its
 *   content. A worker thread must not strip TypeScript itself: Node does that with a WebAssembly
 *   module (amaro), and V8 14's Wasm wrapper tier-up crashes the whole process (SIGTRAP in
 *   `ThreadIsolation::UnregisterWasmAllocation`) now and then when worker isolates that ran it come
 *   and go. Plain JS in the worker runs no Wasm at all. Falls back to the `.ts` source if esbuild
 *   (a dev dependency) is not installed.
 *
 * Null when neither exists (callers then run the same code in-thread).
 */
export function workerEntry(here: string, sourceName: string, bundleName: string): URL | null {
  try {
    if (!here.endsWith('.ts')) {
      let url = new URL(bundleName, here);
      if (url.pathname.includes('/app.asar/')) url = new URL(url.href.replace('/app.asar/', '/app.asar.unpacked/'));
      return existsSync(fileURLToPath(url)) ? url : null;
    }
    const source = new URL(sourceName, here);
    if (!existsSync(fileURLToPath(source))) return null;
    return compiledWorker(fileURLToPath(source)) ?? source;
  } catch {
    return null; // import.meta.url is not a file URL in this bundle
  }
}

/**
 * Heap limits for every Watchpost worker thread: a young generation of 12 MB (4 MB semi-spaces)
 * instead of V8's default, which grows to 3 x 16-32 MB per isolate on a machine with this much
 * memory. Search and sealing allocate fast and short-lived (decoded columns, blobs, rows), so each
 * isolate's young generation filled to its maximum: measured on the 100 M-event store, serve's
 * peak RSS answering the Overview, pages and a 30-day histogram fell from 653 to ~480 MB at 24 MB
 * with no measurable loss of speed; 12 MB took another ~50 MB off the peak while ingesting and
 * querying (docs/benchmarks.md, "Serve memory" and "Stop 12").
 */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 12 } as const;

/**
 * In a CommonJS bundle `import.meta` is empty: map it to the bundle's own location. Shared with
 * scripts/build-electron.mjs so both kinds of bundle behave the same.
 */
export const IMPORT_META_BANNER = 'const __wp_import_meta_url = require("node:url").pathToFileURL(__filename).href;';
export const IMPORT_META_DEFINE = {
  'import.meta.url': '__wp_import_meta_url',
  'import.meta.dirname': '__dirname',
  'import.meta.filename': '__filename',
};

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'watchpost-workers');
const compiled = new Map<string, URL | null>();

interface EsbuildSync {
  buildSync(opts: Record<string, unknown>): { outputFiles?: { contents: Uint8Array }[]; metafile?: { inputs: Record<string, unknown> } };
}

/** What a bundle was built from: every input file with its size and mtime, so a later process can reuse it. */
interface Manifest {
  output: string;
  inputs: Record<string, string>;
}

function fileStamp(path: string): string {
  const st = statSync(path);
  return `${st.size}:${st.mtimeMs}`;
}

function compiledWorker(sourcePath: string): URL | null {
  if (compiled.has(sourcePath)) return compiled.get(sourcePath)!;
  const manifestFile = join(CACHE_DIR, `${basename(sourcePath, '.ts')}-${createHash('sha256').update(sourcePath).digest('hex').slice(0, 8)}.json`);
  const url = reusableBundle(manifestFile) ?? buildBundle(sourcePath, manifestFile);
  compiled.set(sourcePath, url);
  return url;
}

/** The bundle a previous process built, if none of its inputs changed since (a few stat calls, no build). */
function reusableBundle(manifestFile: string): URL | null {
  try {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    for (const [path, stamp] of Object.entries(m.inputs)) if (fileStamp(join(REPO_ROOT, path)) !== stamp) return null;
    return existsSync(m.output) ? pathToFileURL(m.output) : null;
  } catch {
    return null;
  }
}

function buildBundle(sourcePath: string, manifestFile: string): URL | null {
  let esbuild: EsbuildSync;
  try {
    // Loaded lazily by name so the Electron bundle (which never takes this path) does not inline it.
    esbuild = createRequire(import.meta.url)('esbuild') as EsbuildSync;
  } catch {
    return null; // a production install without dev dependencies: run the source
  }
  try {
    const out = esbuild.buildSync({
      absWorkingDir: REPO_ROOT,
      entryPoints: [sourcePath],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['better-sqlite3'],
      banner: { js: IMPORT_META_BANNER },
      define: IMPORT_META_DEFINE,
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles?.[0]?.contents;
    if (!code) return null;
    // Inside the repository's node_modules so the bundle's require('better-sqlite3') resolves.
    const file = join(CACHE_DIR, `${basename(sourcePath, '.ts')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`);
    mkdirSync(CACHE_DIR, { recursive: true });
    if (!existsSync(file)) writeAtomically(file, code);
    const inputs: Record<string, string> = {};
    for (const path of Object.keys(out.metafile?.inputs ?? {})) inputs[path] = fileStamp(join(REPO_ROOT, path));
    writeAtomically(manifestFile, JSON.stringify({ output: file, inputs } satisfies Manifest));
    return pathToFileURL(file);
  } catch (err) {
    console.error(`[watchpost] could not bundle worker ${basename(sourcePath)}; running its TypeScript source instead:`, (err as Error).message);
    return null;
  }
}

/** Processes building the same file at once never see half of it. */
function writeAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
