/** Shared steps of the Log Viewer specs: a source with a key, events through the ingest endpoint, a search. */
import type { Page } from '@playwright/test';
import { expect, sourceWithKey } from './fixtures.ts';
import type { WatchpostFixtures } from './fixtures.ts';
import { postBatch } from '../../bench/log-viewer/ingest-client.ts';
import { ndjsonBatches } from '../../bench/log-viewer/synthetic-events.ts';

export const MIN = 60_000;

/** The seed's examples (seed 002): a port scan with raw-only fields, sign-ins, a failed request. */
export function seedEvents(now: number): Record<string, unknown>[] {
  const at = (msAgo: number): string => new Date(now - msAgo).toISOString();
  return [
    {
      timestamp: at(1 * MIN),
      severity: 'critical',
      category: 'network',
      host: 'fw-edge-01',
      action: 'port_scan',
      outcome: 'unknown',
      message: 'Port scan detected from 203.0.113.7',
      srcIp: '203.0.113.7',
      portsScanned: 1024,
      topTargetPorts: [22, 443, 3389],
    },
    {
      timestamp: at(2 * MIN),
      severity: 'info',
      category: 'auth',
      host: 'auth-01',
      user: 'alice@example.com',
      action: 'login',
      outcome: 'success',
      message: 'User signed in',
    },
    {
      timestamp: at(3 * MIN),
      severity: 'warn',
      category: 'auth',
      host: 'auth-01',
      user: 'bob@example.com',
      action: 'mfa',
      outcome: 'failure',
      message: 'Failed MFA',
    },
    {
      timestamp: at(4 * MIN),
      severity: 'error',
      category: 'app',
      host: 'web-01',
      user: 'jdoe@example.com',
      action: 'request_failed',
      outcome: 'failure',
      message: 'POST /api/orders returned 500, "upstream" timeout',
      statusCode: 500,
      requestId: 'req_abc123',
      responseTimeMs: 2340,
    },
  ];
}

export async function createSource(api: WatchpostFixtures['api'], name: string): Promise<string> {
  return (await sourceWithKey(api, { name, rateLimit: 100_000 })).key;
}

export async function ingest(ingestUrl: string, key: string, events: Record<string, unknown>[]): Promise<void> {
  const accepted = await postBatch(ingestUrl, key, events.map((e) => JSON.stringify(e)).join('\n'));
  expect(accepted).toBe(events.length);
}

/** `count` synthetic events spread over the 2 hours before `endMs`, through the ingest endpoint. */
export async function ingestBulk(ingestUrl: string, key: string, count: number, endMs: number): Promise<void> {
  for (const body of ndjsonBatches(0, count, 500, count, endMs, 120 * MIN)) await postBatch(ingestUrl, key, body);
}

export async function search(page: Page, q: string): Promise<void> {
  await page.getByTestId('lv-query-input').fill(q);
  await page.getByTestId('lv-query-submit').click();
}
