import type { SourceInfo } from '../context.ts';
import type { Db } from '../store/db.ts';

/** A source's platform as conditions see it (`platform:` matches its name or id). */
export interface PlatformRef {
  id: string;
  name: string;
}

/** Platform names read once and again after any source/platform change (not per event). */
export class PlatformNames {
  private readonly db: Db;
  private byId: Map<string, PlatformRef> | null = null;

  constructor(db: Db) {
    this.db = db;
  }

  of(source: SourceInfo | undefined): PlatformRef | null {
    if (!source || source.platformId === null) return null;
    if (this.byId === null) {
      const rows = this.db.prepare('SELECT id, name FROM platforms').all() as PlatformRef[];
      this.byId = new Map(rows.map((r) => [r.id, r]));
    }
    return this.byId.get(source.platformId) ?? null;
  }

  invalidate(): void {
    this.byId = null;
  }
}
