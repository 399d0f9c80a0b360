import { describe, expect, it } from 'vitest';
import { API_ROUTES, IPC_STREAM_CHANNEL, STREAM_NAMES } from '../../shared/api.ts';
import { appPageUrl, forwardStreams, handleInvoke, isAppFrameUrl, registerInvokeHandler } from '../../main/electron/ipc.ts';
import { createFakeElectron } from './fake-electron.ts';
import { fakeEngine } from './fake-engine.ts';

const INDEX = '/opt/Watchpost/resources/app.asar/renderer/dist/index.html';
const APP_URL = appPageUrl(INDEX);

function setup() {
  const engine = fakeEngine({
    dataDir: '/d',
    mode: 'desktop',
    operator: 'alice',
    secrets: null as never,
    notifier: null as never,
    ingestHost: '0.0.0.0',
    ingestPort: 9470,
  });
  const opts = { api: engine.engine.api, appUrl: APP_URL, operator: 'alice' };
  const call = (frameUrl: string | null, method: unknown, input?: unknown) =>
    handleInvoke(opts, { senderFrame: frameUrl === null ? null : { url: frameUrl } }, method, input);
  return { engine, call };
}

describe('IPC sender check', () => {
  it('accepts only the app page, with or without a hash route', () => {
    expect(APP_URL).toBe('file:///opt/Watchpost/resources/app.asar/renderer/dist/index.html');
    expect(isAppFrameUrl(APP_URL, APP_URL)).toBe(true);
    expect(isAppFrameUrl(`${APP_URL}#/alerts/al_1`, APP_URL)).toBe(true);
    expect(isAppFrameUrl('file:///tmp/evil/index.html', APP_URL)).toBe(false);
    expect(isAppFrameUrl('https://evil.example/renderer/dist/index.html', APP_URL)).toBe(false);
    expect(isAppFrameUrl('about:blank', APP_URL)).toBe(false);
    expect(isAppFrameUrl('', APP_URL)).toBe(false);
  });

  it('rejects a foreign frame with an UNAUTHORIZED envelope and never reaches the engine', async () => {
    const { engine, call } = setup();
    for (const frame of ['https://evil.example/', 'file:///home/u/Downloads/x.html', 'about:blank', null]) {
      const res = await call(frame, 'sources.list', {});
      expect(res, String(frame)).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(engine.calls).toEqual([]);
  });

  it('rejects methods that are not in the API route table, including prototype names', async () => {
    const { engine, call } = setup();
    for (const method of ['sources.drop', '__proto__', 'constructor', 'toString', 42, null, undefined]) {
      const res = await call(APP_URL, method, {});
      expect(res, String(method)).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    }
    expect(engine.calls).toEqual([]);
  });

  it('rejects an input that is not an object', async () => {
    const { engine, call } = setup();
    for (const input of ['q=x', 7, [1, 2], new Date()]) {
      expect(await call(APP_URL, 'events.search', input)).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    }
    expect(engine.calls).toEqual([]);
  });

  it('forwards a good call with the OS user as actor and returns the engine envelope', async () => {
    const { engine, call } = setup();
    const res = await call(`${APP_URL}#/logs`, 'events.search', { q: 'severity:>=warn', limit: 50 });
    expect(res).toEqual({ success: true, data: { echo: 'events.search', input: { q: 'severity:>=warn', limit: 50 } } });
    expect(engine.calls).toEqual([{ method: 'events.search', input: { q: 'severity:>=warn', limit: 50 }, meta: { actor: 'alice' } }]);
    await call(APP_URL, 'sources.list', undefined);
    expect(engine.calls[1]).toMatchObject({ method: 'sources.list', input: {} });
  });

  it('turns an engine exception into an INTERNAL envelope instead of a rejected promise', async () => {
    const { call } = setup();
    const res = await call(APP_URL, 'alerts.get', { id: 'al_1' });
    expect(res).toEqual({ success: false, error: { code: 'INTERNAL', message: 'Engine failed on alerts.get: database is locked' } });
  });

  it('accepts every method of the route table', async () => {
    const { engine, call } = setup();
    for (const method of Object.keys(API_ROUTES)) if (method !== 'alerts.get') await call(APP_URL, method, { id: 'x' });
    expect(engine.calls.map((c) => c.method)).toEqual(Object.keys(API_ROUTES).filter((m) => m !== 'alerts.get'));
  });

  it('registers on the invoke channel and removes the handler on dispose', async () => {
    const fake = createFakeElectron();
    const { engine } = setup();
    const off = registerInvokeHandler({ ipcMain: fake.electron.ipcMain, api: engine.engine.api, appUrl: APP_URL, operator: 'bob' });
    expect(await fake.invoke('watchpost:invoke', APP_URL, 'health.sources', {})).toMatchObject({ success: true });
    expect(await fake.invoke('watchpost:invoke', 'https://x.example/', 'health.sources', {})).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    off();
    expect(fake.state.handlers.size).toBe(0);
  });
});

describe('stream forwarding', () => {
  it('subscribes to every engine stream and sends each payload on the stream channel', () => {
    const { engine } = setup();
    const sent: unknown[][] = [];
    const off = forwardStreams(engine.engine.api, (...args) => sent.push(args));
    for (const name of STREAM_NAMES) expect(engine.subscriberCount(name), name).toBe(1);
    engine.emit('alert', { id: 'al_1' });
    engine.emit('events', { count: 3, sourceIds: ['ls_1'], newestAt: '2026-01-01T00:00:00.000Z' });
    expect(sent).toEqual([
      [IPC_STREAM_CHANNEL, 'alert', { id: 'al_1' }],
      [IPC_STREAM_CHANNEL, 'events', { count: 3, sourceIds: ['ls_1'], newestAt: '2026-01-01T00:00:00.000Z' }],
    ]);
    off();
    for (const name of STREAM_NAMES) expect(engine.subscriberCount(name), name).toBe(0);
  });
});
