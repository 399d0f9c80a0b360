/**
 * The source page's "Encryption" panel (issue 13): the certificate fingerprint the engine serves,
 * the pinned curl example, and which transport the source's latest request used (HTTP, then HTTPS).
 */
import { request } from 'node:https';
import { test, expect, snap, sourceWithKey } from './fixtures.ts';
import type { AppInfo } from '../../shared/types.ts';

function httpsPost(url: string, ca: string, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca, headers: { 'x-df-source-key': key, 'content-type': 'application/x-ndjson' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the source page shows the served certificate, a pinned curl example and the transport of the latest request', async ({ page, api, ingestUrl }) => {
  const { id, key } = await sourceWithKey(api, { name: 'Web servers' });
  const tls = (await api<AppInfo>('GET', '/v1/app/info')).body.data.ingestTls;
  if (!tls) throw new Error('app info has no ingestTls: the serve fixture should always start TLS');

  await page.goto(page.url().split('#')[0] + `#/settings/sources/${id}`);
  const panel = page.getByTestId('ingest-tls');
  await expect(panel.getByRole('heading', { name: 'Encryption' })).toBeVisible();
  await expect(panel.getByTestId('tls-fingerprint')).toHaveText(tls.fingerprint256);
  await expect(panel.getByTestId('tls-curl')).toContainText(`--pinnedpubkey "${tls.pinnedPubKey}"`);
  await expect(panel.getByTestId('https-endpoint')).toContainText('https://');
  await expect(panel.getByTestId('last-transport')).toContainText('No request since Watchpost started');

  const plain = await fetch(ingestUrl, {
    method: 'POST',
    headers: { 'x-df-source-key': key, 'content-type': 'application/x-ndjson' },
    body: '{"message":"plain"}',
  });
  expect(plain.status).toBe(200);
  await page.reload();
  await expect(page.getByTestId('last-transport')).toContainText('HTTP — the key crossed the network in plain text');

  expect(await httpsPost(tls.httpsUrl, tls.certPem, key, '{"message":"encrypted"}')).toBe(200);
  await page.reload();
  await expect(page.getByTestId('last-transport')).toContainText('HTTPS — the key travelled encrypted');
  await page.getByTestId('ingest-tls').scrollIntoViewIfNeeded();
  await snap(page, 'source-encryption-panel');
});
