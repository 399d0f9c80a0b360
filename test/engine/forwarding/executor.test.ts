import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { AttemptExecutor } from '../../../main/engine/forwarding/attempt-executor.ts';
import type { AttemptJob } from '../../../main/engine/forwarding/attempt-executor.ts';
import { generateSigningSecret } from '../../../main/engine/forwarding/signing.ts';
import { startReceiver } from './helpers/receiver.ts';
import type { Receiver } from './helpers/receiver.ts';
import { makeTestPki } from './helpers/tls.ts';
import { verifyStandardWebhook } from './helpers/verifier.ts';

/** The in-thread executor: what runs when the send worker is unavailable (e.g. a bundle without it). */
let rx: Receiver;
let caCertPem: string;
beforeAll(async () => {
  const pki = makeTestPki();
  caCertPem = pki.caCertPem;
  rx = await startReceiver(pki);
});
afterAll(async () => {
  await rx.close();
});

describe('AttemptExecutor (main-thread fallback)', () => {
  it('builds, signs and sends a stored event, and reports Retry-After raw', async () => {
    const db = new Database(':memory:');
    const exec = new AttemptExecutor(db, 2);
    const secret = generateSigningSecret();
    const ev = { id: 'evt_1', timestamp: '2026-11-23T12:00:00.000Z', type: 'siem.test', category: 'infrastructure', severity: 'info' };
    const job: AttemptJob = {
      target: { id: 'ep_1', url: rx.url, caCertPem, poolKey: 'k' },
      format: 'generic',
      kind: 'test',
      headers: { authorization: 'Bearer t' },
      signingSecret: secret,
      webhookId: 'msg_abc',
      timestampSec: 1_700_000_000,
      timeoutMs: 15_000, // generous: a loaded machine may take seconds for the first TLS handshake
      stored: Buffer.from(JSON.stringify([ev])),
      range: null,
      maxBytes: 1 << 20,
    };
    expect(await exec.run(job)).toMatchObject({ status: 200, error: null, permanent: false, count: 1 });
    const req = rx.requests.at(-1)!;
    expect(JSON.parse(req.body)).toEqual(ev);
    expect(verifyStandardWebhook(secret, req.headers, req.body, 1_700_000_000_000)).toEqual({ id: 'msg_abc', timestamp: 1_700_000_000 });
    rx.queue.push({ status: 429, headers: { 'retry-after': '12' } });
    expect(await exec.run(job)).toMatchObject({ status: 429, retryAfter: '12' });
    expect(await exec.run({ ...job, stored: null })).toMatchObject({ status: null, permanent: true });
    await exec.close();
    db.close();
  });
});
