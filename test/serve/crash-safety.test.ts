import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../helpers/test-engine.ts';
import { startServe } from '../e2e/serve-process.ts';
import { scanById } from '../../main/engine/store/event-store/index.ts';

const root = join(import.meta.dirname, '..', '..');

/** serve on `dataDir` (kept), via the same helper the e2e fixture uses. */
async function startOn(dataDir: string) {
  const s = await startServe({ dataDir });
  return { child: s.child, runtime: s };
}

/** Four clients posting 200-event batches (each event marked) until stopped or refused; what got a 200. */
async function ingestFromFourClients(runtime: { consoleUrl: string; ingestUrl: string; token: string }) {
  const api = (method: string, path: string, body?: unknown) =>
    fetch(runtime.consoleUrl + path, {
      method,
      headers: { authorization: `Bearer ${runtime.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ data: { id: string; key: string } }>);
  const src = (await api('POST', '/v1/config/log-sources', { name: 'crash-src', rateLimit: 100000 })).data;
  const key = (await api('POST', `/v1/config/log-sources/${src.id}/key`)).data.key;
  const acked = new Set<string>();
  let stopped = false;
  const client = async (c: number) => {
    for (let b = 0; !stopped; b++) {
      const ids = Array.from({ length: 200 }, (_, i) => `c${c}-b${b}-e${i}`);
      try {
        const res = await fetch(runtime.ingestUrl, {
          method: 'POST',
          headers: { 'x-df-source-key': key, 'content-type': 'application/x-ndjson' },
          body: ids.map((id) => JSON.stringify({ mark: id, message: 'crash test', host: `h${c}` })).join('\n'),
        });
        if (res.status === 200) for (const id of ids) acked.add(id);
      } catch {
        return;
      }
    }
  };
  const clients = [0, 1, 2, 3].map(client);
  return {
    acked,
    async stop() {
      stopped = true;
      await Promise.all(clients);
    },
  };
}

/** The store is intact and holds every acknowledged mark exactly once (through the event store: some are sealed). */
function expectEveryAckedStoredOnce(dataDir: string, acked: Set<string>): void {
  expect(acked.size).toBeGreaterThan(0);
  const db = new Database(join(dataDir, 'watchpost.db'));
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const marks = [...scanById(db, { fromId: 1 })].map((r) => (JSON.parse(r.raw) as { mark?: string }).mark).filter((m) => m !== undefined);
  db.close();
  const stored = new Set(marks);
  expect(marks.length).toBe(stored.size); // each event once
  expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
}

describe('serve process', () => {
  it('kill -9 while 4 clients ingest loses no acknowledged event and leaves an intact database', async () => {
    const dataDir = tempDir();
    const { child, runtime } = await startOn(dataDir);
    const load = await ingestFromFourClients(runtime);
    await new Promise((r) => setTimeout(r, 1500));
    const exited = new Promise((r) => child.once('exit', r)); // before the kill: it may exit at once
    child.kill('SIGKILL');
    await load.stop();
    await exited;
    expectEveryAckedStoredOnce(dataDir, load.acked);

    // It restarts on the same data dir and still serves every acknowledged event.
    const again = await startOn(dataDir);
    const r = await fetch(`${again.runtime.consoleUrl}/v1/events?limit=1&q=${encodeURIComponent('host:h0')}`, {
      headers: { authorization: `Bearer ${again.runtime.token}` },
    });
    expect(r.status).toBe(200);
    again.child.kill('SIGTERM');
    const code = await new Promise((res) => again.child.once('exit', res));
    expect(code).toBe(0);
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
  }, 120_000);

  it('SIGTERM while 4 clients ingest: the writer thread commits what it was given, every acknowledged event is stored once, exit 0', async () => {
    const dataDir = tempDir();
    const { child, runtime } = await startOn(dataDir);
    const load = await ingestFromFourClients(runtime);
    await new Promise((r) => setTimeout(r, 1500));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await load.stop();
    expect(await exited).toBe(0);
    expectEveryAckedStoredOnce(dataDir, load.acked);
  }, 120_000);

  it('writes runtime.json (0600) and keeps the console token across restarts; SIGTERM exits 0', async () => {
    const dataDir = tempDir();
    const a = await startOn(dataDir);
    expect(statSync(join(dataDir, 'runtime.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'console-token')).mode & 0o777).toBe(0o600);
    expect(a.runtime.ingestUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/ingest$/);
    expect(a.runtime.pid).toBe(a.child.pid);
    const token1 = a.runtime.token;
    a.child.kill('SIGTERM');
    expect(await new Promise((r) => a.child.once('exit', r))).toBe(0);
    const b = await startOn(dataDir);
    expect(b.runtime.token).toBe(token1);
    b.child.kill('SIGINT');
    expect(await new Promise((r) => b.child.once('exit', r))).toBe(0);
  }, 120_000);

  it('refuses a bad flag with a message naming it', async () => {
    const child = spawn(process.execPath, [join(root, 'main', 'serve.ts'), '--ingest-port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/--ingest-port must be a port/);
  });
});
