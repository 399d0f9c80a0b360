/** Left navigation, built from the route table: main screens, then the Settings group. */
import type { ComponentType, JSX } from 'react';
import { hrefFor } from '../router.ts';
import { useApp } from '../stores/app-store.ts';

export interface NavRoute {
  path: string;
  label: string;
  section: 'main' | 'settings';
  keys?: string;
  /** Optional live badge after the label (e.g. unread alerts). */
  badge?: ComponentType;
}

function Brand(): JSX.Element {
  return (
    <div className="brand">
      <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3z" />
        <circle cx="12" cy="11" r="3" />
      </svg>
      <span>Watchpost</span>
    </div>
  );
}

function NavLink({ route, current }: { route: NavRoute; current: string | null }): JSX.Element {
  const active = current === route.path;
  const Badge = route.badge;
  return (
    <a className="nav-link" href={hrefFor(route.path)} aria-keyshortcuts={route.keys} aria-current={active ? 'page' : undefined} data-testid={`nav-${route.path.replace(/\//g, '-')}`}>
      <span>{route.label}</span>
      {Badge && <Badge />}
      {route.keys && <kbd aria-hidden="true">{route.keys}</kbd>}
    </a>
  );
}

export function ShellNav({ routes, current, onHelp }: { routes: readonly NavRoute[]; current: string | null; onHelp(): void }): JSX.Element {
  const theme = useApp((s) => s.theme);
  const toggleTheme = useApp((s) => s.toggleTheme);
  const connection = useApp((s) => s.connection);
  const info = useApp((s) => s.info);
  const main = routes.filter((r) => r.section === 'main');
  const settings = routes.filter((r) => r.section === 'settings');
  return (
    <nav className="shell-nav" aria-label="Main">
      <Brand />
      {main.map((r) => (
        <NavLink key={r.path} route={r} current={current} />
      ))}
      {settings.length > 0 && (
        <>
          <div className="nav-section" id="nav-settings">
            Settings
          </div>
          <div role="group" aria-labelledby="nav-settings">
            {settings.map((r) => (
              <NavLink key={r.path} route={r} current={current} />
            ))}
          </div>
        </>
      )}
      <div className="nav-footer">
        <div className={`conn conn-${connection}`} data-testid="connection-status">
          <span className="conn-dot" aria-hidden="true" />
          <span>{connection === 'online' ? `Connected${info ? ` · ${info.mode}` : ''}` : connection === 'offline' ? 'Disconnected' : 'Not authorised'}</span>
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={toggleTheme} aria-pressed={theme === 'light'} data-testid="theme-toggle">
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onHelp}>
          Keyboard shortcuts <kbd>?</kbd>
        </button>
      </div>
    </nav>
  );
}
