import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { useCompileCache } from './test/compile-cache.ts';

useCompileCache(); // vitest's forks and the worker threads and serve processes its tests start

/**
 * Files that replace modules (`vi.mock`, `vi.resetModules`) run in a fresh module graph of their own;
 * every other file shares its worker's (docs/testing.md, "Where the time goes").
 */
const OWN_MODULE_GRAPH = ['test/electron/preload.test.ts'];

export default defineConfig({
  test: {
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most files wait on sockets, timers and worker threads, not the CPU: on a 2-core machine vitest's
    // default (cores - 1 = 1 worker) leaves a core idle most of the time.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**', 'node_modules/**', ...OWN_MODULE_GRAPH],
          // Each worker imports the engine's ~300 modules once instead of once per file (19 % of the run).
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: OWN_MODULE_GRAPH, isolate: true } },
    ],
  },
});
