/**
 * Syslog/CEF messages → stored events. Listeners hand over each framed message; the intake checks
 * it (binary, size), applies the source's rate limit (the same token bucket as HTTP ingest, one
 * token per message), parses it and batches per source — up to 500 messages or 50 ms, whichever
 * comes first — so each batch is one `ingest.submit` and one commit. Rejected and rate-limited
 * messages are counted in source stats, so nothing disappears without a trace.
 */
import type { Clock } from '../clock.ts';
import type { SourceDirectory } from '../context.ts';
import type { IngestService } from '../ingest/service.ts';
import type { EventWriter } from '../ingest/writer.ts';
import { SourceBatcher } from '../ingest/source-batcher.ts';
import { decodeFrame, trimFrame } from './framing.ts';
import { syslogLineToEvent } from './to-event.ts';
import type { SyslogSourceType } from './to-event.ts';

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

/** One per runtime; shared by every listener. */
export class SyslogIntake {
  private readonly d: SyslogIntakeDeps;
  private readonly batches: SourceBatcher<Record<string, unknown>>;

  constructor(deps: SyslogIntakeDeps) {
    this.d = deps;
    this.batches = new SourceBatcher({
      sources: deps.sources,
      writer: deps.writer,
      label: 'syslog',
      ...(deps.log ? { log: deps.log } : {}),
      store: (source, events) => deps.ingest.submit(source.id, events, deps.clock.now()),
    });
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
      this.batches.count(source, 1, 0);
      return 'rejected';
    }
    const now = this.d.clock.now();
    const take = this.d.ingest.limiter.take(source.seq, source.rateLimit, 1, now);
    if (!take.ok) {
      if (waitWhenLimited) return { wait: Math.max(20, Math.ceil(1000 / source.rateLimit)) };
      this.batches.count(source, 0, 1);
      return 'rate_limited';
    }
    const ctx = {
      sourceType: type,
      receivedAt: now,
      transport: meta.transport,
      latin1: decoded.latin1,
      ...(meta.peerAddress ? { peerAddress: meta.peerAddress } : {}),
    };
    this.batches.add(source, syslogLineToEvent(decoded.text, ctx));
    source.lastTransport = meta.transport;
    return 'queued';
  }

  /** Count messages refused before they reached `offer` (oversized or cut-off frames). */
  reject(sourceId: string, n = 1): void {
    const source = this.d.sources.byId(sourceId);
    if (source) this.batches.count(source, n, 0);
  }

  /** Submit everything queued and wait until it is committed (shutdown, listener stop, tests). */
  flushAll(): Promise<void> {
    return this.batches.flushAll();
  }
}
