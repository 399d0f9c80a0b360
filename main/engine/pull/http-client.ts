/**
 * HTTP for the pull connectors: one keep-alive agent per source (a private CA PEM becomes its only
 * trust anchor), request timeouts, the server's `Date` header as the clock for signatures (skew
 * correction), and throttling backoff — exponential with full jitter, capped, and honouring the
 * provider's reset headers. Errors come back in the provider's words with every credential value
 * blanked out, so nothing secret can reach a log, a status row or an event.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Clock } from '../clock.ts';
import { backoffDelay, retryAfterMs } from './backoff.ts';
import { PullError, providerMessage, redact } from './pull-error.ts';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface SendPolicy {
  /** Provider-specific throttling signals besides 429 (CloudWatch: 400 ThrottlingException). */
  throttled?(res: HttpResponse): boolean;
  /** The answer says the request's clock was off (signature expired): re-sign once with the server's time. */
  skewed?(res: HttpResponse): boolean;
  /** Statuses returned to the caller instead of thrown (e.g. 404 to try an older API). */
  accept?: readonly number[];
}

export interface PullHttpOptions {
  clock: Clock;
  caCertPem?: string | null;
  /** Credential values to blank out of every error text. */
  secrets: string[];
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  timeoutMs?: number;
  /** Tries of one request under throttling or 502/503/504 before the poll fails. */
  maxAttempts?: number;
  baseDelayMs?: number;
  capDelayMs?: number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_BODY_BYTES = 256 * 1024 * 1024;

/** Resolve after `ms`, or reject early when the source is stopped. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new PullError('stopped', 'the poll was stopped'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new PullError('stopped', 'the poll was stopped'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class PullHttp {
  private readonly o: Required<Omit<PullHttpOptions, 'caCertPem' | 'signal'>> & Pick<PullHttpOptions, 'caCertPem' | 'signal'>;
  private readonly httpsAgent: HttpsAgent;
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 4 });
  private skewMs = 0;
  /** Delays this client waited for, in order (status and tests read them; no timing needed). */
  readonly waits: number[] = [];

  constructor(opts: PullHttpOptions) {
    this.o = {
      sleep: abortableSleep,
      random: Math.random,
      timeoutMs: 60_000,
      maxAttempts: 5,
      baseDelayMs: 1_000,
      capDelayMs: 60_000,
      ...opts,
    };
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 4, ...(opts.caCertPem ? { ca: opts.caCertPem } : {}) });
  }

  /** Now on the provider's clock (local clock + the skew learned from its `Date` headers). */
  now(): number {
    return this.o.clock.now() + this.skewMs;
  }
  get skew(): number {
    return this.skewMs;
  }

  /** Blank every credential value out of a text. */
  redact(text: string): string {
    return redact(text, this.o.secrets);
  }

  /**
   * Send with retries: throttling and 502/503/504 wait and try again (reset header, else jittered
   * exponential backoff); any other non-2xx throws a PullError in the provider's words. `build` is
   * called per attempt so signatures carry a fresh, skew-corrected time.
   */
  async send(build: () => HttpRequest | Promise<HttpRequest>, policy: SendPolicy = {}): Promise<HttpResponse> {
    let skewRetried = false;
    for (let attempt = 0; ; attempt++) {
      const req = await build();
      const res = await this.once(req);
      if (res.status >= 200 && res.status < 300) return res;
      if (policy.accept?.includes(res.status)) return res;
      if (policy.skewed?.(res) && !skewRetried) {
        skewRetried = true;
        attempt--;
        continue;
      }
      const throttled = res.status === 429 || policy.throttled?.(res) === true;
      if ((throttled || RETRYABLE.has(res.status)) && attempt + 1 < this.o.maxAttempts) {
        const reset = retryAfterMs(res.headers, this.o.clock.now());
        const wait =
          reset !== null
            ? Math.min(reset, this.o.capDelayMs * 5) + Math.floor(this.o.random() * this.o.baseDelayMs)
            : backoffDelay(attempt, this.o.baseDelayMs, this.o.capDelayMs, this.o.random);
        this.waits.push(wait);
        await this.o.sleep(wait, this.o.signal);
        continue;
      }
      throw this.statusError(req, res, throttled);
    }
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }

  private statusError(req: HttpRequest, res: HttpResponse, throttled: boolean): PullError {
    const words = this.redact(providerMessage(res.body));
    const where = `${req.method} ${safeUrl(req.url)}`;
    if (throttled) return new PullError('throttled', `throttled by the provider (HTTP ${res.status}) after ${this.o.maxAttempts} tries: ${words}`, res.status);
    const kind = res.status === 401 ? 'auth' : res.status === 403 ? 'forbidden' : res.status === 404 ? 'not_found' : 'http';
    return new PullError(kind, `HTTP ${res.status} from ${where}: ${words}`, res.status);
  }

  private once(req: HttpRequest): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return Promise.reject(new PullError('config', `not a valid URL: ${this.redact(req.url)}`));
    }
    const https = url.protocol === 'https:';
    if (!https && url.protocol !== 'http:') return Promise.reject(new PullError('config', `URL must be http:// or https:// (got ${url.protocol})`));
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    const headers: Record<string, string> = { 'user-agent': 'Watchpost-Pull/1', ...req.headers };
    if (body) headers['content-length'] = String(body.length);
    return new Promise((resolve, reject) => {
      const send = https ? httpsRequest : httpRequest;
      const r = send(
        url,
        {
          method: req.method,
          headers,
          agent: https ? this.httpsAgent : this.httpAgent,
          ...(https && this.o.caCertPem ? { ca: this.o.caCertPem } : {}),
          signal: this.o.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY_BYTES)
              r.destroy(new PullError('bad_response', `answer from ${url.host} is larger than ${MAX_BODY_BYTES} bytes; lower the page size`));
            else chunks.push(c);
          });
          res.on('end', () => {
            this.learnSkew(res.headers.date);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', (err) => reject(this.networkError(err, url)));
        },
      );
      r.setTimeout(this.o.timeoutMs, () => r.destroy(new PullError('timeout', `no answer from ${url.host} within ${this.o.timeoutMs / 1000} s`)));
      r.on('error', (err) => reject(this.networkError(err, url)));
      r.end(body);
    });
  }

  private learnSkew(date: string | undefined): void {
    if (!date) return;
    const server = Date.parse(date);
    if (!Number.isFinite(server)) return;
    // Date has 1 s resolution: only a difference beyond that is skew (the +500 centres the estimate).
    const diff = server + 500 - this.o.clock.now();
    this.skewMs = Math.abs(diff) > 2_000 ? diff : 0;
  }

  private networkError(err: unknown, url: URL): PullError {
    if (err instanceof PullError) return err;
    if (this.o.signal?.aborted) return new PullError('stopped', 'the poll was stopped');
    const e = err as { code?: string; message?: string };
    const code = e.code ?? '';
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO|ERR_TLS/i.test(code) || /certificate|SSL|TLS/i.test(e.message ?? '')) {
      return new PullError(
        'tls',
        `TLS failure talking to ${url.host}: ${code || ''} ${this.redact(e.message ?? '')}`.replace(/\s+/g, ' ').trim() +
          (this.o.caCertPem ? ' (the CA PEM given does not vouch for this server)' : ' (set caCertPem to the CA of a private chain)'),
      );
    }
    return new PullError('network', `cannot reach ${url.host}: ${code ? `${code} ` : ''}${this.redact(e.message ?? String(err))}`.trim());
  }
}

/** A URL for messages: no userinfo, no query (queries may carry filters, never secrets, but stay short). */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
