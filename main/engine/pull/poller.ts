/**
 * One poll of one (source, target): the window [checkpoint − overlap, now − lag) on the provider's
 * clock, read page by page; each page's new entries and the checkpoint that covers them commit in
 * one transaction through the ingest writer (so rules and forwarding see pulled events exactly as
 * pushed ones). Entries already stored are skipped by key. A failed page commits nothing and moves
 * nothing; a restart re-reads the window from the durable checkpoint, never from a provider token.
 */
import type { PullSourceType } from '../../../shared/enums.ts';
import type { Clock } from '../clock.ts';
import type { SourceInfo } from '../context.ts';
import type { EventWriter } from '../ingest/writer.ts';
import type { NormalizedEvent } from '../ingest/envelope.ts';
import { normalizeEvent } from '../ingest/envelope.ts';
import type { Db } from '../store/db.ts';
import type { PullStore } from './checkpoint-store.ts';
import type { Connector, ConnectorContext, PageState, PullEntry, PullPage } from './pull-types.ts';
import { PullError } from './pull-error.ts';

/** Events per commit of pulled entries: small enough to interleave with push ingest. */
export const COMMIT_CHUNK = 500;

export interface PollTarget {
  source: SourceInfo;
  type: PullSourceType;
  target: string;
  lagMs: number;
  lookbackMs: number;
  overlapMs: number;
}

export interface PollDeps {
  db: Db;
  store: PullStore;
  writer: EventWriter;
  clock: Clock;
  /** Entries per page; default: the connector's largest page. */
  pageSize?: number;
  /**
   * Called after each committed chunk with the ms it took to map and commit it; resolves when the
   * poll may go on (the domain slows pulls down while push ingest is busy).
   */
  pace?: (busyMs: number) => Promise<void>;
  /** Test hook: called after a page is read and before it is committed. */
  beforeCommit?: (info: { target: string; entries: number; cursor: number }) => void | Promise<void>;
}

/** The stored event for a pulled entry: the connector's envelope, the original record in raw, and raw.pull. */
export function toEvent(e: PullEntry, type: PullSourceType, target: string, receivedAt: number): NormalizedEvent {
  const env = e.envelope;
  const base = normalizeEvent(
    {
      timestamp: Number.isFinite(env.ts) ? env.ts : undefined,
      severity: env.severity ?? undefined,
      host: env.host,
      user: env.user,
      action: env.action,
      outcome: env.outcome ?? undefined,
      message: env.message,
    },
    null,
    receivedAt,
  );
  const raw = { ...e.raw, pull: { type, target, id: e.id } };
  return { ...base, raw, rawText: JSON.stringify(raw) };
}

/** Read and store everything new in the target's current window; returns how many events were stored. */
export async function pollTarget(deps: PollDeps, conn: Connector, ctx: ConnectorContext, t: PollTarget, signal?: AbortSignal): Promise<number> {
  const seq = t.source.seq;
  const end = Math.floor(ctx.http.now() - t.lagMs);
  let cursor = deps.store.cursor(seq, t.target) ?? Number.NaN;
  if (Number.isNaN(cursor)) {
    // The first window starts at the look-back from the first attempt, kept even if that attempt fails.
    cursor = end - t.lookbackMs;
    deps.db.transaction(() => deps.store.saveProgress(seq, t.target, cursor, [], cursor - t.overlapMs, deps.clock.now()))();
  }
  if (end <= cursor) return 0;
  const start = cursor - t.overlapMs;
  const seen = deps.store.seen(seq, t.target, start);
  let state: PageState | null = null;
  let stored = 0;
  const limit = deps.pageSize ?? conn.pageLimit;
  const fetch = (from: PageState | null): Promise<PullPage> => {
    const p = conn.page(ctx, t.target, { start, end }, from, limit);
    p.catch(() => undefined); // awaited below; this only keeps a failure during a commit from being "unhandled"
    return p;
  };
  let pending: Promise<PullPage> | null = fetch(null);
  try {
    while (pending !== null) {
      if (signal?.aborted) throw new PullError('stopped', 'the poll was stopped');
      const page: PullPage = await pending;
      state = page.next;
      const fresh: PullEntry[] = [];
      let maxAt = Number.NEGATIVE_INFINITY;
      for (const e of page.entries) {
        if (!Number.isFinite(e.at)) e.at = start;
        if (e.at < start || e.at >= end) continue;
        if (e.at > maxAt) maxAt = e.at;
        if (seen.has(e.key)) continue;
        seen.add(e.key);
        fresh.push(e);
      }
      const next = page.next === null ? end : conn.sorted && maxAt > cursor ? maxAt : cursor;
      // The next page is asked for while this one commits: provider latency overlaps our writes.
      pending = page.next ? fetch(page.next) : null;
      await deps.beforeCommit?.({ target: t.target, entries: fresh.length, cursor: next });
      // Commit in chunks so one big page never holds the event loop (and push ingest) for long. Only
      // the last chunk may take the page's checkpoint; earlier ones take what they fully cover.
      for (let i = 0; i === 0 || i < fresh.length; i += COMMIT_CHUNK) {
        if (signal?.aborted) throw new PullError('stopped', 'the poll was stopped');
        const t0 = performance.now();
        const chunk = fresh.slice(i, i + COMMIT_CHUNK);
        const last = i + COMMIT_CHUNK >= fresh.length;
        const chunkCursor = last ? next : conn.sorted ? Math.max(cursor, chunk.at(-1)!.at) : cursor;
        await commit(deps, t, chunk, chunkCursor);
        stored += chunk.length;
        cursor = chunkCursor;
        await deps.pace?.(performance.now() - t0);
      }
    }
  } catch (err) {
    if (state && conn.close) await conn.close(ctx, state);
    throw err;
  }
  return stored;
}

async function commit(deps: PollDeps, t: PollTarget, fresh: PullEntry[], cursor: number): Promise<void> {
  const now = deps.clock.now();
  const keys = fresh.map((e) => ({ key: e.key, at: e.at }));
  if (fresh.length === 0) {
    deps.db.transaction(() => deps.store.saveProgress(t.source.seq, t.target, cursor, keys, cursor - t.overlapMs, now))();
    return;
  }
  await deps.writer.write({
    source: t.source,
    events: fresh.map((e) => toEvent(e, t.type, t.target, now)),
    receivedAt: now,
    rejected: 0,
    steps: deps.store.progressSteps(t.source.seq, t.target, cursor, keys, cursor - t.overlapMs, now),
  });
}
