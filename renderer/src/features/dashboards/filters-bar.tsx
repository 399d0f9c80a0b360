/**
 * The filters every dashboard has: platform (seed 000: "filter by platform to show metrics for just
 * one environment or service tier"), source, and the time range (presets, custom, zoom out; drag
 * on a time panel zooms too). Each change becomes a new link (history entry), so Back undoes it.
 * Live refresh can be paused here.
 */
import type { JSX } from 'react';
import type { DashboardFilters } from '../../../../shared/types.ts';
import { usePlatforms } from '../../stores/platforms-store.ts';
import { useSources } from '../../stores/sources-store.ts';
import { TimeRangePicker } from '../log-viewer/time-range-picker.tsx';
import { zoomOut } from '../log-viewer/log-viewer-time.ts';
import { namedOptions, Select } from '../../ui/select.tsx';

interface Props {
  filters: DashboardFilters;
  resolved: { from: string; to: string } | null;
  onChange(filters: DashboardFilters): void;
  paused: boolean;
  onPause(paused: boolean): void;
  refreshing: boolean;
  onRefresh(): void;
}

export function FiltersBar({ filters, resolved, onChange, paused, onPause, refreshing, onRefresh }: Props): JSX.Element {
  const platforms = usePlatforms((s) => s.items);
  const sources = useSources((s) => s.items);
  const shownSources = filters.platformId ? sources.filter((s) => s.platformId === filters.platformId || s.id === filters.sourceId) : sources;
  return (
    <div className="db-filters" role="group" aria-label="Dashboard filters" data-testid="db-filters">
      <label className="db-filter">
        Platform
        <Select
          data-testid="db-filter-platform"
          value={filters.platformId ?? ''}
          onValue={(id) => onChange({ ...filters, platformId: id || null })}
          empty="All platforms"
          options={namedOptions(platforms)}
        />
      </label>
      <label className="db-filter">
        Source
        <Select
          data-testid="db-filter-source"
          value={filters.sourceId ?? ''}
          onValue={(id) => onChange({ ...filters, sourceId: id || null })}
          empty="All sources"
          options={namedOptions(shownSources)}
        />
      </label>
      <TimeRangePicker range={filters} onChange={(r) => onChange({ ...filters, from: r.from, to: r.to })} testIds="db" />
      <button
        type="button"
        className="btn btn-sm"
        data-testid="db-zoom-out"
        disabled={!resolved}
        title="Double the time span"
        onClick={() => resolved && onChange({ ...filters, ...zoomOut(resolved, Date.now()) })}
      >
        Zoom out
      </button>
      <span className="spacer" />
      <span className="faint db-refreshing" aria-live="polite" data-testid="db-refreshing">
        {refreshing ? 'Updating…' : ''}
      </span>
      <button type="button" className="btn btn-sm" data-testid="db-refresh" onClick={onRefresh}>
        Refresh
      </button>
      <button
        type="button"
        className={`btn btn-sm lv-tail${paused ? '' : ' lv-tail-on'}`}
        data-testid="db-live"
        aria-pressed={!paused}
        title={paused ? 'Panels are paused: turn on to refresh as events arrive' : 'Panels refresh as events arrive (at most every 5 s); click to pause'}
        onClick={() => onPause(!paused)}
      >
        <span className="lv-tail-dot" aria-hidden="true" />
        Live
      </button>
    </div>
  );
}
