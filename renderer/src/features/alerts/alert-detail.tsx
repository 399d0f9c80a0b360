/**
 * One alert: what fired and where, its status actions, up to 20 sample events, and "Open in Log
 * Viewer", which opens the viewer on the alert's own query and time window.
 */
import type { JSX } from 'react';
import type { AlertStatus } from '../../../../shared/enums.ts';
import type { Alert, LogSource } from '../../../../shared/types.ts';
import { hrefFor, navigate } from '../../router.ts';
import { alertsStore, useAlerts } from '../../stores/alerts-store.ts';
import { appStore } from '../../stores/app-store.ts';
import { errorMessage } from '../../stores/load-state.ts';
import { openLogViewer } from '../log-viewer/log-viewer-link.ts';
import { formatCount, formatDateTime } from '../../ui/format-time.ts';
import { AlertStatusBadge, SeverityBadge } from './alert-badges.tsx';
import { alertPivotLink, alertSurroundingLink, groupText, SURROUNDING_MINUTES } from './alert-pivot.ts';
import { AlertTriage } from './alert-triage.tsx';

/** Status change for one or many alerts, reported as a toast (shared by the bulk bar and the detail). */
export async function changeStatus(ids: string[], status: AlertStatus): Promise<void> {
  const verb = status === 'open' ? 'Reopened' : status === 'acknowledged' ? 'Acknowledged' : 'Resolved';
  try {
    const n = await alertsStore.getState().setStatus(ids, status);
    appStore.getState().toast('success', `${verb} ${n} alert${n === 1 ? '' : 's'}.`);
  } catch (err) {
    appStore.getState().toast('error', errorMessage(err));
  }
}

/** The inbox's right-hand pane for the alert in the route. */
export function AlertDetail({ alert, sources }: { alert: Alert; sources: LogSource[] }): JSX.Element {
  const samples = useAlerts((s) => (s.samples?.alertId === alert.id ? s.samples : null));
  const sourceName = (id: string) => sources.find((s) => s.id === id)?.name ?? id;
  return (
    <aside className="panel alert-detail" aria-labelledby="alert-detail-title" data-testid="alert-detail">
      <div className="toolbar">
        <SeverityBadge severity={alert.severity} />
        <AlertStatusBadge status={alert.status} />
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => navigate('alerts')} aria-label="Close alert detail">
          Close
        </button>
      </div>
      <h2 id="alert-detail-title">{alert.title}</h2>
      {alert.late && (
        <p className="faint" data-testid="alert-late">
          <span className="late-badge">late</span> Raised only by events that arrived later than the rule allows (a backfill or a catch-up): listed, not
          toasted.
        </p>
      )}
      <div className="toolbar">
        <button type="button" className="btn btn-primary btn-sm" onClick={() => openLogViewer(alertPivotLink(alert))} data-testid="open-in-log-viewer">
          Open in Log Viewer
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => openLogViewer(alertSurroundingLink(alert, samples?.events.at(-1), sourceName))}
          data-testid="alert-surrounding"
        >
          Surrounding events (±{SURROUNDING_MINUTES} min)
        </button>
        {alert.status === 'open' && (
          <button type="button" className="btn btn-sm" onClick={() => void changeStatus([alert.id], 'acknowledged')} data-testid="detail-acknowledge">
            Acknowledge
          </button>
        )}
        {alert.status !== 'resolved' ? (
          <button type="button" className="btn btn-sm" onClick={() => void changeStatus([alert.id], 'resolved')} data-testid="detail-resolve">
            Resolve
          </button>
        ) : (
          <button type="button" className="btn btn-sm" onClick={() => void changeStatus([alert.id], 'open')} data-testid="detail-reopen">
            Reopen
          </button>
        )}
      </div>
      <dl className="alert-facts">
        <dt>Rule</dt>
        <dd>
          <a href={hrefFor(`settings/rules/${alert.ruleId}`)}>{alert.ruleName}</a>
        </dd>
        {alert.groupKey && (
          <>
            <dt>Group</dt>
            <dd className="mono" data-testid="alert-group">
              {groupText(alert.groupKey, sourceName)}
            </dd>
          </>
        )}
        <dt>Sources</dt>
        <dd>{alert.sourceIds.map(sourceName).join(', ') || '—'}</dd>
        <dt>First seen</dt>
        <dd>{formatDateTime(alert.firstSeenAt)}</dd>
        <dt>Last seen</dt>
        <dd>{formatDateTime(alert.lastSeenAt)}</dd>
        <dt>Events</dt>
        <dd data-testid="alert-event-count">{formatCount(alert.eventCount)}</dd>
        {alert.acknowledgedAt && (
          <>
            <dt>Acknowledged</dt>
            <dd>{formatDateTime(alert.acknowledgedAt)}</dd>
          </>
        )}
        {alert.resolvedAt && (
          <>
            <dt>Resolved</dt>
            <dd>
              {formatDateTime(alert.resolvedAt)} ({alert.resolvedBy === 'auto' ? 'auto-closed' : 'by you'})
            </dd>
          </>
        )}
        <dt>Query</dt>
        <dd className="mono" data-testid="alert-query">
          {alert.query || '(every event)'}
        </dd>
      </dl>
      <AlertTriage alert={alert} />
      <h3 className="detail-label">Sample events</h3>
      {alert.sampleEventIds.length === 0 && <p className="faint">No events: this alert is about events that did not arrive.</p>}
      {samples?.status === 'loading' && <p className="faint">Loading sample events…</p>}
      {samples && samples.missing.length > 0 && <p className="faint">{samples.missing.length} sample event(s) are no longer stored (retention).</p>}
      <ul className="alert-samples" data-testid="alert-samples">
        {samples?.events.map((e) => (
          <li key={e.id}>
            <div className="faint">
              {formatDateTime(e.timestamp)} · {e.sourceName}
              {e.host && ` · ${e.host}`}
              {e.user && ` · ${e.user}`} · {e.severity}
            </div>
            <div className="sample-message mono">{e.message ?? JSON.stringify(e.raw).slice(0, 300)}</div>
          </li>
        ))}
      </ul>
    </aside>
  );
}
