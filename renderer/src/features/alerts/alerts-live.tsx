/**
 * App-wide alert awareness, mounted once by the shell: remembers the alerts that already exist,
 * listens to the 'alert' stream (in-app toast for each new alert, unread count), and renders the
 * unread badge next to "Alerts" in the navigation.
 */
import { useEffect } from 'react';
import type { JSX } from 'react';
import { alertsStore, useAlerts } from '../../stores/alerts-store.ts';
import './alerts.css';

/** Mounted once in App: toasts and the unread count work on every screen. */
export function useAlertsLive(): void {
  useEffect(() => {
    void alertsStore.getState().prime();
    return alertsStore.getState().connect();
  }, []);
}

/** Unread count next to "Alerts" in the navigation; hidden at 0. */
export function AlertsNavBadge(): JSX.Element | null {
  const unread = useAlerts((s) => s.unread);
  if (unread === 0) return null;
  return (
    <span className="nav-badge" data-testid="alerts-unread" aria-label={`${unread} new alert${unread === 1 ? '' : 's'}`}>
      {unread > 99 ? '99+' : unread}
    </span>
  );
}
