import { describe, expect, it } from 'vitest';
import { ClientError } from '../../../renderer/src/client.ts';
import { createSourcesStore } from '../../../renderer/src/stores/sources-store.ts';
import { draftToInput, emptyDraft } from '../../../renderer/src/features/settings-sources/source-form-model.ts';
import { fieldErrorsFromError } from '../../../renderer/src/ui/form-errors.ts';
import { unreachableClient, useEngineClientEach } from '../engine-client.ts';
import type { EngineClient } from '../engine-client.ts';

describe('sources store (real engine)', () => {
  let ec: EngineClient;
  useEngineClientEach((c) => (ec = c));

  function store() {
    return createSourcesStore(() => ec.client);
  }

  it('loads the built-in source and creates one with the seed defaults', async () => {
    const s = store();
    expect(s.getState().status).toBe('idle');
    await s.getState().load();
    expect(s.getState().status).toBe('ready');
    expect(s.getState().items.map((x) => x.builtIn)).toEqual([true]);

    const created = await s.getState().create(draftToInput({ ...emptyDraft(), name: 'Authentication Service' }, false));
    expect(created).toMatchObject({
      name: 'Authentication Service',
      type: 'generic_json',
      active: true,
      rateLimit: 100,
      heartbeatMinutes: 0,
      platformId: null,
    });
    expect(s.getState().items.map((x) => x.id)).toContain(created.id);
  });

  it('turns an engine VALIDATION_ERROR into a field error', async () => {
    const s = store();
    const err = await s
      .getState()
      .create({ name: 'x'.repeat(256) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect((err as ClientError).code).toBe('VALIDATION_ERROR');
    expect(fieldErrorsFromError(err)).toEqual({ name: expect.stringContaining('at most 255') });

    const creds = await s
      .getState()
      .create({ name: 'gcp', type: 'gcp_logging', credentials: { serviceAccountJson: 'nope' }, sources: ['a'] })
      .catch((e: unknown) => e);
    expect(fieldErrorsFromError(creds)).toEqual({ 'credentials.serviceAccountJson': expect.stringContaining('JSON') });
  });

  it('holds a generated key only until the popout is dismissed', async () => {
    const s = store();
    const src = await s.getState().create({ name: 'Edge Firewall' });
    await s.getState().generateKey(src.id);
    const revealed = s.getState().revealedKey!;
    expect(revealed.key).toMatch(/^wpk_[A-Za-z0-9_-]{43}$/);
    expect(revealed).toMatchObject({ sourceId: src.id, action: 'generated' });
    expect(revealed.curlExample).toContain(revealed.key);
    // The list copy got the new Key Identifier, never the key.
    const listed = s.getState().items.find((x) => x.id === src.id)!;
    expect(listed.keyIdentifier).toBe(revealed.keyIdentifier);
    expect(JSON.stringify(s.getState().items)).not.toContain(revealed.key);
    expect(await ec.ingest(revealed.key, [{ message: 'hello' }])).toBe(200);

    s.getState().dismissKey();
    expect(s.getState().revealedKey).toBeNull();
    expect(JSON.stringify(s.getState())).not.toContain(revealed.key);
    // Reloading cannot bring it back: the engine only has the hash.
    await s.getState().load();
    await s.getState().refreshOne(src.id);
    expect(JSON.stringify(s.getState())).not.toContain(revealed.key);
  });

  it('rotates (old key refused at once), revokes (inactive, 401) and refuses a second generate', async () => {
    const s = store();
    const src = await s.getState().create({ name: 'Customer Portal' });
    await s.getState().generateKey(src.id);
    const first = s.getState().revealedKey!.key;
    s.getState().dismissKey();

    await expect(s.getState().generateKey(src.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(s.getState().revealedKey).toBeNull();

    await s.getState().rotateKey(src.id);
    const second = s.getState().revealedKey!;
    expect(second.action).toBe('rotated');
    expect(second.key).not.toBe(first);
    s.getState().dismissKey();
    expect(await ec.ingest(first, [{ message: 'old key' }])).toBe(401);
    expect(await ec.ingest(second.key, [{ message: 'new key' }])).toBe(200);

    const revoked = await s.getState().revokeKey(src.id);
    expect(revoked).toMatchObject({ active: false, keyIdentifier: null });
    expect(s.getState().items.find((x) => x.id === src.id)).toMatchObject({ active: false, keyIdentifier: null });
    expect(await ec.ingest(second.key, [{ message: 'revoked' }])).toBe(401);
  });

  it('updates and removes', async () => {
    const s = store();
    const src = await s.getState().create({ name: 'Batch Job' });
    const renamed = await s.getState().update(src.id, { name: 'Weekly Batch', heartbeatMinutes: 120 });
    expect(renamed).toMatchObject({ id: src.id, name: 'Weekly Batch', heartbeatMinutes: 120 });
    await s.getState().remove(src.id);
    expect(s.getState().items.find((x) => x.id === src.id)).toBeUndefined();
    await expect(s.getState().refreshOne(src.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('sources store without an engine', () => {
  it('reports a load failure as an error state with the message', async () => {
    const s = createSourcesStore(unreachableClient);
    await s.getState().load();
    expect(s.getState()).toMatchObject({ status: 'error', error: expect.stringContaining('Cannot reach Watchpost') });
  });
});
