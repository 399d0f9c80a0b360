/**
 * The alert inbox: filter by status, severity and rule; acknowledge / resolve / reopen one alert or
 * many (checkboxes); the detail pane ('alerts/<id>') with sample events and "Open in Log Viewer".
 * While it is on screen new alerts are not counted as unread.
 */
import { useEffect } from 'react';
import type { JSX } from 'react';
import { ALERT_STATUSES, RULE_SEVERITIES } from '../../../../shared/enums.ts';
import { STATUS_LABELS, alertsStore, useAlerts } from '../../stores/alerts-store.ts';
import type { AlertFilter } from '../../stores/alerts-store.ts';
import { rulesStore, useRules } from '../../stores/rules-store.ts';
import { sourcesStore, useSources } from '../../stores/sources-store.ts';
import { appStore } from '../../stores/app-store.ts';
import { errorMessage } from '../../stores/load-state.ts';
import { Field } from '../../ui/field.tsx';
import { EmptyState, listPlaceholder } from '../../ui/states.tsx';
import { AlertDetail, changeStatus } from './alert-detail.tsx';
import { AlertsTable } from './alerts-table.tsx';
import './alerts.css';
import { namedOptions, Select, valueOptions } from '../../ui/select.tsx';

function Filters(): JSX.Element {
  const filter = useAlerts((s) => s.filter);
  const rules = useRules((s) => s.items);
  const setFilter = (f: Partial<AlertFilter>) => void alertsStore.getState().setFilter(f);
  return (
    <div className="alerts-filters" role="search" aria-label="Filter alerts">
      <Field label="Status">
        <Select
          value={filter.status}
          onValue={(status) => setFilter({ status })}
          empty="All statuses"
          options={valueOptions(ALERT_STATUSES, STATUS_LABELS)}
          data-testid="filter-status"
        />
      </Field>
      <Field label="Severity">
        <Select
          value={filter.severity}
          onValue={(severity) => setFilter({ severity })}
          empty="All severities"
          options={valueOptions(RULE_SEVERITIES)}
          data-testid="filter-severity"
        />
      </Field>
      <Field label="Rule">
        <Select value={filter.ruleId} onValue={(ruleId) => setFilter({ ruleId })} empty="All rules" options={namedOptions(rules)} data-testid="filter-rule" />
      </Field>
    </div>
  );
}

/** Undo of the last change of several alerts: each goes back to its own previous status. */
function undoBulk(): void {
  alertsStore
    .getState()
    .undoBulk()
    .then((n) => appStore.getState().toast('success', `Undone: ${n} alert${n === 1 ? '' : 's'} back to their previous status.`))
    .catch((err: unknown) => appStore.getState().toast('error', errorMessage(err)));
}

function BulkBar(): JSX.Element {
  const selected = useAlerts((s) => s.selected);
  const lastBulk = useAlerts((s) => s.lastBulk);
  const n = selected.length;
  return (
    <div className="alerts-bulk" role="toolbar" aria-label="Selected alerts" data-testid="bulk-bar">
      <span className="faint">{n === 0 ? 'Select alerts to act on several at once.' : `${n} selected`}</span>
      <button
        type="button"
        className="btn btn-sm"
        disabled={n === 0}
        onClick={() => void changeStatus(selected, 'acknowledged')}
        data-testid="bulk-acknowledge"
      >
        Acknowledge
      </button>
      <button type="button" className="btn btn-sm" disabled={n === 0} onClick={() => void changeStatus(selected, 'resolved')} data-testid="bulk-resolve">
        Resolve
      </button>
      <button type="button" className="btn btn-sm" disabled={n === 0} onClick={() => void changeStatus(selected, 'open')} data-testid="bulk-reopen">
        Reopen
      </button>
      {lastBulk && (
        <button type="button" className="btn btn-sm btn-ghost" onClick={undoBulk} data-testid="bulk-undo">
          Undo {STATUS_LABELS[lastBulk.status].toLowerCase()} of {lastBulk.previous.length}
        </button>
      )}
    </div>
  );
}

/** Route entry for alerts (rest: '' or an alert id for the detail pane). */
export function AlertsScreen({ rest }: { rest: string }): JSX.Element {
  const { items, status, error, detail, filter } = useAlerts((s) => s);
  const sources = useSources((s) => s.items);
  useEffect(() => {
    alertsStore.getState().setViewing(true);
    void alertsStore.getState().load();
    void rulesStore.getState().load();
    void sourcesStore.getState().load();
    return () => alertsStore.getState().setViewing(false);
  }, []);
  useEffect(() => {
    void alertsStore.getState().openDetail(rest || null);
  }, [rest]);
  const filtered = filter.status !== '' || filter.severity !== '' || filter.ruleId !== '';
  const placeholder = listPlaceholder(
    { status, error, count: items.length, what: 'alerts', retry: () => alertsStore.getState().load() },
    <EmptyState title={filtered ? 'No alerts match these filters' : 'No alerts yet'}>
      {filtered ? 'Change or clear the filters above.' : 'Alerts appear here when a rule fires. Create rules under Settings → Rules.'}
    </EmptyState>,
  );
  let body: JSX.Element;
  if (placeholder) body = placeholder;
  else body = <AlertsTable alerts={items} detailId={detail?.id ?? null} />;
  return (
    <section className="screen alerts" aria-labelledby="alerts-title" data-testid="alerts-screen">
      <div className="screen-header">
        <h1 id="alerts-title">Alerts</h1>
      </div>
      <Filters />
      <BulkBar />
      <div className={detail ? 'alerts-layout with-detail' : 'alerts-layout'}>
        <div>{body}</div>
        {detail && <AlertDetail alert={detail} sources={sources} />}
      </div>
    </section>
  );
}
