/**
 * What each panel kind draws. Every number, bar and row is a link into the Log Viewer built from
 * the engine's drill-down (`q` with the absolute range the panel counted), so the Log Viewer shows
 * the same events and the same count.
 */
import type { JSX } from 'react';
import type { AlertsData, NumberData, SourceHealthData, TableData, TopData } from '../../../../shared/types.ts';
import { HEALTH_STATUSES } from '../../../../shared/enums.ts';
import { hrefFor } from '../../router.ts';
import { formatInstant } from '../../ui/format-time.ts';
import { logViewerHref } from '../log-viewer/log-viewer-link.ts';
import { cellText, columnLabel, describeChange, seriesLabel } from './panel-format.ts';

const HEALTH_LABELS: Record<(typeof HEALTH_STATUSES)[number], string> = { healthy: 'Healthy', silent: 'Silent', awaiting: 'Awaiting', inactive: 'Inactive' };

export function TopBars({ data }: { data: TopData }): JSX.Element {
  const max = Math.max(1, ...data.values.map((v) => v.count));
  return (
    <ol className="db-top" aria-label={`Top values of ${data.field}`}>
      {data.values.map((v) => (
        <li key={v.value}>
          <a href={logViewerHref(v.drilldown)} className="db-top-row" data-testid="db-top-value" data-value={v.value} data-count={v.count}>
            <span className="db-top-label" title={v.value}>
              {seriesLabel(v.value)}
            </span>
            <span className="db-top-bar">
              <span style={{ width: `${(v.count / max) * 100}%` }} />
            </span>
            <span className="db-top-count mono">{v.count.toLocaleString('en-US')}</span>
          </a>
        </li>
      ))}
    </ol>
  );
}

export function NumberValue({ data, periodLabel }: { data: NumberData; periodLabel: string }): JSX.Element {
  const dir = data.change > 0 ? 'up' : data.change < 0 ? 'down' : 'flat';
  return (
    <div className="db-number">
      <a href={logViewerHref(data.drilldown)} className="db-number-value" data-testid="db-number-value" title="Open these events in the Log Viewer">
        {data.count.toLocaleString('en-US')}
      </a>
      <a
        href={logViewerHref(data.previousDrilldown)}
        className={`db-number-change db-change-${dir}`}
        data-testid="db-number-change"
        title="Open the previous period in the Log Viewer"
      >
        {describeChange(data.change, data.changePercent)} vs previous {periodLabel} ({data.previous.toLocaleString('en-US')})
      </a>
    </div>
  );
}

export function EventsTable({ data }: { data: TableData }): JSX.Element {
  const rawColumns = data.columns.filter((c) => c.startsWith('raw.'));
  return (
    <div className="db-table-wrap">
      <table className="db-table" data-testid="db-table">
        <thead>
          <tr>
            {data.columns.map((c) => (
              <th key={c} scope="col">
                {columnLabel(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.events.map((e) => (
            <tr key={e.id} data-testid="db-table-row">
              {data.columns.map((c, i) => {
                const text = cellText(e, c);
                return (
                  <td key={c} title={text} className={c === 'severity' ? `db-sev db-sev-${e.severity}` : undefined}>
                    {i === 0 ? (
                      <a href={logViewerHref({ ...data.drilldown, columns: rawColumns, event: e.id })} title="Open this event in the Log Viewer">
                        {text || '—'}
                      </a>
                    ) : (
                      text
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AlertsSummary({ data }: { data: AlertsData }): JSX.Element {
  return (
    <div className="db-alerts">
      <a href={hrefFor('alerts')} className="db-number-value db-number-small" data-testid="db-alerts-total">
        {data.total.toLocaleString('en-US')} <span className="faint">unresolved</span>
      </a>
      {data.rows.length === 0 ? (
        <p className="faint" data-testid="db-alerts-none">
          No open or acknowledged alerts.
        </p>
      ) : (
        <table className="db-table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Severity</th>
              <th scope="col">Open</th>
              <th scope="col">
                <abbr title="Acknowledged">Ack.</abbr>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={`${r.ruleId}/${r.severity}`} data-testid="db-alerts-row">
                <td>
                  <a href={hrefFor(`settings/rules/${r.ruleId}`)}>{r.ruleName}</a>
                </td>
                <td className={`db-sev db-sev-${r.severity}`}>{r.severity}</td>
                <td className="mono">{r.open}</td>
                <td className="mono">{r.acknowledged}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function HealthSummary({ data }: { data: SourceHealthData }): JSX.Element {
  return (
    <div className="db-health">
      <ul className="db-health-counts">
        {HEALTH_STATUSES.map((s) => (
          <li key={s} className={`db-health-${s}`} data-testid={`db-health-${s}`}>
            <a href={hrefFor('health')}>
              <span className="db-health-n">{data.counts[s] ?? 0}</span> {HEALTH_LABELS[s]}
            </a>
          </li>
        ))}
      </ul>
      {data.silent.length > 0 && (
        <>
          <h3 className="db-subhead">Silent sources</h3>
          <ul className="db-silent" data-testid="db-silent">
            {data.silent.map((s) => (
              <li key={s.sourceId}>
                <a href={hrefFor(`settings/sources/${s.sourceId}`)}>{s.name}</a>
                <span className="faint"> last event {formatInstant(s.lastEventAt, 'min')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
