/**
 * The delivery log (seed 003 "Delivery Log"): newest first, filtered by endpoint and status, with
 * attempts, the last error, when the next attempt is due, and "Redeliver" for finished deliveries.
 * Rows update live from the 'delivery' stream.
 */
import { useState } from 'react';
import type { JSX } from 'react';
import { DELIVERY_STATUSES } from '../../../../shared/enums.ts';
import type { DeliveryStatus } from '../../../../shared/enums.ts';
import type { Delivery, Endpoint } from '../../../../shared/types.ts';
import { appStore } from '../../stores/app-store.ts';
import { forwardingStore, useForwarding } from '../../stores/forwarding-store.ts';
import { errorMessage } from '../../stores/load-state.ts';
import { formatDateTime, relativeTime } from '../../ui/format-time.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { DataTableHead, numCol, srOnlyCol } from '../../ui/data-table.tsx';
import { namedOptions, Select, valueOptions } from '../../ui/select.tsx';

const STATUS_TONE: Record<DeliveryStatus, string> = { pending: 'badge-info', retrying: 'badge-warn', delivered: 'badge-ok', failed: 'badge-danger' };
const STATUS_LABEL: Record<DeliveryStatus, string> = { pending: 'Pending', retrying: 'Retrying', delivered: 'Delivered', failed: 'Failed' };
const KIND_LABEL: Record<Delivery['kind'], string> = { security: 'Security event', alert: 'Alert', logs: 'Logs', test: 'Test event' };
/** Seed 003's schedule: 5 attempts in all. */
const MAX_ATTEMPTS = 5;

/** "in 25 s", "in 9 min", "in 1 h", or "due now" for the next attempt. */
export function untilTime(iso: string, now: Date = new Date()): string {
  const s = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  if (s <= 0) return 'due now';
  if (s < 60) return `in ${s} s`;
  const m = Math.round(s / 60);
  return m < 90 ? `in ${m} min` : `in ${Math.round(m / 60)} h`;
}

export function DeliveryLog({ endpoints }: { endpoints: Endpoint[] }): JSX.Element {
  const { deliveries, deliveriesStatus, deliveriesError, filter } = useForwarding((s) => s);
  const name = (id: string): string => endpoints.find((e) => e.id === id)?.name ?? id;
  let body: JSX.Element;
  if (deliveriesStatus === 'error' && deliveries.length === 0) {
    body = (
      <ErrorState title="Could not load the delivery log" message={deliveriesError ?? ''} onRetry={() => void forwardingStore.getState().loadDeliveries()} />
    );
  } else if (deliveriesStatus !== 'ready' && deliveries.length === 0) body = <LoadingState label="Loading deliveries…" />;
  else if (deliveries.length === 0) body = <EmptyState title="No deliveries match">Deliveries appear here as events are forwarded.</EmptyState>;
  else body = <DeliveryTable deliveries={deliveries} name={name} />;
  return (
    <section className="panel delivery-log" aria-labelledby="delivery-log-title" data-testid="delivery-log">
      <div className="screen-header">
        <h2 id="delivery-log-title">Delivery log</h2>
        <div className="toolbar">
          <label className="inline-label">
            Endpoint
            <Select
              value={filter.endpointId}
              onValue={(endpointId) => void forwardingStore.getState().setFilter({ endpointId })}
              empty="All endpoints"
              options={namedOptions(endpoints)}
              data-testid="filter-endpoint"
            />
          </label>
          <label className="inline-label">
            Status
            <Select
              value={filter.status}
              onValue={(status) => void forwardingStore.getState().setFilter({ status })}
              empty="Any status"
              options={valueOptions(DELIVERY_STATUSES, STATUS_LABEL)}
              data-testid="filter-status"
            />
          </label>
          <button type="button" className="btn btn-sm" onClick={() => void forwardingStore.getState().loadDeliveries()}>
            Refresh
          </button>
        </div>
      </div>
      {body}
    </section>
  );
}

function DeliveryTable({ deliveries, name }: { deliveries: Delivery[]; name: (id: string) => string }): JSX.Element {
  return (
    <div className="table-wrap delivery-table-wrap">
      <table className="data" data-testid="deliveries-table">
        <DataTableHead columns={['Created', 'Endpoint', 'Contents', 'Status', numCol('Attempts'), 'Last error', 'Next attempt', srOnlyCol('Actions')]} />
        <tbody>
          {deliveries.map((d) => (
            <DeliveryRow key={d.id} d={d} endpointName={name(d.endpointId)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeliveryRow({ d, endpointName }: { d: Delivery; endpointName: string }): JSX.Element {
  const [busy, setBusy] = useState(false);
  async function redeliver(): Promise<void> {
    setBusy(true);
    try {
      await forwardingStore.getState().redeliver(d.id);
      appStore.getState().toast('info', `Delivery re-queued with the same webhook-id (${d.webhookId}).`);
    } catch (err) {
      appStore.getState().toast('error', `Redeliver failed: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <tr data-testid="delivery-row" data-delivery-id={d.id} data-status={d.status}>
      <td className="nowrap" title={formatDateTime(d.createdAt)}>
        {relativeTime(d.createdAt)}
      </td>
      <td className="nowrap">{endpointName}</td>
      <td>
        {KIND_LABEL[d.kind]}
        <div className="faint cell-sub">
          {d.eventCount} event{d.eventCount === 1 ? '' : 's'} ·{' '}
          <span className="mono" title={`webhook-id ${d.webhookId}`}>
            {d.webhookId.slice(0, 14)}…
          </span>
        </div>
      </td>
      <td>
        <span className={`badge ${STATUS_TONE[d.status]}`} data-testid="delivery-status">
          {STATUS_LABEL[d.status]}
        </span>
        {d.deliveredAt && <div className="faint cell-sub">{formatDateTime(d.deliveredAt)}</div>}
      </td>
      <td className="num">
        {d.attempts}/{MAX_ATTEMPTS}
      </td>
      <td className="delivery-error">{d.lastError ?? <span className="faint">—</span>}</td>
      <td className="nowrap" title={formatDateTime(d.nextAttemptAt)}>
        {d.nextAttemptAt ? untilTime(d.nextAttemptAt) : <span className="faint">—</span>}
      </td>
      <td className="nowrap">
        {(d.status === 'failed' || d.status === 'delivered') && (
          <button type="button" className="btn btn-sm" onClick={() => void redeliver()} disabled={busy} data-testid="redeliver">
            Redeliver
          </button>
        )}
      </td>
    </tr>
  );
}
