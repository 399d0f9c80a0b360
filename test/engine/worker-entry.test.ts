import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { workerEntry } from '../../main/engine/worker-entry.ts';
import { WORKER_BUNDLES } from '../../scripts/build-electron.mjs';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Run from the sources, every worker thread gets a plain CommonJS bundle: a worker that strips
 * TypeScript itself runs Node's Wasm type stripper, and V8's Wasm wrapper tier-up then crashes the
 * process now and then (SIGTRAP) as worker isolates come and go.
 */
describe('workerEntry from the TypeScript sources', () => {
  it.each(WORKER_BUNDLES.map((w) => [w.entry, w.file]))('%s runs as a CommonJS bundle that imports no .ts file', (entry, file) => {
    const here = pathToFileURL(join(repoRoot, entry)).href;
    const url = workerEntry(here, `./${entry.split('/').pop()}`, `./${file}`);
    expect(url).not.toBeNull();
    const path = fileURLToPath(url!);
    expect(path.startsWith(join(repoRoot, 'node_modules', '.cache', 'watchpost-workers'))).toBe(true);
    expect(path.endsWith('.cjs')).toBe(true);
    const code = readFileSync(path, 'utf8');
    expect(code).toContain('require("better-sqlite3")');
    expect(code).not.toMatch(/from ['"][^'"]+\.ts['"]|require\(['"][^'"]+\.ts['"]\)/);
    expect(workerEntry(here, `./${entry.split('/').pop()}`, `./${file}`)?.href).toBe(url!.href); // built once per process
  });

  it('a bundle starts as a worker thread and ends by itself', async () => {
    const send = WORKER_BUNDLES.find((w) => w.key === 'sendWorker')!;
    const url = workerEntry(pathToFileURL(join(repoRoot, send.entry)).href, './send-worker.ts', `./${send.file}`)!;
    const w = new Worker(url); // without workerData the send worker has nothing to do and exits
    const code = await new Promise<number>((res, rej) => {
      w.once('exit', res);
      w.once('error', rej);
    });
    expect(code).toBe(0);
  });

  it('names no worker that does not exist', () => {
    expect(workerEntry(pathToFileURL(join(repoRoot, 'main/engine/x.ts')).href, './no-such-worker.ts', './no-such-worker.cjs')).toBeNull();
  });
});
