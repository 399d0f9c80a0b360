import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretBox } from './context.ts';

const PREFIX = 'v1:';

/**
 * Headless SecretBox: AES-256-GCM with a random key in DATA_DIR/secret.key (0600) beside the
 * database, so a copied database alone does not reveal credentials. The desktop app uses
 * Electron safeStorage instead.
 */
export function fileSecretBox(dataDir: string): SecretBox {
  const keyFile = join(dataDir, 'secret.key');
  let key: Buffer;
  if (existsSync(keyFile)) {
    key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${keyFile} is not a 32-byte base64 key; restore it from backup or remove it (stored secrets become unreadable)`);
  } else {
    key = randomBytes(32);
    writeFileSync(keyFile, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(keyFile, 0o600);
  return {
    warning: null,
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    decrypt(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error('unknown secret format');
      const buf = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
