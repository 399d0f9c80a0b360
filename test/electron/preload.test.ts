import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE_CHANNEL, IPC_STREAM_CHANNEL } from '../../shared/api.ts';
import type { PreloadBridge } from '../../shared/api.ts';
import { createBridge, isValidName } from '../../preload/bridge.ts';
import type { IpcRendererLike } from '../../preload/bridge.ts';

/** Fake ipcRenderer: records invokes, lets the test deliver main→renderer messages. */
function fakeIpcRenderer(reply: (channel: string, args: unknown[]) => Promise<unknown> = async () => ({ success: true, data: 1 })) {
  const invokes: Array<{ channel: string; args: unknown[] }> = [];
  const on = new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcRendererLike = {
    invoke(channel, ...args) {
      invokes.push({ channel, args });
      return reply(channel, args);
    },
    on(channel, listener) {
      on.set(channel, [...(on.get(channel) ?? []), listener]);
    },
  };
  const deliver = (channel: string, ...args: unknown[]) => {
    for (const l of on.get(channel) ?? []) l({ sender: { send: () => 'leaked' } }, ...args);
  };
  return { ipc, invokes, on, deliver };
}

describe('preload bridge', () => {
  it('exposes exactly invoke and subscribe, frozen', () => {
    const bridge = createBridge(fakeIpcRenderer().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes the one IPC channel with method and input', async () => {
    const f = fakeIpcRenderer();
    const bridge = createBridge(f.ipc);
    expect(await bridge.invoke('events.search', { q: 'x' })).toEqual({ success: true, data: 1 });
    await bridge.invoke('sources.list', undefined);
    expect(f.invokes).toEqual([
      { channel: IPC_INVOKE_CHANNEL, args: ['events.search', { q: 'x' }] },
      { channel: IPC_INVOKE_CHANNEL, args: ['sources.list', {}] },
    ]);
  });

  it('answers bad arguments with a VALIDATION_ERROR envelope and sends nothing', async () => {
    const f = fakeIpcRenderer();
    const bridge = createBridge(f.ipc) as PreloadBridge & { invoke(m: unknown, i: unknown): Promise<unknown> };
    for (const [method, input] of [
      [42, {}],
      ['', {}],
      ['a b', {}],
      ['x'.repeat(101), {}],
      ['events.search', 'q=x'],
      ['events.search', [1]],
    ] as const) {
      expect(await bridge.invoke(method, input), String(method)).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    }
    expect(f.invokes).toEqual([]);
  });

  it('turns an IPC failure into an INTERNAL envelope instead of a rejection', async () => {
    const bridge = createBridge(
      fakeIpcRenderer(async () => {
        throw new Error("No handler registered for 'watchpost:invoke'");
      }).ipc,
    );
    expect(await bridge.invoke('app.info', {})).toEqual({
      success: false,
      error: { code: 'INTERNAL', message: "IPC call app.info failed: No handler registered for 'watchpost:invoke'" },
    });
  });

  it('delivers stream payloads to subscribers of that stream only, without the IPC event', () => {
    const f = fakeIpcRenderer();
    const bridge = createBridge(f.ipc);
    const alerts: unknown[][] = [];
    const nav: unknown[][] = [];
    const offAlert = bridge.subscribe('alert', (...args) => alerts.push(args));
    bridge.subscribe('ui.navigate', (...args) => nav.push(args));
    f.deliver(IPC_STREAM_CHANNEL, 'alert', { id: 'al_1' });
    f.deliver(IPC_STREAM_CHANNEL, 'ui.navigate', { view: 'alerts', alertId: 'al_1' });
    f.deliver(IPC_STREAM_CHANNEL, 'health', []);
    expect(alerts).toEqual([[{ id: 'al_1' }]]);
    expect(nav).toEqual([[{ view: 'alerts', alertId: 'al_1' }]]);
    offAlert();
    offAlert();
    f.deliver(IPC_STREAM_CHANNEL, 'alert', { id: 'al_2' });
    expect(alerts).toHaveLength(1);
    expect(f.on.get(IPC_STREAM_CHANNEL)).toHaveLength(1);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const f = fakeIpcRenderer();
    const bridge = createBridge(f.ipc);
    const got: unknown[] = [];
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    bridge.subscribe('events', () => {
      throw new Error('render bug');
    });
    bridge.subscribe('events', (p) => got.push(p));
    f.deliver(IPC_STREAM_CHANNEL, 'events', { count: 1 });
    expect(got).toEqual([{ count: 1 }]);
    expect(err).toHaveBeenCalledOnce();
    err.mockRestore();
  });

  it('throws on a non-function listener or a bad stream name', () => {
    const bridge = createBridge(fakeIpcRenderer().ipc) as PreloadBridge & { subscribe(s: unknown, l: unknown): () => void };
    expect(() => bridge.subscribe('alert', 'nope')).toThrow(TypeError);
    expect(() => bridge.subscribe('__proto__ x', () => {})).toThrow(TypeError);
    expect(() => bridge.subscribe(7, () => {})).toThrow(TypeError);
    expect(isValidName('deliveries.redeliver')).toBe(true);
    expect(isValidName('ui.focusSearch')).toBe(true);
    expect(isValidName('../x')).toBe(false);
  });
});

const exposed = vi.hoisted(() => ({ calls: [] as Array<{ key: string; api: unknown }> }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.calls.push({ key, api }) },
  ipcRenderer: { invoke: async () => ({ success: true, data: null }), on: () => undefined },
}));

describe('preload entry', () => {
  beforeEach(() => {
    exposed.calls.length = 0;
    vi.resetModules();
  });

  it('exposes the bridge as window.watchpost and nothing else', async () => {
    await import('../../preload/preload.ts');
    expect(exposed.calls).toHaveLength(1);
    expect(exposed.calls[0]!.key).toBe('watchpost');
    expect(Object.keys(exposed.calls[0]!.api as object).sort()).toEqual(['invoke', 'subscribe']);
  });
});
