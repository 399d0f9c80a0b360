/**
 * The pull tables (migration 0050): checkpoints, the ids stored near each checkpoint, and poll
 * status. `saveProgress` is meant to run inside the event writer's transaction (Batch.inTransaction)
 * so the events and the checkpoint covering them are durable together or not at all.
 */
import type { Statement } from 'better-sqlite3';
import type { PullStatus } from '../../../shared/types.ts';
import type { Db } from '../store/db.ts';

export interface SeenKey {
  key: string;
  at: number;
}

interface StatusRow {
  source_seq: number;
  last_poll_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  pulled_total: number;
  failing_since: number | null;
}

export class PullStore {
  private readonly db: Db;
  private readonly getCp: Statement;
  private readonly putCp: Statement;
  private readonly getSeen: Statement;
  private readonly putSeen: Statement;
  private readonly pruneSeen: Statement;
  private readonly addPulled: Statement;

  constructor(db: Db) {
    this.db = db;
    this.getCp = db.prepare('SELECT cursor_time FROM pull_checkpoints WHERE source_seq = ? AND target = ?');
    this.putCp = db.prepare(`INSERT INTO pull_checkpoints (source_seq, target, cursor_time, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (source_seq, target) DO UPDATE SET cursor_time = excluded.cursor_time, updated_at = excluded.updated_at`);
    this.getSeen = db.prepare('SELECT entry_key FROM pull_seen WHERE source_seq = ? AND target = ? AND at >= ?').pluck();
    this.putSeen = db.prepare('INSERT OR IGNORE INTO pull_seen (source_seq, target, entry_key, at) VALUES (?, ?, ?, ?)');
    this.pruneSeen = db.prepare('DELETE FROM pull_seen WHERE source_seq = ? AND target = ? AND at < ?');
    this.addPulled = db.prepare(`INSERT INTO pull_status (source_seq, pulled_total) VALUES (?, ?)
      ON CONFLICT (source_seq) DO UPDATE SET pulled_total = pulled_total + excluded.pulled_total`);
  }

  /** Every entry with a cursor time below this is stored; null = never polled. */
  cursor(seq: number, target: string): number | null {
    const r = this.getCp.get(seq, target) as { cursor_time: number } | undefined;
    return r ? r.cursor_time : null;
  }

  /** Keys already stored at cursor times ≥ `since` (the overlap re-read skips them). */
  seen(seq: number, target: string, since: number): Set<string> {
    return new Set(this.getSeen.all(seq, target, since) as string[]);
  }

  /** Record stored keys, move the checkpoint, forget keys below `pruneBefore`, count pulled entries. Call inside a transaction. */
  saveProgress(seq: number, target: string, cursor: number, keys: SeenKey[], pruneBefore: number, now: number): void {
    // Keys below pruneBefore would be deleted again by the prune below: never write them.
    for (const k of keys) if (k.at >= pruneBefore) this.putSeen.run(seq, target, k.key, k.at);
    this.putCp.run(seq, target, cursor, now);
    this.pruneSeen.run(seq, target, pruneBefore);
    if (keys.length) this.addPulled.run(seq, keys.length);
  }

  /** After a poll: when it ran, and either success or the error in the provider's words. */
  recordPoll(seq: number, now: number, error: string | null): void {
    this.db
      .prepare(`INSERT INTO pull_status (source_seq, last_poll_at, last_success_at, last_error, failing_since) VALUES (@seq, @now, @ok, @error, @failing)
      ON CONFLICT (source_seq) DO UPDATE SET last_poll_at = @now, last_success_at = coalesce(@ok, last_success_at), last_error = @error,
      failing_since = CASE WHEN @error IS NULL THEN NULL ELSE coalesce(failing_since, @now) END`)
      .run({ seq, now, ok: error === null ? now : null, error, failing: error === null ? null : now });
  }

  /** Forget checkpoints of targets no longer configured (re-adding one starts from the look-back again). */
  dropOtherTargets(seq: number, targets: string[]): void {
    const keep = JSON.stringify(targets);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM pull_checkpoints WHERE source_seq = ? AND target NOT IN (SELECT value FROM json_each(?))').run(seq, keep);
      this.db.prepare('DELETE FROM pull_seen WHERE source_seq = ? AND target NOT IN (SELECT value FROM json_each(?))').run(seq, keep);
    })();
  }
}

/** Status of every pull source that has polled, by source seq; lagMs = now − its oldest target checkpoint. */
export function pullStatuses(db: Db, now: number, onlySeq?: number): Map<number, PullStatus> {
  const where = onlySeq === undefined ? '' : ' WHERE source_seq = ?';
  const args = onlySeq === undefined ? [] : [onlySeq];
  const rows = db.prepare(`SELECT * FROM pull_status${where}`).all(...args) as StatusRow[];
  const oldest = new Map(
    (
      db.prepare(`SELECT source_seq, min(cursor_time) AS c FROM pull_checkpoints${where} GROUP BY source_seq`).all(...args) as {
        source_seq: number;
        c: number;
      }[]
    ).map((r) => [r.source_seq, r.c]),
  );
  const out = new Map<number, PullStatus>();
  for (const r of rows) {
    const c = oldest.get(r.source_seq);
    out.set(r.source_seq, {
      lastPollAt: iso(r.last_poll_at),
      lastSuccessAt: iso(r.last_success_at),
      lastError: r.last_error,
      pulledTotal: r.pulled_total,
      lagMs: c === undefined ? null : Math.max(0, now - c),
    });
  }
  return out;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Status for a pull source that has not polled yet. */
export const EMPTY_PULL_STATUS: PullStatus = { lastPollAt: null, lastSuccessAt: null, lastError: null, pulledTotal: 0, lagMs: null };
