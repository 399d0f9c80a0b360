/**
 * First contact: Watchpost needs Node.js 22.12 or newer (main/serve.ts runs as TypeScript through
 * Node's type stripping, and better-sqlite3 13 crashes on Node 20). This runs first in `npm ci`
 * (preinstall), `npm run serve`, `npm start` and `npm test`, under any Node and without
 * dependencies, and stops an older Node with one line naming the version and the README section
 * that says what to do — instead of ERR_UNKNOWN_FILE_EXTENSION from deep inside Node's loader.
 */
'use strict';

const REQUIRED = [22, 12];
const README_SECTION = 'README.md, section "Machines whose Node is older than 22.12"';

/** The one-line refusal for `version` (e.g. "20.11.1"), or null when it is new enough. */
function nodeVersionProblem(version) {
  const [major = 0, minor = 0] = String(version)
    .replace(/^v/, '')
    .split('.')
    .map((n) => Number.parseInt(n, 10) || 0);
  const ok = major > REQUIRED[0] || (major === REQUIRED[0] && minor >= REQUIRED[1]);
  return ok ? null : `Watchpost needs Node.js ${REQUIRED.join('.')} or newer (this is Node ${version}); see ${README_SECTION}.`;
}

module.exports = { nodeVersionProblem };

if (require.main === module) {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
