/** Inbox rows: a checkbox per alert for bulk actions, severity, title, rule, status, times, events. */
import type { JSX } from 'react';
import type { Alert } from '../../../../shared/types.ts';
import { hrefFor } from '../../router.ts';
import { alertsStore, useAlerts } from '../../stores/alerts-store.ts';
import { useSources } from '../../stores/sources-store.ts';
import { formatCount, formatDateTime, relativeTime } from '../../ui/format-time.ts';
import { AlertStatusBadge, SeverityBadge } from './alert-badges.tsx';
import { groupText } from './alert-pivot.ts';
import { DataTableHead, numCol } from '../../ui/data-table.tsx';

/** Inbox rows with selection checkboxes; the detail's row is highlighted. */
export function AlertsTable({ alerts, detailId }: { alerts: Alert[]; detailId: string | null }): JSX.Element {
  const sources = useSources((s) => s.items);
  const sourceName = (id: string) => sources.find((s) => s.id === id)?.name ?? id;
  const selected = useAlerts((s) => s.selected);
  const all = alerts.length > 0 && alerts.every((a) => selected.includes(a.id));
  return (
    <div className="table-wrap">
      <table className="data alerts-table" data-testid="alerts-table">
        <DataTableHead
          columns={[
            {
              className: 'check',
              label: (
                <input
                  type="checkbox"
                  checked={all}
                  onChange={(e) => alertsStore.getState().selectAll(e.target.checked)}
                  aria-label="Select all alerts"
                  data-testid="select-all"
                />
              ),
            },
            'Severity',
            'Alert',
            'Status',
            'First seen',
            'Last seen',
            numCol('Events'),
          ]}
        />
        <tbody>
          {alerts.map((a) => (
            <tr
              key={a.id}
              className={a.id === detailId ? 'is-selected' : undefined}
              data-testid="alert-row"
              data-alert-id={a.id}
              aria-current={a.id === detailId || undefined}
            >
              <td className="check">
                <input
                  type="checkbox"
                  checked={selected.includes(a.id)}
                  onChange={() => alertsStore.getState().toggleSelected(a.id)}
                  aria-label={`Select ${a.title}`}
                />
              </td>
              <td>
                <SeverityBadge severity={a.severity} />
              </td>
              <td className="alert-title">
                <a href={hrefFor(`alerts/${a.id}`)} title={a.title}>
                  {a.ruleName}
                </a>
                {a.groupKey && <span className="mono faint"> · {groupText(a.groupKey, sourceName)}</span>}
                {a.late && <span className="late-badge faint"> late</span>}
                <div className="faint cell-sub">{a.title.startsWith(`${a.ruleName}: `) ? a.title.slice(a.ruleName.length + 2) : a.title}</div>
              </td>
              <td>
                <AlertStatusBadge status={a.status} />
              </td>
              <td title={formatDateTime(a.firstSeenAt)}>{relativeTime(a.firstSeenAt)}</td>
              <td title={formatDateTime(a.lastSeenAt)}>{relativeTime(a.lastSeenAt)}</td>
              <td className="num">{formatCount(a.eventCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
