import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * An independent Standard Webhooks verifier, written from the specification
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
 * not from Watchpost's signer: the signed content is `${id}.${timestamp}.${body}`, the key is the
 * base64 part of the `whsec_` secret, the header is a space-separated list of `v1,<base64>` and
 * the timestamp must be within the tolerance of the receiver's clock.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: IncomingHttpHeaders,
  body: string,
  nowMs: number,
  toleranceSec = 300,
): { id: string; timestamp: number } {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sigs = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof ts !== 'string' || typeof sigs !== 'string') throw new Error('missing webhook-* headers');
  const timestamp = Number(ts);
  if (!Number.isInteger(timestamp)) throw new Error(`webhook-timestamp is not integer seconds: ${ts}`);
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSec) throw new Error(`webhook-timestamp ${ts} outside tolerance`);
  if (!secret.startsWith('whsec_')) throw new Error('secret must start with whsec_');
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`, 'utf8').digest();
  for (const part of sigs.split(' ')) {
    const [version, b64] = part.split(',', 2);
    if (version !== 'v1' || !b64) continue;
    const got = Buffer.from(b64, 'base64');
    if (got.length === expected.length && timingSafeEqual(got, expected)) return { id, timestamp };
  }
  throw new Error('no matching v1 signature');
}
