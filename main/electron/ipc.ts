/**
 * The desktop transport of the one API contract: a single invoke channel that forwards to
 * `engine.api.call`, and a single stream channel that pushes every engine stream to the window.
 *
 * Why a sender check: any frame in the renderer process can call `ipcRenderer.invoke`. Only the
 * app's own top-level page (renderer/dist/index.html over file://) is trusted; anything else gets an
 * UNAUTHORIZED envelope — errors cross the boundary as data, never as thrown objects.
 */
import { pathToFileURL } from 'node:url';
import { API_ROUTES, IPC_INVOKE_CHANNEL, IPC_STREAM_CHANNEL, STREAM_NAMES } from '../../shared/api.ts';
import type { ApiDispatcher, ApiMethod, StreamName } from '../../shared/api.ts';
import type { ApiResponse } from '../../shared/errors.ts';
import type { IpcInvokeEventLike, IpcMainLike } from './electron-types.ts';

/**
 * Messages the shell itself pushes to the renderer on IPC_STREAM_CHANNEL, next to the engine
 * streams. The renderer receives them with `window.watchpost.subscribe(name, fn)`.
 */

/** The exact file:// URL of the app page, the only frame allowed to call the engine. */
export function appPageUrl(indexHtmlPath: string): string {
  return pathToFileURL(indexHtmlPath).href;
}

/** Same document as the app page? Hash and query (client-side routing) are ignored. */
export function isAppFrameUrl(frameUrl: string, appUrl: string): boolean {
  let frame: URL;
  let app: URL;
  try {
    frame = new URL(frameUrl);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (frame.protocol !== 'file:' || app.protocol !== 'file:') return false;
  return frame.host === app.host && frame.pathname === app.pathname;
}

function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && Object.prototype.hasOwnProperty.call(API_ROUTES, method);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function failure(code: 'UNAUTHORIZED' | 'VALIDATION_ERROR' | 'NOT_FOUND' | 'INTERNAL', message: string): ApiResponse<never> {
  return { success: false, error: { code, message } };
}

export interface IpcBridgeOptions {
  ipcMain: IpcMainLike;
  api: ApiDispatcher;
  /** From `appPageUrl(indexHtml)`. */
  appUrl: string;
  /** The OS user; becomes `actor` (keyGeneratedBy, security events). */
  operator: string;
}

/**
 * Validate and route one invoke. Exported so the checks can be tested without the channel.
 * Order: sender frame, then method, then input shape; the engine sees only known methods with an
 * object input.
 */
export async function handleInvoke(
  opts: Omit<IpcBridgeOptions, 'ipcMain'>,
  event: IpcInvokeEventLike,
  method: unknown,
  input: unknown,
): Promise<ApiResponse<unknown>> {
  const frameUrl = event.senderFrame?.url;
  if (typeof frameUrl !== 'string' || !isAppFrameUrl(frameUrl, opts.appUrl)) {
    return failure('UNAUTHORIZED', 'IPC call from a frame that is not the Watchpost window');
  }
  if (!isApiMethod(method)) {
    return failure('NOT_FOUND', `Unknown API method ${JSON.stringify(String(method)).slice(0, 120)}`);
  }
  const body = input === undefined || input === null ? {} : input;
  if (!isPlainObject(body)) {
    return failure('VALIDATION_ERROR', `Input of ${method} must be an object`);
  }
  try {
    return await opts.api.call(method, body as never, { actor: opts.operator });
  } catch (err) {
    return failure('INTERNAL', `Engine failed on ${method}: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** Register the invoke handler; returns a function that removes it (on quit). */
export function registerInvokeHandler(opts: IpcBridgeOptions): () => void {
  const { ipcMain, ...rest } = opts;
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, method: unknown, input: unknown) => handleInvoke(rest, event, method, input));
  return () => ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
}

/**
 * Subscribe to every engine stream and hand each payload to `send` (which targets the live window).
 * Returns one function that unsubscribes them all.
 */
export function forwardStreams(api: ApiDispatcher, send: (channel: string, stream: StreamName, payload: unknown) => void): () => void {
  const offs = STREAM_NAMES.map((name) => api.subscribe(name, (payload: unknown) => send(IPC_STREAM_CHANNEL, name, payload)));
  return () => {
    for (const off of offs) off();
  };
}
