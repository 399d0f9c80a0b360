import { gunzipSync } from 'node:zlib';
import { INGEST_LIMITS } from '../../../shared/limits.ts';
import type { Clock } from '../clock.ts';
import type { SecurityRecorder, SourceInfo } from '../context.ts';
import type { SourceCache } from '../sources/directory.ts';
import { hashKey, KEY_PATTERN } from '../sources/keys.ts';
import { parseNdjson } from './ndjson.ts';
import { normalizeEvent } from './envelope.ts';
import { tooManyEventsMessage } from './batch-advice.ts';
import type { NormalizedEvent } from './envelope.ts';
import { RateLimiter } from './rate-limit.ts';
import { refuse } from './refusal.ts';
import type { IngestResult } from './refusal.ts';
import { isStoreUnavailable } from './writer.ts';
import type { EventWriter } from './writer.ts';

export interface IngestRequest {
  key: string | undefined;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  body: Buffer;
  ipAddress?: string;
  /** How the request arrived; recorded on the source for the source page. */
  transport?: 'http' | 'https';
}

const SECURITY_THROTTLE_MS = 60_000;

/**
 * The ingest wire contract (SPEC §3) independent of HTTP: auth → content type → body limits →
 * per-line parsing → rate limit (whole request) → durable commit. Nothing is stored unless the
 * response says so.
 */
export class IngestService {
  readonly limiter = new RateLimiter();
  private lastSecurity = new Map<string, number>();
  private readonly d: { clock: Clock; cache: SourceCache; writer: EventWriter; security: SecurityRecorder };

  constructor(deps: IngestService['d']) {
    this.d = deps;
  }

