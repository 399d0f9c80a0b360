/**
 * The renderer's whole view of the main process: `invoke(method, input)` and
 * `subscribe(stream, listener)`, nothing else (ARCHITECTURE: "the preload exposes two functions").
 *
 * Why validate here too: the main process checks everything again, but refusing bad arguments at
 * the bridge keeps garbage off the IPC channel and gives the page a clear error envelope instead of
 * a structured-clone exception. Errors come back as data (`{success:false,error}`), never thrown,
 * except for programming errors in `subscribe` (a listener that is not a function).
 * The Electron `IpcRendererEvent` never reaches the page: it carries `sender`, which would hand the
 * page a way to send on any channel.
 */
import { IPC_INVOKE_CHANNEL, IPC_STREAM_CHANNEL } from '../shared/api.ts';
import type { PreloadBridge } from '../shared/api.ts';
import type { ApiResponse } from '../shared/errors.ts';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** `sources.list`, `ui.navigate`: dot-separated identifiers, short. */
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;
const MAX_NAME = 100;

/** Method and stream names the bridge lets through. */
export function isValidName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= MAX_NAME && NAME_PATTERN.test(name);
}

function isObjectInput(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

function failure(code: 'VALIDATION_ERROR' | 'INTERNAL', message: string): ApiResponse<never> {
  return { success: false, error: { code, message } };
}

/** Build the frozen bridge object that preload.ts exposes as `window.watchpost`. */
export function createBridge(ipc: IpcRendererLike): PreloadBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  ipc.on(IPC_STREAM_CHANNEL, (_event, stream, payload) => {
    if (typeof stream !== 'string') return;
    for (const listener of [...(listeners.get(stream) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`watchpost: ${stream} listener failed`, err);
      }
    }
  });

  return Object.freeze({
    async invoke(method: string, input: unknown): Promise<unknown> {
      if (!isValidName(method)) return failure('VALIDATION_ERROR', 'invoke(method, input): method must be an API method name');
      const body = input === undefined || input === null ? {} : input;
      if (!isObjectInput(body)) return failure('VALIDATION_ERROR', `invoke(${method}, input): input must be an object`);
      try {
        return await ipc.invoke(IPC_INVOKE_CHANNEL, method, body);
      } catch (err) {
        return failure('INTERNAL', `IPC call ${method} failed: ${(err as Error)?.message ?? String(err)}`);
      }
    },
    subscribe(stream: string, listener: (payload: unknown) => void): () => void {
      if (!isValidName(stream)) throw new TypeError('subscribe(stream, listener): stream must be a stream name');
      if (typeof listener !== 'function') throw new TypeError('subscribe(stream, listener): listener must be a function');
      let set = listeners.get(stream);
      if (!set) listeners.set(stream, (set = new Set()));
      set.add(listener);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(listener);
        if (set.size === 0) listeners.delete(stream);
      };
    },
  });
}
