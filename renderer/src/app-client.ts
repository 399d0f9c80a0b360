/**
 * The one client instance the renderer uses. main.tsx sets it at startup (IPC bridge or HTTP);
 * stores read it lazily so tests can install a client built on their own transport.
 */
import type { WatchpostClient } from './client.ts';

let current: WatchpostClient | null = null;

export function setClient(client: WatchpostClient): void {
  current = client;
}

export function getClient(): WatchpostClient {
  if (!current) throw new Error('Watchpost client not initialised: call setClient() first (main.tsx does)');
  return current;
}
