/**
 * A fake Loki for the pull benchmark, in its own process so generating answers does not share the
 * engine's CPU thread. It holds N entries computed from their index (no list in memory): entry i at
 * T0 + floor(i · SPAN / N) ms (whole milliseconds). Prints its URL.
 *   N=2000000 T0=<ms> SPAN_MS=<ms> node bench/pull/fake-loki.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { envNumber } from '../lib/env.ts';

const N = envNumber('N', 2_000_000);
const T0 = envNumber('T0', Date.now() - 23 * 3_600_000);
const SPAN = envNumber('SPAN_MS', 22 * 3_600_000);
const HOSTS = Array.from({ length: 40 }, (_, i) => `web-${String(i + 1).padStart(2, '0')}`);
const PATHS = ['/api/orders', '/api/login', '/api/users', '/health', '/api/invoices', '/api/search'];

const tsOf = (i: number): number => T0 + Math.floor((i * SPAN) / N);
/** First index whose time is ≥ ms. */
function firstAt(ms: number): number {
  let lo = 0;
  let hi = N;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tsOf(mid) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function line(i: number): string {
  const status = i % 17 === 0 ? 500 : i % 11 === 0 ? 404 : 200;
  const level = status === 500 ? 'error' : status === 404 ? 'warn' : 'info';
  return `level=${level} method=GET path=${PATHS[i % PATHS.length]} status=${status} duration_ms=${(i * 7919) % 2000} request_id=req_${i.toString(36)} user=user${i % 200}@example.com`;
}

const server = createServer((req, res) => {
  const u = new URL(req.url ?? '/', 'http://x');
  if (u.pathname !== '/loki/api/v1/query_range') {
    res.writeHead(404).end('404 page not found\n');
    return;
  }
  const startNs = BigInt(u.searchParams.get('start')!);
  const endNs = BigInt(u.searchParams.get('end')!);
  const limit = Math.min(5000, Number(u.searchParams.get('limit') ?? 100));
  // Entries are whole milliseconds: ns = ms · 1e6.
  const startMs = Number((startNs + 999_999n) / 1_000_000n);
  const endMs = Number((endNs + 999_999n) / 1_000_000n);
  const from = firstAt(startMs);
  const to = Math.min(firstAt(endMs), from + limit);
  const byHost = new Map<number, string[]>();
  for (let i = from; i < to; i++) {
    const h = i % HOSTS.length;
    let list = byHost.get(h);
    if (!list) byHost.set(h, (list = []));
    list.push(`["${tsOf(i)}000000",${JSON.stringify(line(i))}]`);
  }
  const result = [...byHost].map(([h, values]) => `{"stream":{"app":"bench","host":"${HOSTS[h]}"},"values":[${values.join(',')}]}`);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(`{"status":"success","data":{"resultType":"streams","result":[${result.join(',')}]}}`);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
