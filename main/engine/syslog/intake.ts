/**
 * Syslog/CEF messages → stored events. Listeners hand over each framed message; the intake checks
 * it (binary, size), applies the source's rate limit (the same token bucket as HTTP ingest, one
 * token per message), parses it and batches per source — up to 500 messages or 50 ms, whichever
 * comes first — so each batch is one `ingest.submit` and one commit. Rejected and rate-limited
 * messages are counted in source stats, so nothing disappears without a trace.
 */
import type { Clock } from '../clock.ts';
import type { SourceDirectory, SourceInfo } from '../context.ts';
import type { IngestService } from '../ingest/service.ts';
import type { EventWriter } from '../ingest/writer.ts';
import { decodeFrame, trimFrame } from './framing.ts';
import { syslogLineToEvent } from './to-event.ts';
import type { SyslogSourceType } from './to-event.ts';

export const SYSLOG_BATCH = { maxMessages: 500, maxDelayMs: 50 } as const;

export interface SyslogIntakeDeps {
  ingest: Pick<IngestService, 'submit' | 'limiter'>;
  writer: Pick<EventWriter, 'countRefused'>;
  sources: SourceDirectory;
  clock: Clock;
  /** Where operational problems go (store unavailable …); console.error by default. */
  log?: (message: string) => void;
}

export interface FrameMeta {
  peerAddress?: string;
  transport: 'udp' | 'tcp' | 'tls';
}

/**
 * What became of an offered message. `wait` (only when the caller asked to wait) means the source is
 * over its rate limit: nothing was taken; offer the same message again after `waitMs`. `empty`: the
 * frame held nothing but line terminators (a UDP datagram `""`, `"\n"`, `"\0"`) — stored nowhere and
 * not counted, exactly like an empty line on TCP.
 */
export type OfferResult = 'queued' | 'empty' | 'rejected' | 'rate_limited' | 'inactive' | { wait: number };

interface Pending {
  source: SourceInfo;
  events: Record<string, unknown>[];
  rejected: number;
  rateLimited: number;
  timer: NodeJS.Timeout | null;
}

/** One per runtime; shared by every listener. */
export class SyslogIntake {
  private pending = new Map<string, Pending>();
  private inFlight = new Set<Promise<void>>();
  private readonly d: SyslogIntakeDeps;
  private readonly log: (message: string) => void;
  private lastLogAt = 0;

  constructor(deps: SyslogIntakeDeps) {
    this.d = deps;
    this.log = deps.log ?? ((m) => console.error(`[watchpost] ${m}`));
  }

  /**
   * Take one message of `sourceId`. `waitWhenLimited` (TCP, which can stop reading) returns `{wait}`
   * instead of dropping when the rate limit is reached; UDP cannot push back, so it drops and counts.
   */
  offer(sourceId: string, type: SyslogSourceType, bytes: Buffer, meta: FrameMeta, waitWhenLimited = false): OfferResult {
    const source = this.d.sources.byId(sourceId);
    if (!source || !source.active) return 'inactive';
    if (trimFrame(bytes).length === 0) return 'empty';
    const decoded = decodeFrame(bytes);
    if ('rejected' in decoded) {
      this.count(source, 1, 0);
      return 'rejected';
    }
    const now = this.d.clock.now();
    const take = this.d.ingest.limiter.take(source.seq, source.rateLimit, 1, now);
    if (!take.ok) {
      if (waitWhenLimited) return { wait: Math.max(20, Math.ceil(1000 / source.rateLimit)) };
      this.count(source, 0, 1);
      return 'rate_limited';
    }
    const ctx = { sourceType: type, receivedAt: now, transport: meta.transport, latin1: decoded.latin1, ...(meta.peerAddress ? { peerAddress: meta.peerAddress } : {}) };
    const p = this.slot(source);
    p.events.push(syslogLineToEvent(decoded.text, ctx));
    source.lastTransport = meta.transport;
    if (p.events.length >= SYSLOG_BATCH.maxMessages) this.flush(sourceId);
    else this.arm(sourceId, p);
    return 'queued';
  }

  /** Count messages refused before they reached `offer` (oversized or cut-off frames). */
  reject(sourceId: string, n = 1): void {
    const source = this.d.sources.byId(sourceId);
    if (source) this.count(source, n, 0);
  }

  /** Submit everything queued and wait until it is committed (shutdown, listener stop, tests). */
  async flushAll(): Promise<void> {
    for (const id of [...this.pending.keys()]) this.flush(id);
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private slot(source: SourceInfo): Pending {
    let p = this.pending.get(source.id);
    if (!p) {
      p = { source, events: [], rejected: 0, rateLimited: 0, timer: null };
      this.pending.set(source.id, p);
    }
    p.source = source;
    return p;
  }

  private count(source: SourceInfo, rejected: number, rateLimited: number): void {
    const p = this.slot(source);
    p.rejected += rejected;
    p.rateLimited += rateLimited;
    this.arm(source.id, p);
  }

  private arm(sourceId: string, p: Pending): void {
    p.timer ??= setTimeout(() => this.flush(sourceId), SYSLOG_BATCH.maxDelayMs);
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
        this.problem(`syslog: could not count refused messages of source ${current.name}: ${(err as Error).message}`);
      }
    }
    if (!p.events.length || !current.active) return; // deactivated meanwhile: an inactive source stores nothing
    const n = p.events.length;
    const job = this.d.ingest.submit(sourceId, p.events, this.d.clock.now()).then(
      () => undefined,
      (err: unknown) => {
        this.problem(`syslog: ${n} message(s) of source ${current.name} could not be stored: ${(err as Error).message}`);
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
