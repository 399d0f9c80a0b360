/**
 * One panel in the grid: title, "Open in Log Viewer", its body by kind, and its own loading,
 * empty and error states (a bad panel never blanks the others). While the dashboard is being
 * edited, the panel carries its edit controls: edit, duplicate, move, remove.
 */
import type { JSX } from 'react';
import type { Panel, PanelResult, PanelValue } from '../../../../shared/types.ts';
import { Icon } from '../../ui/icons.tsx';
import { logViewerHref } from '../log-viewer/log-viewer-link.ts';
import type { Direction } from './dashboard-edit.ts';
import { AlertsSummary, EventsTable, HealthSummary, NumberValue, TopBars } from './panel-bodies.tsx';
import { TimeseriesChart } from './timeseries-chart.tsx';

interface PanelEditActions {
  edit(): void;
  duplicate(): void;
  remove(): void;
  move(dir: Direction): void;
}

interface Props {
  panel: Panel;
  result: PanelResult | undefined;
  periodLabel: string;
  onZoom(aMs: number, bMs: number): void;
  onRetry(): void;
  editing: PanelEditActions | null;
}

function isEmpty(v: PanelValue): boolean {
  switch (v.kind) {
    case 'timeseries':
      return v.total === 0;
    case 'top':
      return v.values.length === 0;
    case 'table':
      return v.events.length === 0;
    default:
      return false;
  }
}

function Body({ value, periodLabel, onZoom }: { value: PanelValue; periodLabel: string; onZoom: Props['onZoom'] }): JSX.Element {
  switch (value.kind) {
    case 'timeseries':
      return <TimeseriesChart data={value} onZoom={onZoom} />;
    case 'top':
      return <TopBars data={value} />;
    case 'number':
      return <NumberValue data={value} periodLabel={periodLabel} />;
    case 'table':
      return <EventsTable data={value} />;
    case 'alerts':
      return <AlertsSummary data={value} />;
    case 'sourceHealth':
      return <HealthSummary data={value} />;
  }
}

const MOVES: { dir: Direction; label: string }[] = [
  { dir: 'up', label: 'Move up' },
  { dir: 'down', label: 'Move down' },
  { dir: 'left', label: 'Move left' },
  { dir: 'right', label: 'Move right' },
];

export function PanelView({ panel, result, periodLabel, onZoom, onRetry, editing }: Props): JSX.Element {
  const value = result?.data ?? null;
  const drill = value && 'drilldown' in value ? value.drilldown : null;
  const { x, y, w, h } = panel.layout;
  let body: JSX.Element;
  if (!result) {
    body = (
      <div className="db-panel-state" role="status" data-testid="db-panel-loading">
        <div className="spinner" aria-hidden="true" /> Loading…
      </div>
    );
  } else if (result.error) {
    body = (
      <div className="db-panel-state db-panel-error" role="alert" data-testid="db-panel-error">
        <span>{result.error.message}</span>
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  } else if (!value || isEmpty(value)) {
    body = (
      <div className="db-panel-state faint" data-testid="db-panel-empty">
        No matching events in this range.
      </div>
    );
  } else {
    body = <Body value={value} periodLabel={periodLabel} onZoom={onZoom} />;
  }

  return (
    <section
      className="db-panel panel"
      style={{ gridColumn: `${x + 1} / span ${w}`, gridRow: `${y + 1} / span ${h}` }}
      aria-labelledby={`db-panel-title-${panel.id}`}
      data-testid="db-panel"
      data-panel-id={panel.id}
      data-kind={panel.kind}
    >
      <header className="db-panel-head">
        <h2 id={`db-panel-title-${panel.id}`} className="db-panel-title" title={panel.query || undefined}>
          {panel.title}
        </h2>
        <span className="spacer" />
        {drill && (
          <a
            href={logViewerHref(drill)}
            className="btn btn-sm btn-ghost db-panel-open"
            data-testid="db-panel-open"
            aria-label={`Open the events behind ${panel.title} in the Log Viewer`}
            title="Open in Log Viewer"
          >
            <Icon name="logs" />
          </a>
        )}
      </header>
      {editing && (
        <div className="db-panel-edit toolbar" role="group" aria-label={`Edit ${panel.title}`}>
          <button type="button" className="btn btn-sm" data-testid="db-panel-edit" onClick={editing.edit}>
            Edit
          </button>
          <button type="button" className="btn btn-sm" data-testid="db-panel-duplicate" onClick={editing.duplicate}>
            Duplicate
          </button>
          {MOVES.map((m) => (
            <button
              key={m.dir}
              type="button"
              className="btn btn-sm"
              data-testid={`db-panel-move-${m.dir}`}
              aria-label={m.label}
              title={m.label}
              onClick={() => editing.move(m.dir)}
            >
              <Icon name={m.dir === 'up' ? 'sort-up' : m.dir === 'down' ? 'sort-down' : m.dir === 'left' ? 'collapse' : 'expand'} />
            </button>
          ))}
          <button type="button" className="btn btn-sm btn-danger" data-testid="db-panel-remove" onClick={editing.remove}>
            Remove
          </button>
        </div>
      )}
      <div className="db-panel-body">{body}</div>
    </section>
  );
}
