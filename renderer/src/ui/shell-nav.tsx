/** Left navigation, built from the route table: main screens, then the Settings group. */
import type { ComponentType, JSX } from 'react';
import { hrefFor } from '../router.ts';
import { useApp } from '../stores/app-store.ts';
import { Icon } from './icons.tsx';
import type { IconName } from './icons.tsx';

export interface NavRoute {
  path: string;
  label: string;
  section: 'main' | 'settings';
  keys?: string;
  /** Shown alone when the nav is collapsed. */
  icon?: IconName;
  /** Optional live badge after the label (e.g. unread alerts). */
  badge?: ComponentType;
}

function Brand(): JSX.Element {
  return (
    <div className="brand">
      <svg
        width="22"
        height="22"
        viewBox="0 0 24 24"
        aria-hidden="true"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
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
    <a
      className="nav-link"
      href={hrefFor(route.path)}
      aria-keyshortcuts={route.keys}
      aria-current={active ? 'page' : undefined}
      data-testid={`nav-${route.path.replace(/\//g, '-')}`}
      title={route.label}
    >
      {route.icon && <Icon name={route.icon} size={16} />}
      <span className="nav-label">{route.label}</span>
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
  const timeDisplay = useApp((s) => s.timeDisplay);
  const setTimeDisplay = useApp((s) => s.setTimeDisplay);
  const collapsed = useApp((s) => s.navCollapsed);
  const toggleNav = useApp((s) => s.toggleNav);
  const main = routes.filter((r) => r.section === 'main');
  const settings = routes.filter((r) => r.section === 'settings');
  return (
    <nav className={`shell-nav${collapsed ? ' shell-nav-collapsed' : ''}`} aria-label="Main">
      <div className="nav-top">
        <Brand />
        <button
          type="button"
          className="btn btn-ghost btn-sm btn-icon nav-collapse"
          data-testid="nav-collapse"
          aria-expanded={!collapsed}
          aria-label={collapsed ? 'Expand navigation' : 'Collapse navigation'}
          title={collapsed ? 'Expand navigation' : 'Collapse navigation'}
          onClick={toggleNav}
        >
          <Icon name={collapsed ? 'expand' : 'collapse'} />
        </button>
      </div>
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
          <span className="nav-label">
            {connection === 'online' ? `Connected${info ? ` · ${info.mode}` : ''}` : connection === 'offline' ? 'Disconnected' : 'Not authorised'}
          </span>
        </div>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={toggleTheme}
          aria-pressed={theme === 'light'}
          data-testid="theme-toggle"
          aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'}
          title="Switch theme (t t)"
        >
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
          <span className="nav-label">{theme === 'dark' ? 'Light theme' : 'Dark theme'}</span>
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() => setTimeDisplay(timeDisplay === 'utc' ? 'local' : 'utc')}
          data-testid="time-display-toggle"
          aria-label={`Times in ${timeDisplay === 'utc' ? 'UTC' : 'local time'}; switch to ${timeDisplay === 'utc' ? 'local time' : 'UTC'}`}
          title="Every screen shows times in this zone"
        >
          <Icon name="clock" />
          <span className="nav-label">Times: {timeDisplay === 'utc' ? 'UTC' : 'local'}</span>
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          <span className="nav-label">Keyboard shortcuts</span> <kbd>?</kbd>
        </button>
      </div>
    </nav>
  );
}
