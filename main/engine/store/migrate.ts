import type { Database } from 'better-sqlite3';

export interface Migration {
  /** Forward-only; stored in PRAGMA user_version. */
  version: number;
  name: string;
  sql: string;
}

/**
 * Apply pending migrations in one transaction. A database whose user_version is newer than the
 * newest migration this build knows is refused: an older Watchpost must not write to it.
 */
export function migrate(db: Database, migrations: readonly Migration[], file = 'database'): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.version === sorted[i - 1]!.version) throw new Error(`duplicate migration version ${sorted[i]!.version}`);
  }
  const latest = sorted.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new DatabaseTooNewError(
      `${file} was written by a newer Watchpost (schema version ${current}; this build knows up to ${latest}). ` +
        `Upgrade Watchpost, or point --data-dir at another directory.`,
    );
  }
  const pending = sorted.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${latest}`);
  })();
  return latest;
}

export class DatabaseTooNewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseTooNewError';
  }
}
