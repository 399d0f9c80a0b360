/**
 * Feeds a running Watchpost through its real front doors: creates a generic_json source with a
 * rate limit high enough for bulk loading, generates its ingest key over the console API, then POSTs
 * NDJSON batches to the ingest endpoint with a few requests in flight. Shared by the benchmark and
 * the Log Viewer e2e spec.
 */
import { INGEST_LIMITS, RATE_LIMIT } from '../../shared/limits.ts';
import { ndjsonBatches } from './synthetic-events.ts';

export interface Runtime {
  ingestUrl: string;
  consoleUrl: string;
  token: string;
}

async function consoleCall<T>(rt: Runtime, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(rt.consoleUrl + path, {
    method,
    headers: { authorization: `Bearer ${rt.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { success: boolean; data?: T; error?: { message: string } };
  if (!json.success) throw new Error(`${method} ${path} → ${res.status}: ${json.error?.message}`);
  return json.data as T;
}

/** Create a push source and its key; returns the plaintext key. */
export async function createSourceWithKey(rt: Runtime, name: string): Promise<{ sourceId: string; key: string }> {
  const source = await consoleCall<{ id: string }>(rt, 'POST', '/v1/config/log-sources', { name, type: 'generic_json', rateLimit: RATE_LIMIT.max });
  const key = await consoleCall<{ key: string }>(rt, 'POST', `/v1/config/log-sources/${source.id}/key`);
  return { sourceId: source.id, key: key.key };
}

/** POST one NDJSON body; retries 429/503 after Retry-After. Returns accepted count. */
export async function postBatch(ingestUrl: string, key: string, body: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await fetch(ingestUrl, { method: 'POST', headers: { 'x-df-source-key': key, 'content-type': 'application/x-ndjson' }, body });
    if (res.status === 429 || res.status === 503) {
      const wait = Number(res.headers.get('retry-after') ?? '1');
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, Math.max(0.05, wait) * 1000));
      continue;
    }
    const json = (await res.json()) as { accepted: number; rejected: number; errors: unknown[] };
    if (res.status !== 200) throw new Error(`ingest ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
    return json.accepted;
  }
  throw new Error('ingest kept answering 429/503');
}

export interface IngestOptions {
  count: number;
  endMs: number;
  spanMs: number;
  concurrency?: number;
  onProgress?: (done: number) => void;
}

/** Ingest `count` synthetic events in 500-event batches with `concurrency` requests in flight. */
export async function ingestSynthetic(rt: Runtime, key: string, o: IngestOptions): Promise<number> {
  const batches = ndjsonBatches(0, o.count, INGEST_LIMITS.maxEventsPerRequest, o.count, o.endMs, o.spanMs);
  let accepted = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const next = batches.next();
      if (next.done) return;
      const n = await postBatch(rt.ingestUrl, key, next.value);
      accepted += n;
      o.onProgress?.(accepted);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 4 }, worker));
  return accepted;
}
