/**
 * GELF messages from the UDP/TCP listeners → stored events. Each whole payload (after chunk
 * reassembly) is decompressed, parsed and mapped like `POST /gelf`, takes one token of the source's
 * rate limit, and is batched per source — up to 500 messages or 50 ms — into one commit. Refused
 * and rate-limited messages are counted in source stats, so nothing disappears without a trace.
 */
import type { Clock } from '../clock.ts';
import type { SourceDirectory, SourceInfo } from '../context.ts';
import type { NormalizedEvent } from '../ingest/envelope.ts';
import type { RateLimiter } from '../ingest/rate-limit.ts';
import type { EventWriter } from '../ingest/writer.ts';
import { parseGelfText } from './gelf.ts';
import { gelfPayloadText } from './gelf-frames.ts';
import { toStoredEvent } from './record.ts';
import type { Db } from '../store/db.ts';

export const GELF_BATCH = { maxMessages: 500, maxDelayMs: 50 } as const;

export interface GelfIntakeDeps {
  limiter: RateLimiter;
  writer: Pick<EventWriter, 'write' | 'countRefused'>;
  sources: SourceDirectory;
  clock: Clock;
  /** Operational problems (store unavailable …); console.error by default. */
  log?: (message: string) => void;
}

/** What became of a message; `{wait}` (TCP only) = over the rate limit, offer it again after `wait` ms. */
export type GelfOffer = 'queued' | 'rejected' | 'rate_limited' | 'inactive' | { wait: number };

interface Pending {
  source: SourceInfo;
  events: NormalizedEvent[];
  rejected: number;
  rateLimited: number;
  timer: NodeJS.Timeout | null;
}

/** One per runtime, shared by every GELF listener. */
export class GelfIntake {
  private pending = new Map<string, Pending>();
  private inFlight = new Set<Promise<void>>();
  private readonly d: GelfIntakeDeps;
  private readonly log: (message: string) => void;
  private lastLogAt = 0;

  constructor(deps: GelfIntakeDeps) {
    this.d = deps;
    this.log = deps.log ?? ((m) => console.error(`[watchpost] ${m}`));
  }

  /** Take one whole GELF payload of `sourceId`; over the rate limit TCP (or TLS) is told to wait, UDP drops and counts. */
  offer(sourceId: string, payload: Buffer, transport: 'udp' | 'tcp' | 'tls' = 'udp'): GelfOffer {
    const source = this.d.sources.byId(sourceId);
    if (!source || !source.active) return 'inactive';
    const now = this.d.clock.now();
    let ev: NormalizedEvent | string;
    try {
      ev = toStoredEvent(parseGelfText(gelfPayloadText(payload).trim()), now);
    } catch (err) {
      ev = err instanceof Error ? err.message : String(err); // bad JSON/GELF (MalformedBody) or bad zlib/gzip
    }
    if (typeof ev === 'string') {
      this.count(source, 1, 0);
      return 'rejected';
    }
    const take = this.d.limiter.take(source.seq, source.rateLimit, 1, now);
    if (!take.ok) {
      if (transport !== 'udp') return { wait: Math.max(20, Math.ceil(1000 / source.rateLimit)) };
      this.count(source, 0, 1);
      return 'rate_limited';
    }
    const p = this.slot(source);
    p.events.push(ev);
    source.lastTransport = transport;
    if (p.events.length >= GELF_BATCH.maxMessages) this.flush(sourceId);
    else this.arm(sourceId, p);
    return 'queued';
  }

  /** Count messages refused before `offer` (bad chunks, oversized frames, chunks that never completed). */
  reject(sourceId: string, n = 1): void {
    const source = this.d.sources.byId(sourceId);
    if (source && n > 0) this.count(source, n, 0);
  }

  /** Commit everything queued and wait for it (shutdown, listener stop, tests). */
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
    p.timer ??= setTimeout(() => this.flush(sourceId), GELF_BATCH.maxDelayMs);
  }

  private flush(sourceId: string): void {
    const p = this.pending.get(sourceId);
    if (!p) return;
    this.pending.delete(sourceId);
    if (p.timer) clearTimeout(p.timer);
    const current = this.d.sources.byId(sourceId);
    if (!current) return;
    const events = current.active ? p.events : [];
    if (!events.length) {
      if (p.rejected || p.rateLimited) this.safely(() => this.d.writer.countRefused(current.seq, p.rejected, p.rateLimited));
      return;
    }
    if (p.rateLimited) this.safely(() => this.d.writer.countRefused(current.seq, 0, p.rateLimited));
    const job = this.d.writer.write({ source: current, events, receivedAt: this.d.clock.now(), rejected: p.rejected }).then(
      () => undefined,
      (err: unknown) => {
        this.problem(`gelf: ${events.length} message(s) of source ${current.name} could not be stored: ${(err as Error).message}`);
        this.safely(() => this.d.writer.countRefused(current.seq, events.length + p.rejected, 0));
      },
    );
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.problem(`gelf: could not count refused messages: ${(err as Error).message}`);
    }
  }

  /** At most one log line per 10 s, so a dead disk does not flood the console. */
  private problem(message: string): void {
    const now = Date.now();
    if (now - this.lastLogAt < 10_000) return;
    this.lastLogAt = now;
    this.log(message);
  }
}

export interface GelfListenerSpec {
  sourceId: string;
  sourceName: string;
  port: number;
  active: boolean;
}

/** Every `gelf` source with a listenPort, active or not (the port lives outside the hot-path source cache). */
export function gelfListenerSpecs(db: Db, sources: SourceDirectory): GelfListenerSpec[] {
  const rows = db.prepare("SELECT id, listen_port FROM sources WHERE type = 'gelf' AND listen_port IS NOT NULL ORDER BY seq").all() as { id: string; listen_port: number }[];
  const out: GelfListenerSpec[] = [];
  for (const r of rows) {
    const info = sources.byId(r.id);
    if (info) out.push({ sourceId: r.id, sourceName: info.name, port: r.listen_port, active: info.active });
  }
  return out;
}
