/**
 * Source Health: every source's status, last event, 1 h / 24 h counts, rejected and rate-limited
 * counts and a 24 h sparkline. Live from the 'health' stream, refetched as events arrive.
 */
import { useEffect, useMemo, useState } from 'react';
import type { JSX } from 'react';
import { HEALTH_STATUSES } from '../../../../shared/enums.ts';
import type { HealthStatus } from '../../../../shared/enums.ts';
import { hrefFor } from '../../router.ts';
import { healthStore, useHealth } from '../../stores/health-store.ts';
import { platformName, platformsStore, usePlatforms } from '../../stores/platforms-store.ts';
import { formatDateTime } from '../../ui/format-time.ts';
import { EmptyState, listPlaceholder } from '../../ui/states.tsx';
import { HEALTH_LABELS } from '../../ui/status-badge.tsx';
import { HealthTable } from './health-table.tsx';
import { ALL_PLATFORMS, filterRows, groupByPlatform, NO_PLATFORM, statusCounts } from './health-view.ts';
import './source-health.css';

const TICK_MS = 30_000;
const STATUS_TONE: Record<HealthStatus, string> = { healthy: 'ok', silent: 'danger', awaiting: 'info', inactive: 'neutral' };

export function SourceHealthScreen(): JSX.Element {
  const { rows, status, error, updatedAt } = useHealth((s) => s);
  const platforms = usePlatforms((s) => s.items);
  // Filters and grouping live in the store so they survive leaving the screen.
  const { platform, status: statusFilter, grouped } = useHealth((s) => s.view);
  const setView = useHealth((s) => s.setView);
  const setPlatform = (p: string): void => setView({ platform: p });
  const setStatusFilter = (f: HealthStatus | null): void => setView({ status: f });
  const setGrouped = (g: boolean): void => setView({ grouped: g });
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    void healthStore.getState().load();
    void platformsStore.getState().load();
    const stop = healthStore.getState().startLive();
    const tick = setInterval(() => setNow(new Date()), TICK_MS);
    return () => {
      stop();
      clearInterval(tick);
    };
  }, []);
  useEffect(() => setNow(new Date()), [updatedAt]);

  const visible = useMemo(() => filterRows(rows, platform, statusFilter), [rows, platform, statusFilter]);
  const groups = useMemo(
    () => (grouped ? groupByPlatform(visible, platforms) : [{ key: 'all', label: '', rows: visible, counts: statusCounts(visible) }]),
    [grouped, visible, platforms],
  );
  const counts = statusCounts(rows.filter((r) => platform === ALL_PLATFORMS || (platform === NO_PLATFORM ? r.platformId === null : r.platformId === platform)));

  const placeholder = listPlaceholder(
    { status, error, count: rows.length, what: 'Source Health', retry: () => healthStore.getState().load() },
    <EmptyState title="No log sources to monitor" action={<a href={hrefFor('settings/sources/new')}>Create a log source</a>}>
      Source Health lists every log source with its status and event counts once you add one.
    </EmptyState>,
  );
  let body: JSX.Element;
  if (placeholder) body = placeholder;
  else if (visible.length === 0)
    body = (
      <EmptyState title="No sources match these filters">
        <button
          type="button"
          className="btn"
          onClick={() => {
            setPlatform(ALL_PLATFORMS);
            setStatusFilter(null);
          }}
        >
          Clear filters
        </button>
      </EmptyState>
    );
  else body = <HealthTable groups={groups} grouped={grouped} platformName={(id) => (id ? platformName(platforms, id) : '—')} now={now} />;

  return (
    <section className="screen source-health" aria-labelledby="health-title" data-testid="source-health">
      <div className="screen-header">
        <h1 id="health-title">Source Health</h1>
        <span className="muted" aria-live="polite" data-testid="health-updated">
          {updatedAt ? `Live · updated ${formatDateTime(updatedAt)}` : ''}
        </span>
      </div>
      <div className="health-controls">
        <div className="status-chips" role="group" aria-label="Filter by status">
          {HEALTH_STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              className={`chip chip-${STATUS_TONE[s]}`}
              aria-pressed={statusFilter === s}
              onClick={() => setStatusFilter(statusFilter === s ? null : s)}
              data-testid={`status-chip-${s}`}
            >
              <span className="chip-count">{counts[s]}</span> {HEALTH_LABELS[s]}
            </button>
          ))}
        </div>
        <div className="toolbar">
          <label htmlFor="health-platform">Platform</label>
          <select id="health-platform" value={platform} onChange={(e) => setPlatform(e.target.value)} data-testid="platform-filter">
            <option value={ALL_PLATFORMS}>All platforms</option>
            {platforms.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            <option value={NO_PLATFORM}>No platform</option>
          </select>
          <label className="checkbox">
            <input type="checkbox" checked={grouped} onChange={(e) => setGrouped(e.target.checked)} data-testid="group-by-platform" />
            Group by platform
          </label>
        </div>
      </div>
      {body}
      <p className="faint legend">
        Healthy: active and an event within the expected heartbeat (or heartbeat 0). Silent: no event for longer than the heartbeat. Awaiting events: active,
        nothing received yet. Inactive: switched off or key revoked.
      </p>
    </section>
  );
}
