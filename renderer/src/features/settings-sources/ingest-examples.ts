/**
 * What "How to send events" shows: the ingest URLs other machines can reach, and a curl example
 * with the `{KEY}` placeholder from seed 000 (the real key only ever appears in the one-time popout).
 */
import type { AppInfo } from '../../../../shared/types.ts';
import { INGEST_KEY_HEADER } from '../../../../shared/limits.ts';

export const KEY_PLACEHOLDER = '{KEY}';

/** LAN URLs first (what a source on another machine uses), then the local one, without duplicates. */
export function ingestEndpoints(info: Pick<AppInfo, 'ingestUrl' | 'lanIngestUrls'>): string[] {
  return [...new Set([...info.lanIngestUrls, info.ingestUrl].filter(Boolean))];
}

/** Header name as the seed writes it (X-DF-Source-Key); HTTP header names are case-insensitive. */
export function keyHeaderName(): string {
  return INGEST_KEY_HEADER.split('-')
    .map((p) => (p.length <= 2 ? p.toUpperCase() : p[0]!.toUpperCase() + p.slice(1)))
    .join('-');
}

export function curlTemplate(ingestUrl: string, key: string = KEY_PLACEHOLDER): string {
  const event = JSON.stringify({ severity: 'info', message: 'hello from curl', action: 'test', outcome: 'success' });
  return [
    `curl -X POST "${ingestUrl}" \\`,
    `  -H "${keyHeaderName()}: ${key}" \\`,
    '  -H "Content-Type: application/x-ndjson" \\',
    `  --data-binary '${event}'`,
  ].join('\n');
}

/** Host part of the first LAN ingest URL, for syslog/CEF "send to HOST:PORT". */
export function lanHost(info: Pick<AppInfo, 'ingestUrl' | 'lanIngestUrls'>): string {
  const first = ingestEndpoints(info)[0];
  if (!first) return 'this-machine';
  try {
    return new URL(first).hostname;
  } catch {
    return 'this-machine';
  }
}
