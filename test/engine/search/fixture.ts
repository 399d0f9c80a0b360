import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import type { Category, Outcome, Severity } from '../../../shared/enums.ts';
import { openDatabase } from '../../../main/engine/store/db.ts';
import type { Db } from '../../../main/engine/store/db.ts';
import { createSearch } from '../../../main/engine/search/index.ts';
import { BlockReader } from '../../../main/engine/store/event-store/index.ts';
import type { Search } from '../../../main/engine/search/index.ts';

/** Fixed "now" for every search test: 2026-11-23T12:00:00Z. */
export const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
export const MIN = 60_000;
export const HOUR = 3_600_000;

export interface EventSpec {
  ts?: number;
  source?: string;
  severity?: Severity;
  category?: Category;
  outcome?: Outcome;
  host?: string | null;
  user?: string | null;
  action?: string | null;
  message?: string | null;
  tags?: string[];
  raw?: Record<string, unknown>;
  /** Store this exact text as raw (as ingest does when the sender's line is kept verbatim). */
  rawText?: string;
}

/**
 * A real store in a temp dir, with rows written by plain SQL the way ingest writes them (events
 * plus the per-minute event_counts summary, minute = minute start in epoch ms).
 */
export class SearchFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'wp-search-'));
  readonly db: Db = openDatabase({ dataDir: this.dir });
  readonly search: Search = createSearch(this.db);
  private readonly seqs = new Map<string, number>();

  addPlatform(id: string, name: string): void {
    this.db.prepare('INSERT INTO platforms (id, name, created_at) VALUES (?, ?, ?)').run(id, name, NOW);
  }

  addSource(id: string, name: string, platformId: string | null = null): number {
    const r = this.db
      .prepare("INSERT INTO sources (id, name, type, platform_id, created_at) VALUES (?, ?, 'generic_json', ?, ?)")
      .run(id, name, platformId, NOW);
    const seq = Number(r.lastInsertRowid);
    this.seqs.set(id, seq);
    return seq;
  }

  /** Insert one event; returns its id as the API shows it. */
  add(e: EventSpec = {}, opts: { summary?: boolean } = {}): string {
    const sourceId = e.source ?? [...this.seqs.keys()][0];
    const seq = sourceId === undefined ? undefined : this.seqs.get(sourceId);
    if (seq === undefined) throw new Error('add a source first');
    const ts = e.ts ?? NOW - MIN;
    const severity = SEVERITIES.indexOf(e.severity ?? 'info');
    const raw = e.rawText ?? JSON.stringify(e.raw ?? { message: e.message ?? null });
    const r = this.db
      .prepare(
        'INSERT INTO events (source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
      )
      .run(
        seq,
        ts,
        ts,
        severity,
        CATEGORIES.indexOf(e.category ?? 'other'),
        OUTCOMES.indexOf(e.outcome ?? 'unknown'),
        e.host ?? null,
        e.user ?? null,
        e.action ?? null,
        e.message ?? null,
        e.tags?.length ? JSON.stringify(e.tags) : null,
        raw,
      );
    if (opts.summary === false) return String(r.lastInsertRowid);
    this.db
      .prepare(
        `INSERT INTO event_counts (minute, source_seq, severity, count) VALUES (?, ?, ?, 1)
         ON CONFLICT (minute, source_seq, severity) DO UPDATE SET count = count + 1`,
      )
      .run(Math.floor(ts / MIN) * MIN, seq, severity);
    return String(r.lastInsertRowid);
  }

  /** Ids of every event matching `q` in the default window, newest first. */
  ids(q: string, extra: { from?: string; to?: string } = {}): string[] {
    return this.search.search({ q, limit: 1000, ...extra }, NOW).events.map((e) => e.id);
  }

  close(): void {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The store's block reader, with the id of each block it serves to SQL recorded in `served`, once per serve. */
export function watchServed(f: SearchFixture): { reader: BlockReader; served: number[] } {
  const reader = BlockReader.for(f.db);
  const served: number[] = [];
  const serve = reader.serve.bind(reader);
  reader.serve = (id, sql, filter) => {
    served.push(id);
    serve(id, sql, filter);
  };
  return { reader, served };
}
