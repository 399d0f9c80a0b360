/**
 * Shell-wide background work: load app info, check the link to the engine (every few seconds while
 * disconnected, every 15 s otherwise) and reload the screens' data when it comes back, raise a banner
 * for a disabled forwarding endpoint, and follow the desktop shell's commands.
 */
import { useEffect, useRef } from 'react';
import { getClient } from './app-client.ts';
import { appStore, useApp } from './stores/app-store.ts';
import { sourcesStore } from './stores/sources-store.ts';
import { platformsStore } from './stores/platforms-store.ts';
import { healthStore } from './stores/health-store.ts';
import { syncEndpointBanner } from './stores/forwarding-store.ts';
import { navigate } from './router.ts';

/** While disconnected: how often to knock. While connected: how often to check the link is still there. */
export const PROBE_INTERVAL_MS = 3000;
export const HEARTBEAT_INTERVAL_MS = 15_000;

/** Reload every store a screen has already loaded (idle stores load when their screen opens). */
export function reloadLoadedStores(): void {
  for (const store of [sourcesStore, platformsStore, healthStore]) {
    if (store.getState().status !== 'idle') void store.getState().load();
  }
}

export function useShellLive(): void {
  const connection = useApp((s) => s.connection);
  const previous = useRef(connection);

  useEffect(() => {
    appStore
      .getState()
      .loadInfo()
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    const was = previous.current;
    previous.current = connection;
    if (was === 'offline' && connection === 'online') {
      appStore.getState().toast('success', 'Reconnected to Watchpost.');
      appStore
        .getState()
        .loadInfo()
        .catch(() => undefined);
      reloadLoadedStores();
    }
    if (connection === 'unauthorized') return;
    // The HTTP transport reports every answer (or its absence) to the app store; this just makes sure
    // there is a request to report on even when the current screen is idle.
    const timer = setInterval(
      () => {
        getClient()
          .call('app.info', {})
          .catch(() => undefined);
      },
      connection === 'offline' ? PROBE_INTERVAL_MS : HEARTBEAT_INTERVAL_MS,
    );
    return () => clearInterval(timer);
  }, [connection]);

  // Always on (the forwarding screen may not be open): an endpoint the engine disabled after failing
  // for 24 h raises a banner; one switched off by hand (no reason) or re-enabled clears it. Endpoints
  // disabled before this window opened are found by one look at the list.
  useEffect(() => {
    getClient()
      .call('endpoints.list', {})
      .then(({ items }) => items.forEach(syncEndpointBanner))
      .catch(() => undefined);
    return getClient().subscribe('endpoint', syncEndpointBanner);
  }, []);

  // Desktop shell commands: a clicked OS toast opens its alert (or the forwarding screen), Edit > Find
  // focuses the Log Viewer's query.
  useEffect(() => {
    const client = getClient();
    const offNavigate = client.onShellCommand('ui.navigate', (target) => {
      navigate(target.view === 'alerts' ? `alerts${target.alertId ? `/${encodeURIComponent(target.alertId)}` : ''}` : 'settings/forwarding');
    });
    const offFind = client.onShellCommand('ui.focusSearch', () => {
      navigate('logs');
      requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-testid="lv-query-input"]')?.focus());
    });
    return () => {
      offNavigate();
      offFind();
    };
  }, []);
}
