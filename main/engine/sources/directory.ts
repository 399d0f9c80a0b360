import type { Db } from '../store/db.ts';
import { lastEventAtSql } from '../store/event-store/index.ts';
import type { SourceDirectory, SourceInfo } from '../context.ts';
import { digestsEqual } from './keys.ts';

interface SourceRow {
  seq: number;
  id: string;
  name: string;
  type: string;
  active: number;
  rate_limit: number;
  platform_id: string | null;
  heartbeat_minutes: number;
  created_at: number;
  key_hash: Buffer | null;
  built_in: number;
  last_event_at: number | null;
}

/**
 * In-memory view of every source for the hot paths (ingest auth, rules scope), reloaded from the
 * database on every config change. Keys are looked up by their SHA-256 digest and confirmed with
 * a constant-time compare; the lookup itself only ever sees digests, never key material.
 */
export class SourceCache implements SourceDirectory {
  private bySeqMap = new Map<number, SourceInfo>();
  private byIdMap = new Map<string, SourceInfo>();
  private byKeyHash = new Map<string, { hash: Buffer; info: SourceInfo }>();
  private listeners = new Set<() => void>();
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.reload();
  }

  reload(): void {
    const rows = this.db
      .prepare(`SELECT s.seq, s.id, s.name, s.type, s.active, s.rate_limit, s.platform_id, s.heartbeat_minutes, s.created_at, s.key_hash, s.built_in,
        ${lastEventAtSql('s.seq')} AS last_event_at FROM sources s`)
      .all() as SourceRow[];
    const prev = this.bySeqMap;
    this.bySeqMap = new Map();
    this.byIdMap = new Map();
    this.byKeyHash = new Map();
    for (const r of rows) {
      const info: SourceInfo = {
        seq: r.seq,
        id: r.id,
        name: r.name,
        type: r.type,
        active: r.active === 1,
        rateLimit: r.rate_limit,
        platformId: r.platform_id,
        heartbeatMinutes: r.heartbeat_minutes,
        createdAt: r.created_at,
        builtIn: r.built_in === 1,
        lastEventAt: Math.max(r.last_event_at ?? 0, prev.get(r.seq)?.lastEventAt ?? 0) || null,
      };
      const transport = prev.get(r.seq)?.lastTransport;
      if (transport) info.lastTransport = transport;
      this.bySeqMap.set(r.seq, info);
      this.byIdMap.set(r.id, info);
      if (r.key_hash) this.byKeyHash.set(r.key_hash.toString('hex'), { hash: r.key_hash, info });
    }
    for (const fn of this.listeners) fn();
  }

  all(): SourceInfo[] {
    return [...this.bySeqMap.values()];
  }
  bySeq(seq: number): SourceInfo | undefined {
    return this.bySeqMap.get(seq);
  }
  byId(id: string): SourceInfo | undefined {
    return this.byIdMap.get(id);
  }
  byKey(hash: Buffer): SourceInfo | undefined {
    const hit = this.byKeyHash.get(hash.toString('hex'));
    return hit && digestsEqual(hit.hash, hash) ? hit.info : undefined;
  }
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
