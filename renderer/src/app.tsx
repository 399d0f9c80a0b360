/**
 * App shell: left nav, banner slot, the current screen, toasts and global shortcuts.
 *
 * ROUTES is the one place screens are registered; nav items, shortcuts and routing all come from it.
 * Adding a screen is one line here (plus its import). Keep nav order: Log Viewer, Alerts (keys 'g a'),
 * Dashboards ('g d'), Source Health; Settings: Log sources, Platforms, Rules ('g r'), SIEM forwarding ('g f').
 */
import { useEffect, useMemo, useState } from 'react';
import type { JSX } from 'react';
import { LogViewer } from './features/log-viewer/log-viewer.tsx';
import { LOG_VIEWER_KEYS } from './features/log-viewer/log-viewer-keys.ts';
import { SourceHealthScreen } from './features/source-health/source-health-screen.tsx';
import { SourcesScreen } from './features/settings-sources/sources-screen.tsx';
import { PlatformsScreen } from './features/platforms/platforms-screen.tsx';
import { ForwardingScreen } from './features/forwarding/forwarding-screen.tsx';
import { AlertsScreen } from './features/alerts/alerts-screen.tsx';
import { AlertsNavBadge, useAlertsLive } from './features/alerts/alerts-live.tsx';
import { AlertToasts } from './features/alerts/alert-toasts.tsx';
import { RulesScreen } from './features/rules/rules-screen.tsx';
import { DashboardsScreen } from './features/dashboards/dashboards-screen.tsx';
import { matchRoute, navigate, useHashPath } from './router.ts';
import { createShortcutHandler } from './shortcuts.ts';
import type { Shortcut } from './shortcuts.ts';
import { useApp } from './stores/app-store.ts';
import { BannerSlot } from './ui/banner-slot.tsx';
import { ShellNav } from './ui/shell-nav.tsx';
import type { NavRoute } from './ui/shell-nav.tsx';
import { ShortcutHelp } from './ui/shortcut-help.tsx';
import { ToastArea } from './ui/toast-area.tsx';
import { useShellLive } from './use-shell-live.ts';

export interface AppRoute extends NavRoute {
  /** `rest` is the path after the route's own (e.g. a source id, or 'new'). */
  render(rest: string): JSX.Element;
}

export const DEFAULT_ROUTE = 'logs';

export const ROUTES: readonly AppRoute[] = [
  { path: 'logs', label: 'Log Viewer', section: 'main', keys: 'g l', icon: 'logs', render: () => <LogViewer /> },
  { path: 'alerts', label: 'Alerts', section: 'main', keys: 'g a', icon: 'bell', badge: AlertsNavBadge, render: (rest) => <AlertsScreen rest={rest} /> },
  { path: 'dashboards', label: 'Dashboards', section: 'main', keys: 'g d', icon: 'dashboard', render: (rest) => <DashboardsScreen rest={rest} /> },
  { path: 'health', label: 'Source Health', section: 'main', keys: 'g h', icon: 'pulse', render: () => <SourceHealthScreen /> },
  { path: 'settings/sources', label: 'Log sources', section: 'settings', keys: 'g s', icon: 'plug', render: (rest) => <SourcesScreen rest={rest} /> },
  { path: 'settings/platforms', label: 'Platforms', section: 'settings', keys: 'g p', icon: 'layers', render: () => <PlatformsScreen /> },
  { path: 'settings/rules', label: 'Rules', section: 'settings', keys: 'g r', icon: 'rule', render: (rest) => <RulesScreen rest={rest} /> },
  { path: 'settings/forwarding', label: 'SIEM forwarding', section: 'settings', keys: 'g f', icon: 'send', render: (rest) => <ForwardingScreen rest={rest} /> },
];

export function App(): JSX.Element {
  const path = useHashPath();
  const theme = useApp((s) => s.theme);
  const toggleTheme = useApp((s) => s.toggleTheme);
  const timeDisplay = useApp((s) => s.timeDisplay);
  const navCollapsed = useApp((s) => s.navCollapsed);
  const [help, setHelp] = useState(false);
  const match = matchRoute(ROUTES, path);
  useShellLive();
  useAlertsLive();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    if (!match) navigate(DEFAULT_ROUTE);
  }, [match]);

  useEffect(() => {
    document.title = match ? `${match.route.label} · Watchpost` : 'Watchpost';
  }, [match]);

  const shortcuts = useMemo<Shortcut[]>(
    () => [
      ...ROUTES.filter((r) => r.keys).map((r) => ({ keys: r.keys!, description: `Go to ${r.label}`, run: () => navigate(r.path) })),
      { keys: 't t', description: 'Switch between dark and light theme', run: toggleTheme },
      { keys: '?', description: 'Show keyboard shortcuts', run: () => setHelp(true) },
    ],
    [toggleTheme],
  );

  useEffect(() => {
    const handle = createShortcutHandler(shortcuts);
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || document.querySelector('[aria-modal="true"]')) return;
      if (handle(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts]);

  return (
    <div className={`shell${navCollapsed ? ' shell-nav-narrow' : ''}`}>
      <a
        className="skip-link"
        href="#main-content"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to content
      </a>
      <ShellNav routes={ROUTES} current={match?.route.path ?? null} onHelp={() => setHelp(true)} />
      <BannerSlot />
      {/* Keyed by the time display so every screen re-renders its times when it changes. */}
      <main className="shell-main" id="main-content" tabIndex={-1} data-testid="main" key={timeDisplay}>
        {match ? match.route.render(match.rest) : null}
      </main>
      <ToastArea />
      <AlertToasts />
      {help && <ShortcutHelp shortcuts={[...shortcuts, ...LOG_VIEWER_KEYS]} onClose={() => setHelp(false)} />}
    </div>
  );
}
