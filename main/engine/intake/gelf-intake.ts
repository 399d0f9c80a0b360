/**
 * GELF messages from the UDP/TCP listeners → stored events. Each whole payload (after chunk
 * reassembly) is decompressed, parsed and mapped like `POST /gelf`, takes one token of the source's
 * rate limit, and is batched per source (ingest/source-batcher.ts, as syslog) into one commit.
 * Refused and rate-limited messages are counted in source stats.
 */
import type { Clock } from '../clock.ts';
import type { SourceDirectory } from '../context.ts';
import type { NormalizedEvent } from '../ingest/envelope.ts';
import type { RateLimiter } from '../ingest/rate-limit.ts';
import type { EventWriter } from '../ingest/writer.ts';
import { SourceBatcher } from '../ingest/source-batcher.ts';
import { parseGelfText } from './gelf.ts';
import { gelfPayloadText } from './gelf-frames.ts';
import { toStoredEvent } from './record.ts';
import type { Db } from '../store/db.ts';

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

/** One per runtime, shared by every GELF listener. */
export class GelfIntake {
  private readonly d: GelfIntakeDeps;
  private readonly batches: SourceBatcher<NormalizedEvent>;

  constructor(deps: GelfIntakeDeps) {
    this.d = deps;
    this.batches = new SourceBatcher({
      sources: deps.sources,
      writer: deps.writer,
      label: 'gelf',
      ...(deps.log ? { log: deps.log } : {}),
      store: (source, events) => deps.writer.write({ source, events, receivedAt: deps.clock.now(), rejected: 0 }),
    });
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
      this.batches.count(source, 1, 0);
      return 'rejected';
    }
    const take = this.d.limiter.take(source.seq, source.rateLimit, 1, now);
    if (!take.ok) {
      if (transport !== 'udp') return { wait: Math.max(20, Math.ceil(1000 / source.rateLimit)) };
      this.batches.count(source, 0, 1);
      return 'rate_limited';
    }
    this.batches.add(source, ev);
    source.lastTransport = transport;
    return 'queued';
  }

  /** Count messages refused before `offer` (bad chunks, oversized frames, chunks that never completed). */
  reject(sourceId: string, n = 1): void {
    const source = this.d.sources.byId(sourceId);
    if (source && n > 0) this.batches.count(source, n, 0);
  }

  /** Commit everything queued and wait for it (shutdown, listener stop, tests). */
  flushAll(): Promise<void> {
    return this.batches.flushAll();
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
  const rows = db.prepare("SELECT id, listen_port FROM sources WHERE type = 'gelf' AND listen_port IS NOT NULL ORDER BY seq").all() as {
    id: string;
    listen_port: number;
  }[];
  const out: GelfListenerSpec[] = [];
  for (const r of rows) {
    const info = sources.byId(r.id);
    if (info) out.push({ sourceId: r.id, sourceName: info.name, port: r.listen_port, active: info.active });
  }
  return out;
}
