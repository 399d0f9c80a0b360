import { describe, expect, it } from 'vitest';
import { BASIC_TEXT_WARNING, createSafeStorageSecretBox, SAFE_STORAGE_PREFIX, UNAVAILABLE_WARNING } from '../../main/electron/secret-box.ts';
import type { SecretBox } from '../../main/engine/context.ts';
import { createFakeElectron } from './fake-electron.ts';

/** A stand-in for the key-file box, recording when it gets built. */
function fallbackSpy() {
  const spy = { built: 0 };
  const make = (): SecretBox => {
    spy.built += 1;
    return { warning: null, encrypt: (p) => `v1:${Buffer.from(p).toString('hex')}`, decrypt: (s) => Buffer.from(s.slice(3), 'hex').toString() };
  };
  return { spy, make };
}

describe('safeStorage SecretBox', () => {
  it('round-trips through safeStorage as base64 and never stores the plaintext', () => {
    const fake = createFakeElectron({ backend: 'gnome_libsecret' });
    const { spy, make } = fallbackSpy();
    const box = createSafeStorageSecretBox(fake.electron.safeStorage, make);
    const sealed = box.encrypt('AKIA-secret-☃');
    expect(sealed.startsWith(SAFE_STORAGE_PREFIX)).toBe(true);
    expect(sealed).not.toContain('AKIA');
    expect(Buffer.from(sealed.slice(SAFE_STORAGE_PREFIX.length), 'base64').toString()).toMatch(/^fake-os-sealed:/);
    expect(box.decrypt(sealed)).toBe('AKIA-secret-☃');
    expect(box.warning).toBeNull();
    expect(spy.built).toBe(0);
  });

  it('warns when the Linux backend is basic_text', () => {
    const fake = createFakeElectron({ backend: 'basic_text' });
    const box = createSafeStorageSecretBox(fake.electron.safeStorage, fallbackSpy().make);
    expect(box.warning).toBe(BASIC_TEXT_WARNING);
    expect(box.decrypt(box.encrypt('pw'))).toBe('pw');
  });

  it('has no warning on platforms without getSelectedStorageBackend (macOS, Windows)', () => {
    const fake = createFakeElectron();
    expect('getSelectedStorageBackend' in fake.electron.safeStorage).toBe(false);
    expect(createSafeStorageSecretBox(fake.electron.safeStorage, fallbackSpy().make).warning).toBeNull();
  });

  it('falls back to the key-file box with a warning when encryption is unavailable', () => {
    const fake = createFakeElectron({ encryptionAvailable: false });
    const { spy, make } = fallbackSpy();
    const box = createSafeStorageSecretBox(fake.electron.safeStorage, make);
    expect(box.warning).toBe(UNAVAILABLE_WARNING);
    const sealed = box.encrypt('token');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(box.decrypt(sealed)).toBe('token');
    expect(spy.built).toBe(1);
  });

  it('reads both kinds when the keyring comes back, and says why when it is gone', () => {
    const fake = createFakeElectron();
    const { make } = fallbackSpy();
    const box = createSafeStorageSecretBox(fake.electron.safeStorage, make);
    expect(box.decrypt(make().encrypt('from key file'))).toBe('from key file');
    const sealed = box.encrypt('from keyring');
    fake.state.encryptionAvailable = false;
    const degraded = createSafeStorageSecretBox(fake.electron.safeStorage, make);
    expect(() => degraded.decrypt(sealed)).toThrow(/OS secret storage, which is unavailable/);
  });
});
