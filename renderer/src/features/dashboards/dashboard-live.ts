/**
 * Live panels: every `events` push (the stream the Log Viewer's live tail uses), and `alert` and
 * `health` pushes for the alert and Source Health panels, schedule one refresh of the whole
 * dashboard, at most one per LIVE_INTERVAL_MS. Only ranges that end now refresh (a fixed range does
 * not grow), never while paused, and never while a refresh is still in flight. Old results stay on
 * screen until the new ones replace them. These requests say `live: true`, so the engine may answer
 * a costly panel from its recent evaluation (docs/dashboards.md, "Live refresh").
 */
import { useEffect } from 'react';
import { getClient } from '../../app-client.ts';
import { followsNow } from '../log-viewer/log-viewer-time.ts';
import { dashboardsStore } from './dashboards-store.ts';

const LIVE_INTERVAL_MS = 5000;

/** A throttle that runs `fn` now if the last run was `interval` ago, else once when it is due. */
export function createThrottle(fn: () => void, interval: number, now: () => number = Date.now): { poke(): void; cancel(): void } {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const poke = (): void => {
    const wait = last + interval - now();
    if (wait > 0) {
      timer ??= setTimeout(() => {
        timer = null;
        poke();
      }, wait);
      return;
    }
    last = now();
    fn();
  };
  return {
    poke,
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export function useDashboardLive(): void {
  useEffect(() => {
    const throttle = createThrottle(() => {
      const s = dashboardsStore.getState();
      if (s.paused || s.refreshing || !s.filters || !followsNow(s.filters)) return;
      void s.refresh({ live: true });
    }, LIVE_INTERVAL_MS);
    const client = getClient();
    const offs = [client.subscribe('events', throttle.poke), client.subscribe('alert', throttle.poke), client.subscribe('health', throttle.poke)];
    // Resuming live catches up at once.
    const offPause = dashboardsStore.subscribe((s, prev) => {
      if (prev.paused && !s.paused) throttle.poke();
    });
    return () => {
      for (const off of offs) off();
      offPause();
      throttle.cancel();
    };
  }, []);
}
