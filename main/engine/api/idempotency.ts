import { createHash } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import type { Domain, DomainContext } from '../context.ts';

const TTL_MS = 24 * 3_600_000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * `Idempotency-Key` for every console POST: the same key + the same body within 24 h replays the
 * first response with no second effect; the same key with a different body is a conflict.
 * Concurrent duplicates wait for the first instead of running twice.
 */
export class IdempotencyStore {
  private inflight = new Map<string, Promise<StoredResponse>>();
  private readonly db: Db;
  private readonly clock: Clock;
  constructor(db: Db, clock: Clock) {
    this.db = db;
    this.clock = clock;
  }

  async run(key: string, route: string, body: unknown, exec: () => Promise<StoredResponse>): Promise<StoredResponse | { mismatch: true }> {
    const hash = createHash('sha256')
      .update(JSON.stringify(body ?? null))
      .digest('hex');
    const id = `${route}\u0000${key}`;
    const pending = this.inflight.get(id);
    if (pending !== undefined) return pending;
    const now = this.clock.now();
    const row = this.db.prepare('SELECT body_hash, status, response, created_at FROM idempotency WHERE key = ? AND route = ?').get(key, route) as
      | { body_hash: string; status: number; response: string; created_at: number }
      | undefined;
    if (row && now - row.created_at < TTL_MS) {
      if (row.body_hash !== hash) return { mismatch: true };
      return { status: row.status, body: JSON.parse(row.response) };
    }
    const p = exec().then((res) => {
      this.db
        .prepare('INSERT OR REPLACE INTO idempotency (key, route, body_hash, status, response, created_at) VALUES (?,?,?,?,?,?)')
        .run(key, route, hash, res.status, JSON.stringify(res.body), now);
      return res;
    });
    this.inflight.set(id, p);
    try {
      return await p;
    } finally {
      this.inflight.delete(id);
    }
  }

  prune(): void {
    this.db.prepare('DELETE FROM idempotency WHERE created_at < ?').run(this.clock.now() - TTL_MS);
  }
}

/** How often replay records older than 24 h are dropped. */
const PRUNE_EVERY_MS = 60_000;

export interface IdempotencyDomain extends Domain {
  readonly store: IdempotencyStore;
}

/** The Idempotency-Key store the console server consults, pruned every minute once started. */
export function createIdempotencyDomain(ctx: DomainContext): IdempotencyDomain {
  const store = new IdempotencyStore(ctx.db, ctx.clock);
  let timer: NodeJS.Timeout | null = null;
  return {
    handlers: {},
    store,
    start() {
      store.prune();
      timer = setInterval(() => store.prune(), PRUNE_EVERY_MS);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
