import { describe, expect, it } from 'vitest';
import { curlTemplate, ingestEndpoints, keyHeaderName, KEY_PLACEHOLDER, lanHost } from '../../../renderer/src/features/settings-sources/ingest-examples.ts';

describe('How to send events', () => {
  it('lists LAN ingest URLs first, then the local one, without duplicates', () => {
    expect(
      ingestEndpoints({
        ingestUrl: 'http://127.0.0.1:9470/v1/ingest',
        lanIngestUrls: ['http://192.168.1.20:9470/v1/ingest', 'http://10.0.0.5:9470/v1/ingest'],
      }),
    ).toEqual(['http://192.168.1.20:9470/v1/ingest', 'http://10.0.0.5:9470/v1/ingest', 'http://127.0.0.1:9470/v1/ingest']);
    expect(ingestEndpoints({ ingestUrl: 'http://10.0.0.5:9470/v1/ingest', lanIngestUrls: ['http://10.0.0.5:9470/v1/ingest'] })).toHaveLength(1);
  });
  it('writes the header as the seed does and keeps the {KEY} placeholder', () => {
    expect(keyHeaderName()).toBe('X-DF-Source-Key');
    const curl = curlTemplate('http://10.0.0.5:9470/v1/ingest');
    expect(curl).toContain('curl -X POST "http://10.0.0.5:9470/v1/ingest"');
    expect(curl).toContain(`-H "X-DF-Source-Key: ${KEY_PLACEHOLDER}"`);
    expect(curl).toContain('-H "Content-Type: application/x-ndjson"');
    const body = /--data-binary '(.*)'$/.exec(curl)![1]!;
    expect(JSON.parse(body)).toMatchObject({ severity: 'info', message: 'hello from curl' });
  });
  it('takes the syslog host from the first reachable URL', () => {
    expect(lanHost({ ingestUrl: 'http://127.0.0.1:9470/v1/ingest', lanIngestUrls: ['http://192.168.1.20:9470/v1/ingest'] })).toBe('192.168.1.20');
    expect(lanHost({ ingestUrl: '', lanIngestUrls: [] })).toBe('this-machine');
  });
});