  async handle(req: IngestRequest): Promise<IngestResult> {
    const source = this.authenticate(req);
    if ('status' in source) return source;
    const ct = (req.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (ct !== 'application/x-ndjson') {
      return refuse('unsupported_media_type', `Content-Type must be application/x-ndjson (got ${req.contentType ? JSON.stringify(req.contentType) : 'none'})`);
    }
    let body = req.body;
    const enc = (req.contentEncoding ?? 'identity').trim().toLowerCase();
    if (enc === 'gzip') {
      try {
        body = gunzipSync(body, { maxOutputLength: INGEST_LIMITS.maxBodyBytes });
      } catch (err) {
        const tooBig = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger|too large/i.test((err as Error).message);
        return tooBig
          ? refuse('body_too_large', `decompressed body exceeds ${INGEST_LIMITS.maxBodyBytes} bytes (1 MB)`)
          : refuse('bad_gzip', `body is not valid gzip: ${(err as Error).message}`);
      }
    } else if (enc !== 'identity') {
      return refuse('unsupported_encoding', `Content-Encoding ${JSON.stringify(req.contentEncoding)} is not supported; use gzip or none`);
    }
    if (body.length > INGEST_LIMITS.maxBodyBytes)
      return refuse('body_too_large', `body is ${body.length} bytes; the limit is ${INGEST_LIMITS.maxBodyBytes} bytes (1 MB)`);
    const parsed = parseNdjson(body);
    if (parsed.total === 0) return refuse('empty_body', 'body holds no events: send one JSON object per line');
    if (parsed.total > INGEST_LIMITS.maxEventsPerRequest) {
      return refuse('too_many_events', tooManyEventsMessage(parsed.total), { rejected: parsed.total });
    }
    const now = this.d.clock.now();
    if (parsed.lines.length === 0) {
      this.d.writer.countRefused(source.seq, parsed.total, 0);
      return { status: 400, body: { accepted: 0, rejected: parsed.total, errors: parsed.errors, error: 'every line was rejected; nothing was stored' } };
    }
    const events = parsed.lines.map((l) => normalizeEvent(l.value, l.text, now));
    const stored = await this.store(source, events, { total: parsed.total, rejected: parsed.errors.length, ipAddress: req.ipAddress, now });
    if (!Array.isArray(stored)) return stored;
    if (req.transport) source.lastTransport = req.transport;
    return {
      status: parsed.errors.length ? 207 : 200,
      body: { accepted: events.length, rejected: parsed.errors.length, errors: parsed.errors },
    };
  }

  /**
   * Store already-parsed objects for a source, bypassing HTTP and the key (connectors, tests, bench
   * set-up). Same normalization, same commit path, same hooks.
   */
  async submit(sourceId: string, objects: Record<string, unknown>[], receivedAt = this.d.clock.now()): Promise<{ accepted: number; ids: number[] }> {
    const source = this.d.cache.byId(sourceId);
    if (!source) throw new Error(`unknown log source ${sourceId}`);
    const events = objects.map((o) => normalizeEvent(o, null, receivedAt));
    const ids = await this.d.writer.write({ source, events, receivedAt, rejected: 0 });
    return { accepted: ids.length, ids };
  }

  /**
   * Rate limit a whole request (`total` events, rejected ones included), then commit its accepted
   * events: the new ids once durable, or the 429/503 refusal with nothing stored. Shared by the
   * native endpoint and the compatible protocols (main/engine/intake).
   */
  async store(
    source: SourceInfo,
    events: NormalizedEvent[],
    req: { total: number; rejected: number; ipAddress?: string | undefined; now: number },
  ): Promise<number[] | IngestResult> {
    const { total, now } = req;
    const take = this.limiter.take(source.seq, source.rateLimit, total, now);
    if (!take.ok) {
      this.d.writer.countRefused(source.seq, 0, total);
      this.throttledSecurity(`rl:${source.id}`, now, () =>
        this.d.security.record({
          type: 'api.rate_limited',
          actor: { userId: source.name, ipAddress: req.ipAddress ?? '' },
          resource: { type: 'log_source', id: source.id },
          details: { sourceName: source.name, rateLimit: source.rateLimit, requested: total },
        }),
      );
      return refuse(
        'rate_limited',
        `source ${source.name} is over its rate limit of ${source.rateLimit} events/s; retry the same batch after ${take.retryAfterSec} s`,
        { rejected: total, retryAfterSec: take.retryAfterSec },
      );
    }
    try {
      return await this.d.writer.write({ source, events, receivedAt: now, rejected: req.rejected });
    } catch (err) {
      if (isStoreUnavailable(err))
        return refuse('store_unavailable', `the event store cannot take writes right now (${(err as { code?: string }).code}); retry later`, {
          rejected: total,
          retryAfterSec: 5,
        });
      throw err;
    }
  }

  /** The active source of a key, or the 401/403 refusal (failed keys are security events, throttled per address). */
  authenticate(req: Pick<IngestRequest, 'key' | 'ipAddress'>): SourceInfo | IngestResult {
    const key = req.key?.trim();
    if (!key) return refuse('missing_key', 'X-DF-Source-Key header is missing');
    const source = KEY_PATTERN.test(key) ? this.d.cache.byKey(hashKey(key)) : undefined;
    if (!source) {
      const now = this.d.clock.now();
      this.throttledSecurity(`auth:${req.ipAddress ?? '?'}`, now, () =>
        this.d.security.record({
          type: 'ingest.auth_failed',
          actor: { userId: 'unknown', ipAddress: req.ipAddress ?? '' },
          resource: { type: 'ingest_endpoint', id: 'ingest' },
          details: { reason: KEY_PATTERN.test(key) ? 'unknown or revoked key' : 'malformed key' },
        }),
      );
      return refuse('invalid_key', 'the ingest key is unknown or revoked');
    }
    if (!source.active) return refuse('source_inactive', `log source ${source.name} is inactive; activate it to accept events`);
    return source;
  }

  /** At most one security event per key (ip / source) per minute, so floods do not flood the store. */
  private throttledSecurity(key: string, now: number, fn: () => void): void {
    const last = this.lastSecurity.get(key) ?? -Infinity;
    if (now - last < SECURITY_THROTTLE_MS) return;
    this.lastSecurity.set(key, now);
    if (this.lastSecurity.size > 10_000) this.lastSecurity.clear();
    fn();
  }
}
