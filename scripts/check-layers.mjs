#!/usr/bin/env node
// Layering check (ARCHITECTURE.md): fails when a file imports what its layer must not.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

// The tree to check: argv[2] (tests point it at a fixture) or the repository.
const root = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), '..'));

/** Layer of a repo-relative path (first matching prefix wins). */
const LAYERS = [
  ['shared/', 'shared'],
  ['main/engine/', 'engine'],
  ['main/servers/', 'servers'],
  ['main/electron/', 'electron'],
  ['main/', 'main-entry'],
  ['preload/', 'preload'],
  ['renderer/', 'renderer'],
];
/** Which layers each layer may import (by relative path), and which bare modules are banned. */
const RULES = {
  shared: {
    layers: ['shared'],
    banned: [/^node:/, /^electron$/, /^react/, /^better-sqlite3$/, /^fastify/, /^(fs|path|os|crypto|http|https|zlib|events|child_process)$/],
  },
  engine: { layers: ['shared', 'engine'], banned: [/^electron$/, /^react/, /^fastify/] },
  servers: { layers: ['shared', 'engine', 'servers'], banned: [/^electron$/, /^react/] },
  'main-entry': { layers: ['shared', 'engine', 'servers', 'main-entry'], banned: [/^electron$/, /^react/] },
  electron: { layers: ['shared', 'engine', 'servers', 'main-entry', 'electron'], banned: [/^react/] },
  preload: { layers: ['shared', 'preload'], banned: [/^node:/, /^better-sqlite3$/, /^fastify/, /^react/] },
  renderer: {
    layers: ['shared', 'renderer'],
    banned: [/^node:/, /^electron$/, /^better-sqlite3$/, /^fastify/, /^(fs|path|os|crypto|http|zlib|child_process)$/],
  },
};

function layerOf(rel) {
  const p = rel.split(sep).join('/');
  for (const [prefix, layer] of LAYERS) if (p.startsWith(prefix)) return layer;
  return null;
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') && !/\.config\.ts$/.test(name)) yield full; // build configs run in Node
  }
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
const problems = [];
let files = 0;
for (const top of ['shared', 'main', 'preload', 'renderer']) {
  let base;
  try {
    base = statSync(join(root, top)) && join(root, top);
  } catch {
    continue;
  }
  for (const file of walk(base)) {
    files++;
    const rel = relative(root, file);
    const layer = layerOf(rel);
    if (!layer) continue;
    const rule = RULES[layer];
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), spec));
        const tLayer = layerOf(target);
        if (tLayer && !rule.layers.includes(tLayer)) problems.push(`${rel}: ${layer} may not import ${tLayer} (${spec})`);
      } else if (rule.banned.some((re) => re.test(spec))) {
        problems.push(`${rel}: ${layer} may not import '${spec}'`);
      }
    }
  }
}
if (problems.length) {
  console.error(`Layering check failed (${problems.length}):\n  ` + problems.join('\n  '));
  process.exit(1);
}
console.log(`Layering check: ${files} files, no violations.`);
