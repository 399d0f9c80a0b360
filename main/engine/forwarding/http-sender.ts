import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';

/** Where to send: plain data, so it can cross into the send worker. */
export interface SendTarget {
  id: string;
  url: string;
  caCertPem: string | null;
  /** Changes with the URL or CA: the connection pool is rebuilt exactly then. */
  poolKey: string;
}

/** What came back. `status` null = no response (timeout, reset, TLS, DNS); Retry-After raw. */
export interface SendOutcome {
  status: number | null;
  error: string | null;
  retryAfter: string | null;
}

const USER_AGENT = 'Watchpost-Forwarder/1';
const ERROR_BODY_BYTES = 300;

/**
 * Sends one delivery attempt over HTTPS. One keep-alive pool per endpoint (rebuilt when its URL
 * or CA changes) so a slow endpoint's sockets never hold up another's; `caCertPem` becomes the
 * pool's only trust anchor, so a private CA is trusted for that endpoint and nowhere else.
 */
export class HttpSender {
  private readonly pools = new Map<string, { key: string; agent: Agent }>();
  private readonly maxSockets: number;

  constructor(maxSockets: number) {
    this.maxSockets = maxSockets;
  }

  /** Never rejects: every failure comes back as an outcome with `status: null` and an error text. */
  async send(ep: SendTarget, headers: Record<string, string>, body: string | Buffer, timeoutMs: number): Promise<SendOutcome> {
    const first = await this.once(ep, headers, body, timeoutMs);
    // A keep-alive socket the server closed while idle fails with ECONNRESET on reuse; that is not
    // the endpoint failing, so it is retried once on a fresh socket without counting an attempt.
    if (first.reusedReset) return (await this.once(ep, headers, body, timeoutMs)).outcome;
    return first.outcome;
  }

  /** Drop an endpoint's pool (deleted or reconfigured). */
  drop(id: string): void {
    this.pools.get(id)?.agent.destroy();
    this.pools.delete(id);
  }

  close(): void {
    for (const p of this.pools.values()) p.agent.destroy();
    this.pools.clear();
  }

  private agentFor(ep: SendTarget): Agent {
    const p = this.pools.get(ep.id);
    if (p && p.key === ep.poolKey) return p.agent;
    p?.agent.destroy();
    const agent = new Agent({ keepAlive: true, maxSockets: this.maxSockets, ...(ep.caCertPem ? { ca: ep.caCertPem } : {}) });
    this.pools.set(ep.id, { key: ep.poolKey, agent });
    return agent;
  }

  private once(
    ep: SendTarget,
    headers: Record<string, string>,
    body: string | Buffer,
    timeoutMs: number,
  ): Promise<{ outcome: SendOutcome; reusedReset: boolean }> {
    return new Promise((resolve) => {
      let settled = false;
      const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const finish = (outcome: SendOutcome, reusedReset = false): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ outcome, reusedReset });
      };
      const req = request(ep.url, {
        method: 'POST',
        agent: this.agentFor(ep),
        ...(ep.caCertPem ? { ca: ep.caCertPem } : {}),
        headers: { ...headers, 'user-agent': USER_AGENT, 'content-length': String(payload.length) },
      });
      const timer = setTimeout(() => {
        req.destroy(new TimeoutError(`timeout: no response within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (c: Buffer) => {
          if (kept < ERROR_BODY_BYTES) {
            chunks.push(c);
            kept += c.length;
          }
        });
        res.on('error', (err) => finish({ status: null, error: describe(err), retryAfter: null }));
        res.on('end', () => {
          if (status >= 200 && status < 300) return finish({ status, error: null, retryAfter: null });
          const text = Buffer.concat(chunks).toString('utf8').slice(0, ERROR_BODY_BYTES).replace(/\s+/g, ' ').trim();
          const reason = res.statusMessage ? ` ${res.statusMessage}` : '';
          finish({
            status,
            error: `HTTP ${status}${reason}${text ? `: ${text}` : ''}`,
            retryAfter: status === 429 || status >= 500 ? (firstHeader(res.headers['retry-after']) ?? null) : null,
          });
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        const reusedReset = req.reusedSocket && err.code === 'ECONNRESET';
        finish({ status: null, error: describe(err), retryAfter: null }, reusedReset);
      });
      req.end(payload);
    });
  }
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

class TimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

/** A short, analyst-readable reason, with the system code when there is one (ECONNRESET, cert errors). */
function describe(err: NodeJS.ErrnoException): string {
  if (err instanceof TimeoutError) return err.message;
  const code = err.code && !err.message.includes(err.code) ? ` (${err.code})` : '';
  return `${err.message}${code}`.slice(0, 300);
}
