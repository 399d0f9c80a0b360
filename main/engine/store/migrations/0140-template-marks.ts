import type { Migration } from '../migrate.ts';

/**
 * No table changes: the version says that blocks sealed from now on may hold templated texts with
 * marks (format 5 streams with a seventh, `block-templates.ts` MARK_EVERY), which a build before
 * this one would refuse block by block at query time. With the version raised, such a build
 * refuses the whole store when it opens instead ("newer Watchpost"), as for any newer schema.
 */
export const migration0140: Migration = {
  version: 140,
  name: 'template-marks',
  sql: `SELECT 1;`,
};
