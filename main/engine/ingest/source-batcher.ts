/**
 * Per-source batches for the socket intakes (syslog/CEF, GELF): messages are held per source up to
 * 500 or 50 ms, whichever comes first, then stored with one call (one commit). Refused and
 * rate-limited messages are counted in source stats at the same moment; a batch that cannot be
 * stored is logged (at most once per 10 s) and counted as rejected, so nothing disappears without
 * a trace. A source deleted or deactivated meanwhile stores nothing.
 */
import type { SourceDirectory, SourceInfo } from '../context.ts';
import type { EventWriter } from './writer.ts';

export const SOCKET_BATCH = { maxMessages: 500, maxDelayMs: 50 } as const;

export interface SourceBatcherDeps<T> {
  sources: SourceDirectory;
  writer: Pick<EventWriter, 'countRefused'>;
  /** Store one source's batch; resolves once committed. */
  store(source: SourceInfo, items: T[]): Promise<unknown>;
  /** Prefix of log lines: 'syslog', 'gelf'. */
  label: string;
  /** Where operational problems go; console.error by default. */
  log?: (message: string) => void;
}

interface Pending<T> {
  items: T[];
  rejected: number;
  rateLimited: number;
  timer: NodeJS.Timeout | null;
}

export class SourceBatcher<T> {
  private pending = new Map<string, Pending<T>>();
  private inFlight = new Set<Promise<void>>();
  private readonly d: SourceBatcherDeps<T>;
  private readonly log: (message: string) => void;
  private lastLogAt = 0;

  constructor(deps: SourceBatcherDeps<T>) {
    this.d = deps;
    this.log = deps.log ?? ((m) => console.error(`[watchpost] ${m}`));
  }

  /** Queue one message for `source`; a full batch is stored at once. */
  add(source: SourceInfo, item: T): void {
    const p = this.slot(source.id);
    p.items.push(item);
    if (p.items.length >= SOCKET_BATCH.maxMessages) this.flush(source.id);
    else this.arm(source.id, p);
  }

  /** Count refused (`rejected`) and over-limit (`rateLimited`) messages of `source` with its next batch. */
  count(source: SourceInfo, rejected: number, rateLimited: number): void {
    const p = this.slot(source.id);
    p.rejected += rejected;
    p.rateLimited += rateLimited;
    this.arm(source.id, p);
  }

  /** Store everything queued and wait until it is committed (shutdown, listener stop, tests). */
  async flushAll(): Promise<void> {
    for (const id of [...this.pending.keys()]) this.flush(id);
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private slot(sourceId: string): Pending<T> {
    let p = this.pending.get(sourceId);
    if (!p) {
      p = { items: [], rejected: 0, rateLimited: 0, timer: null };
      this.pending.set(sourceId, p);
    }
    return p;
  }

  private arm(sourceId: string, p: Pending<T>): void {
    p.timer ??= setTimeout(() => this.flush(sourceId), SOCKET_BATCH.maxDelayMs);
  }

  private flush(sourceId: string): void {
    const p = this.pending.get(sourceId);
    if (!p) return;
    this.pending.delete(sourceId);
    if (p.timer) clearTimeout(p.timer);
    const current = this.d.sources.byId(sourceId);
    if (!current) return; // deleted meanwhile: nothing to store it under
    if (p.rejected || p.rateLimited) {
      try {
        this.d.writer.countRefused(current.seq, p.rejected, p.rateLimited);
      } catch (err) {
        this.problem(`${this.d.label}: could not count refused messages of source ${current.name}: ${(err as Error).message}`);
      }
    }
    if (!p.items.length || !current.active) return; // deactivated meanwhile: an inactive source stores nothing
    const n = p.items.length;
    const job = this.d.store(current, p.items).then(
      () => undefined,
      (err: unknown) => {
        this.problem(`${this.d.label}: ${n} message(s) of source ${current.name} could not be stored: ${(err as Error).message}`);
        try {
          this.d.writer.countRefused(current.seq, n, 0);
        } catch {
          // the store is down; the log line above is the trace
        }
      },
    );
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
  }

  /** At most one log line per 10 s, so a dead disk does not flood the console. */
  private problem(message: string): void {
    const now = Date.now();
    if (now - this.lastLogAt < 10_000) return;
    this.lastLogAt = now;
    this.log(message);
  }
}
