/** Realistic, varied log events for benchmarks (web, auth, firewall, app errors). Deterministic per seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTS = Array.from({ length: 40 }, (_, i) => `web-${String(i + 1).padStart(2, '0')}`);
const USERS = Array.from({ length: 200 }, (_, i) => `user${i}@example.com`);
const PATHS = ['/api/orders', '/api/login', '/api/users', '/health', '/api/invoices', '/static/app.js', '/api/search', '/admin/settings'];
const SEVERITIES = ['debug', 'info', 'info', 'info', 'notice', 'warn', 'error', 'critical'];

export function makeEvent(r: () => number, ts: number): Record<string, unknown> {
  const kind = r();
  const host = HOSTS[Math.floor(r() * HOSTS.length)]!;
  const user = USERS[Math.floor(r() * USERS.length)]!;
  const timestamp = new Date(ts).toISOString();
  if (kind < 0.5) {
    const status = r() < 0.9 ? 200 : r() < 0.5 ? 404 : 500;
    const path = PATHS[Math.floor(r() * PATHS.length)]!;
    return {
      timestamp,
      severity: status >= 500 ? 'error' : 'info',
      category: 'app',
      host,
      user,
      action: 'http_request',
      outcome: status < 400 ? 'success' : 'failure',
      message: `GET ${path} returned ${status}`,
      statusCode: status,
      responseTimeMs: Math.floor(r() * 2000),
      requestId: `req_${Math.floor(r() * 1e9).toString(36)}`,
      request: { method: 'GET', path, query: r() < 0.3 ? 'page=2' : '' },
      tags: ['web'],
    };
  }
  if (kind < 0.75) {
    const ok = r() < 0.85;
    return {
      timestamp,
      severity: ok ? 'info' : 'warn',
      category: 'auth',
      host,
      user,
      action: ok ? 'login' : 'mfa',
      outcome: ok ? 'success' : 'failure',
      message: ok ? 'User signed in' : 'Failed MFA',
      srcIp: `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
      method: r() < 0.5 ? 'saml' : 'password',
    };
  }
  if (kind < 0.9) {
    return {
      timestamp,
      severity: SEVERITIES[Math.floor(r() * SEVERITIES.length)],
      category: 'network',
      host: `fw-${Math.floor(r() * 4)}`,
      action: 'connection',
      outcome: r() < 0.7 ? 'success' : 'failure',
      message: `deny tcp ${Math.floor(r() * 65535)}`,
      srcIp: `203.0.113.${Math.floor(r() * 255)}`,
      dstPort: Math.floor(r() * 65535),
      bytes: Math.floor(r() * 1e6),
    };
  }
  return {
    timestamp,
    severity: r() < 0.5 ? 'error' : 'critical',
    category: 'system',
    host,
    action: 'exception',
    outcome: 'failure',
    message: `database timeout after ${Math.floor(r() * 30)}s in worker`,
    error: { type: 'TimeoutError', stack: 'at query (db.js:42)\nat run (worker.js:7)' },
    pid: Math.floor(r() * 60000),
  };
}

/** `n` NDJSON batches of `size` events, timestamps spread over the `spanMs` before `end`. */
export function makeBatches(seed: number, n: number, size: number, end: number, spanMs: number): string[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: size }, () => JSON.stringify(makeEvent(r, end - Math.floor(r() * spanMs)))).join('\n'));
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
