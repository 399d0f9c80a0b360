/**
 * Builds the renderer's client and watches the link to the engine. In a browser the console can go
 * away (serve stopped, laptop asleep) or the token can be wrong; the shell shows that instead of
 * silently failing every call. In Electron the IPC bridge cannot drop, so status stays 'online'.
 */
import { clientFromEnvironment, createClient, httpTransport } from './client.ts';
import type { WatchpostClient } from './client.ts';
import type { PreloadBridge } from '../../shared/api.ts';

export type ConnectionStatus = 'online' | 'offline' | 'unauthorized';

/** Wrap fetch so every console call reports whether the engine answered, and whether it let us in. */
export function monitoredFetch(inner: typeof fetch, report: (s: ConnectionStatus) => void): typeof fetch {
  return async (input, init) => {
    let res: Response;
    try {
      res = await inner(input, init);
    } catch (err) {
      report('offline');
      throw err;
    }
    report(res.status === 401 ? 'unauthorized' : 'online');
    return res;
  };
}

/** The client for this window, with connection reporting on the HTTP transport. */
export function connectClient(report: (s: ConnectionStatus) => void, win: Window & { watchpost?: PreloadBridge } = window): WatchpostClient {
  const base = clientFromEnvironment(win);
  if (!base.http) return base;
  const fetchImpl = monitoredFetch(globalThis.fetch.bind(globalThis), report);
  return createClient(httpTransport(base.http.baseUrl, base.http.token, fetchImpl), base.http);
}
