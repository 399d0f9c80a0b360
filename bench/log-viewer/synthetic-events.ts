/**
 * Deterministic synthetic SIEM events for the Log Viewer benchmark and e2e specs: a mix of web,
 * auth and network activity with envelope fields and raw extras (statusCode, requestId, srcIp,
 * request.path, responseTimeMs), spread evenly back from `endMs` over `spanMs`, newest last.
 */
import { SEVERITIES } from '../../shared/enums.ts';

/** Small fast PRNG (mulberry32) so every run ingests the same events. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTS = ['web-01', 'web-02', 'web-03', 'api-01', 'api-02', 'db-01', 'vpn-gw', 'mail-01'];
const USERS = ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com', 'svc-backup', 'root'];
const ACTIONS = [
  { action: 'login', category: 'auth' },
  { action: 'mfa', category: 'auth' },
  { action: 'request', category: 'app' },
  { action: 'config_change', category: 'audit' },
  { action: 'port_scan', category: 'network' },
  { action: 'file_uploaded', category: 'app' },
] as const;
const PATHS = ['/api/orders', '/api/users', '/login', '/api/payments', '/health', '/admin/settings'];
/** Weighted towards info like real traffic: debug 10%, info 50%, notice 12%, warn 15%, error 10%, critical 3%. */
const SEVERITY_WEIGHTS = [0.1, 0.6, 0.72, 0.87, 0.97, 1];

export interface SyntheticEvent {
  timestamp: string;
  severity: string;
  category: string;
  host: string;
  user: string;
  action: string;
  outcome: string;
  message: string;
  statusCode: number;
  requestId: string;
  srcIp: string;
  responseTimeMs: number;
  request: { path: string; method: string };
}

export function syntheticEvent(i: number, total: number, endMs: number, spanMs: number, rnd: () => number): SyntheticEvent {
  const r = rnd();
  const sevIndex = SEVERITY_WEIGHTS.findIndex((w) => r < w);
  const severity = SEVERITIES[sevIndex < 0 ? 1 : sevIndex]!;
  const a = ACTIONS[Math.floor(rnd() * ACTIONS.length)]!;
  const host = HOSTS[Math.floor(rnd() * HOSTS.length)]!;
  const user = USERS[Math.floor(rnd() * USERS.length)]!;
  const path = PATHS[Math.floor(rnd() * PATHS.length)]!;
  const failed = severity === 'warn' || severity === 'error' || severity === 'critical';
  const statusCode = failed ? (severity === 'warn' ? 401 : 500 + Math.floor(rnd() * 4)) : 200;
  const ts = endMs - spanMs + Math.floor(((i + 1) / total) * spanMs) - 1;
  return {
    timestamp: new Date(ts).toISOString(),
    severity,
    category: a.category,
    host,
    user,
    action: a.action,
    outcome: failed ? 'failure' : rnd() < 0.9 ? 'success' : 'unknown',
    message: `${a.action} ${failed ? 'failed' : 'ok'} for ${user} on ${host} ${path} (${statusCode})`,
    statusCode,
    requestId: `req_${i.toString(36)}`,
    srcIp: `10.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${1 + Math.floor(rnd() * 253)}`,
    responseTimeMs: Math.floor(rnd() * 3000),
    request: { path, method: rnd() < 0.7 ? 'GET' : 'POST' },
  };
}

/** NDJSON bodies of `batch` events each, for events [start, end). */
export function* ndjsonBatches(start: number, end: number, batch: number, total: number, endMs: number, spanMs: number, seed = 42): Generator<string> {
  const rnd = prng(seed + start);
  for (let b = start; b < end; b += batch) {
    const lines: string[] = [];
    for (let i = b; i < Math.min(b + batch, end); i++) lines.push(JSON.stringify(syntheticEvent(i, total, endMs, spanMs, rnd)));
    yield lines.join('\n');
  }
}
