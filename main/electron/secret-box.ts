/**
 * The engine's SecretBox in desktop mode: Electron safeStorage (Keychain, DPAPI, libsecret/kwallet).
 *
 * Why the warning: on Linux without a keyring, safeStorage silently falls back to 'basic_text', a
 * hard-coded key, so stored credentials are only obfuscated. The engine surfaces `warning` in the UI
 * (SPEC §2: credentials encrypted at rest) instead of pretending they are protected.
 * Why a fallback: when safeStorage is unavailable altogether the analyst must still be able to save
 * a connector; secrets are then sealed by the headless key-file box (engine/secrets.ts) and the
 * warning says so. Sealed strings from safeStorage carry the `ss1:` prefix; anything else is handed
 * to the fallback, so both kinds stay readable if the keyring comes and goes.
 */
import type { SecretBox } from '../engine/context.ts';
import type { SafeStorageLike } from './electron-types.ts';

export const SAFE_STORAGE_PREFIX = 'ss1:';

export const BASIC_TEXT_WARNING =
  'No OS keyring found (Electron safeStorage backend is basic_text): stored credentials are obfuscated, not encrypted. ' +
  'Install and unlock a Secret Service keyring (GNOME Keyring, KWallet) and restart Watchpost.';
export const UNAVAILABLE_WARNING =
  'OS secret storage is unavailable: stored credentials are encrypted with a key file in the data folder, ' +
  'so anyone who can read that folder can read them.';

/**
 * Build the SecretBox. Must be called after `app.whenReady()` (safeStorage on Linux needs it).
 * `fallback` is created only when first needed (it may write a key file). `warning` is fixed at
 * creation: the backend does not change while the app runs.
 */
export function createSafeStorageSecretBox(safeStorage: SafeStorageLike, fallback: () => SecretBox): SecretBox {
  const available = safeStorage.isEncryptionAvailable();
  const backend = safeStorage.getSelectedStorageBackend?.();
  const warning = !available ? UNAVAILABLE_WARNING : backend === 'basic_text' ? BASIC_TEXT_WARNING : null;
  let fallbackBox: SecretBox | null = null;
  const other = (): SecretBox => (fallbackBox ??= fallback());
  return {
    warning,
    encrypt(plain) {
      if (!available) return other().encrypt(plain);
      return SAFE_STORAGE_PREFIX + safeStorage.encryptString(plain).toString('base64');
    },
    decrypt(sealed) {
      if (!sealed.startsWith(SAFE_STORAGE_PREFIX)) return other().decrypt(sealed);
      if (!available) throw new Error('This secret was sealed by OS secret storage, which is unavailable now');
      return safeStorage.decryptString(Buffer.from(sealed.slice(SAFE_STORAGE_PREFIX.length), 'base64'));
    },
  };
}
