import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `wpk_` + base64url(256 random bits): a prefix secret scanners can spot. */
export const KEY_PATTERN = /^wpk_[A-Za-z0-9_-]{43}$/;

export function generateIngestKey(): string {
  return 'wpk_' + randomBytes(32).toString('base64url');
}

/** SHA-256 of the key: the only form that is ever stored. */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** First 8 hex chars of the hash: lets admins tell keys apart without exposing them. */
export function keyIdentifier(hash: Buffer): string {
  return hash.toString('hex').slice(0, 8);
}

/** Constant-time comparison of two 32-byte digests. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
