import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread's script lives for the running code: the `.ts` source beside `here` (serve
 * and tests: Node strips types), or the bundled `.cjs` beside the Electron main bundle. In a
 * packaged app that bundle sits in app.asar, but workers load with Node's own loader, which cannot
 * read an asar, so the unpacked copy is used. Null when neither exists (callers run in-thread).
 */
export function workerEntry(here: string, sourceName: string, bundleName: string): URL | null {
  try {
    let url = here.endsWith('.ts') ? new URL(sourceName, here) : new URL(bundleName, here);
    if (url.pathname.includes('/app.asar/')) url = new URL(url.href.replace('/app.asar/', '/app.asar.unpacked/'));
    return existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null; // import.meta.url is not a file URL in this bundle
  }
}
