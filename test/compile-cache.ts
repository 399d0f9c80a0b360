/**
 * Node's compile cache for every process the suite starts (vitest and its forks, Playwright and its
 * workers, each `serve` and its worker threads, tsc, knip, vite): V8 keeps the compiled code of
 * each module, TypeScript files after type stripping included, in node_modules/.cache, so the next
 * process that loads the same ~300 engine modules skips parsing and compiling them (docs/testing.md).
 * An entry is checked against the file's contents, so an edited file is compiled afresh.
 * Set through the environment because children inherit it; `module.enableCompileCache()` does not
 * reach child processes or worker threads.
 */
import { join } from 'node:path';

const COMPILE_CACHE_DIR = join(import.meta.dirname, '..', 'node_modules', '.cache', 'node-compile-cache');

/** Turn the cache on for this process's children unless the caller chose a directory already. */
export function useCompileCache(): void {
  process.env.NODE_COMPILE_CACHE ??= COMPILE_CACHE_DIR;
}
