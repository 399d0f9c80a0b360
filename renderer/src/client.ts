/**
 * The renderer's only way to reach the engine. Built from the shared contract; the transport is
 * chosen once at startup: the preload bridge in Electron, or the console HTTP API + SSE in a browser.
 */
import { API_ROUTES, fillPath, STREAM_NAMES } from '../../shared/api.ts';
import type { ApiInput, ApiMethod, ApiOutput, PreloadBridge, ShellCommands, StreamEvents, StreamName } from '../../shared/api.ts';
import type { ApiErrorBody, ApiResponse } from '../../shared/errors.ts';

/** An API failure, carried as data into the UI (code, message, details such as a query position). */
export class ClientError extends Error {
  readonly code: ApiErrorBody['code'];
  readonly details?: unknown;
  constructor(code: ClientError['code'], message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export interface Transport {
  call(method: ApiMethod, input: unknown, opts?: { idempotencyKey?: string }): Promise<ApiResponse<unknown>>;
  subscribe(stream: StreamName | keyof ShellCommands, listener: (payload: unknown) => void): () => void;
}

export interface WatchpostClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>, opts?: { idempotencyKey?: string }): Promise<ApiOutput<M>>;
  subscribe<S extends StreamName>(stream: S, listener: (payload: StreamEvents[S]) => void): () => void;
  /** Commands from the desktop shell (clicked toast, Edit > Find); never fire in a browser. */
  onShellCommand<K extends keyof ShellCommands>(name: K, listener: (payload: ShellCommands[K]) => void): () => void;
  /** Base URL + token for downloads (export); null in desktop mode. */
  readonly http: { baseUrl: string; token: string } | null;
}

export function createClient(transport: Transport, http: WatchpostClient['http'] = null): WatchpostClient {
  return {
    http,
    async call(method, input, opts) {
      const res = await transport.call(method, input, opts);
      if (!res.success) throw new ClientError(res.error.code, res.error.message, res.error.details);
      return res.data as never;
    },
    subscribe(stream, listener) {
      return transport.subscribe(stream, listener as (p: unknown) => void);
    },
    onShellCommand(name, listener) {
      return transport.subscribe(name, listener as (p: unknown) => void);
    },
  };
}

/** Encode an input object as a query string (arrays repeat the key; undefined/null/'' omitted). */
export function toQueryString(input: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Console API transport: fetch for calls, one EventSource for every stream. */
export function httpTransport(baseUrl: string, token: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): Transport {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  function ensureSource(): void {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${baseUrl}/v1/stream?token=${encodeURIComponent(token)}`);
    for (const name of STREAM_NAMES) {
      source.addEventListener(name, (ev) => {
        const data = JSON.parse((ev as MessageEvent<string>).data) as unknown;
        for (const l of listeners.get(name) ?? []) l(data);
      });
    }
  }
  return {
    async call(method, input, opts) {
      const route = API_ROUTES[method];
      const { path, rest } = fillPath(route, (input ?? {}) as Record<string, unknown>);
      const hasBody = route.method === 'POST' || route.method === 'PATCH';
      const url = `${baseUrl}${path}${hasBody ? '' : toQueryString(rest)}`;
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (hasBody) headers['content-type'] = 'application/json';
      if (opts?.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
      let res: Response;
      try {
        res = await fetchImpl(url, { method: route.method, headers, body: hasBody ? JSON.stringify(rest) : undefined });
      } catch (err) {
        return { success: false, error: { code: 'INTERNAL', message: `Cannot reach Watchpost at ${baseUrl}: ${(err as Error).message}` } };
      }
      try {
        return (await res.json()) as ApiResponse<unknown>;
      } catch {
        return { success: false, error: { code: 'INTERNAL', message: `Unexpected response ${res.status} from ${path}` } };
      }
    },
    subscribe(stream, listener) {
      ensureSource();
      let set = listeners.get(stream);
      if (!set) listeners.set(stream, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

/** Electron transport: the two functions the preload exposes. */
export function ipcTransport(bridge: PreloadBridge): Transport {
  return {
    async call(method, input) {
      return (await bridge.invoke(method, input)) as ApiResponse<unknown>;
    },
    subscribe(stream, listener) {
      return bridge.subscribe(stream, listener);
    },
  };
}

/** Pick the transport once: preload bridge if present, else HTTP with `?token=` (kept in sessionStorage). */
export function clientFromEnvironment(win: Window & { watchpost?: PreloadBridge } = window): WatchpostClient {
  if (win.watchpost) return createClient(ipcTransport(win.watchpost));
  const url = new URL(win.location.href);
  let token = url.searchParams.get('token');
  if (token) {
    win.sessionStorage.setItem('watchpost.token', token);
    url.searchParams.delete('token');
    win.history.replaceState(null, '', url.toString());
  } else {
    token = win.sessionStorage.getItem('watchpost.token') ?? '';
  }
  const baseUrl = win.location.origin;
  return createClient(httpTransport(baseUrl, token), { baseUrl, token });
}
