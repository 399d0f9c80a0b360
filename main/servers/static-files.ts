import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { contentSecurityPolicy } from '../../shared/csp.ts';

const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Serve the built renderer (single-page app): files by path, index.html for everything else. */
export function serveRenderer(app: FastifyInstance, root: string): void {
  const index = join(root, 'index.html');
  app.get('/*', (req, reply) => {
    const urlPath = decodeURIComponent(req.url.split('?')[0]!);
    // The API's namespace never falls back to the app: an unknown route is 404 NOT_FOUND in JSON (SPEC §4).
    if (urlPath === '/v1' || urlPath.startsWith('/v1/')) return reply.callNotFound();
    const file = normalize(join(root, urlPath));
    const inside = file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
    const target = inside && existsSync(file) && statSync(file).isFile() ? file : index;
    if (!existsSync(target)) {
      return reply.code(503).type('text/plain').send('The Watchpost UI is not built. Run `npm run build:renderer` (npm run serve does it for you).');
    }
    reply.header('content-type', TYPES[extname(target)] ?? 'application/octet-stream');
    reply.header('cache-control', target === index ? 'no-store' : 'public, max-age=3600');
    reply.header('x-content-type-options', 'nosniff');
    if (target === index) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    }
    return reply.send(createReadStream(target));
  });
}
