import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): receivers verify
 * `v1,base64(HMAC-SHA256(secret, "{webhook-id}.{webhook-timestamp}.{body}"))` with the endpoint's
 * `whsec_` secret, and dedupe on webhook-id (which stays the same across retries and redelivery).
 */
export const SIGNING_SECRET_PREFIX = 'whsec_';

/** A fresh per-endpoint secret: `whsec_` + base64 of 32 random bytes (shown once at creation). */
export function generateSigningSecret(): string {
  return SIGNING_SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** A fresh message id for the `webhook-id` header. */
export function generateWebhookId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

/** The three Standard Webhooks headers for one attempt; the timestamp is the attempt time. */
export function signatureHeaders(secret: string, webhookId: string, timestampSec: number, body: string | Buffer): Record<string, string> {
  const key = Buffer.from(secret.startsWith(SIGNING_SECRET_PREFIX) ? secret.slice(SIGNING_SECRET_PREFIX.length) : secret, 'base64');
  const ts = String(Math.floor(timestampSec));
  const mac = createHmac('sha256', key);
  mac.update(`${webhookId}.${ts}.`);
  mac.update(body);
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': ts,
    'webhook-signature': `v1,${mac.digest('base64')}`,
  };
}
