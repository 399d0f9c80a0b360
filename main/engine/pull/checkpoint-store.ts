/**
 * The pull tables (migration 0050): checkpoints, the ids stored near each checkpoint, and poll
 * status. `progressSteps` run inside the event writer's transaction (Batch.steps)
 * so the events and the checkpoint covering them are durable together or not at all.
 */
import type { Statement } from 'better-sqlite3';
import type { PullStatus } from '../../../shared/types.ts';
import type { Db } from '../store/db.ts';
import type { SqlStep } from '../store/event-store/index.ts';

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

const PUT_CP = `INSERT INTO pull_checkpoints (source_seq, target, cursor_time, updated_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (source_seq, target) DO UPDATE SET cursor_time = excluded.cursor_time, updated_at = excluded.updated_at`;
const PUT_SEEN = 'INSERT OR IGNORE INTO pull_seen (source_seq, target, entry_key, at) VALUES (?, ?, ?, ?)';
const PRUNE_SEEN = 'DELETE FROM pull_seen WHERE source_seq = ? AND target = ? AND at < ?';
const ADD_PULLED = `INSERT INTO pull_status (source_seq, pulled_total) VALUES (?, ?)
  ON CONFLICT (source_seq) DO UPDATE SET pulled_total = pulled_total + excluded.pulled_total`;

export class PullStore {
  private readonly db: Db;
  private readonly getCp: Statement;
  private readonly getSeen: Statement;

  constructor(db: Db) {
    this.db = db;
    this.getCp = db.prepare('SELECT cursor_time FROM pull_checkpoints WHERE source_seq = ? AND target = ?');
    this.getSeen = db.prepare('SELECT entry_key FROM pull_seen WHERE source_seq = ? AND target = ? AND at >= ?').pluck();
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

  /**
   * The statements that record stored keys, move the checkpoint, forget keys below `pruneBefore`
   * and count pulled entries: plain data, run by the event writer inside the commit of the events
   * they cover (Batch.steps), possibly on the writer thread.
   */
  progressSteps(seq: number, target: string, cursor: number, keys: SeenKey[], pruneBefore: number, now: number): SqlStep[] {
    // Keys below pruneBefore would be deleted again by the prune below: never write them.
    const steps: SqlStep[] = keys.filter((k) => k.at >= pruneBefore).map((k) => ({ sql: PUT_SEEN, params: [seq, target, k.key, k.at] }));
    steps.push({ sql: PUT_CP, params: [seq, target, cursor, now] }, { sql: PRUNE_SEEN, params: [seq, target, pruneBefore] });
    if (keys.length) steps.push({ sql: ADD_PULLED, params: [seq, keys.length] });
    return steps;
  }

  /** progressSteps run now on the engine's connection (a poll that stored no event). Call inside a transaction. */
  saveProgress(seq: number, target: string, cursor: number, keys: SeenKey[], pruneBefore: number, now: number): void {
    for (const s of this.progressSteps(seq, target, cursor, keys, pruneBefore, now)) this.db.prepare(s.sql).run(...s.params);
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
