/** One endpoint's health as the analyst reads it: disabled, failing since, healthy, or not used yet. */
import type { JSX } from 'react';
import type { Endpoint } from '../../../../shared/types.ts';
import { formatDateTime, relativeTime } from '../../ui/format-time.ts';

export type EndpointHealth = 'disabled' | 'off' | 'failing' | 'healthy' | 'unused';

export function endpointHealth(e: Endpoint): EndpointHealth {
  if (!e.enabled) return e.disabledReason ? 'disabled' : 'off';
  if (e.failingSince) return 'failing';
  return e.lastDeliveryAt ? 'healthy' : 'unused';
}

const TONE: Record<EndpointHealth, string> = {
  disabled: 'badge-danger',
  off: 'badge-neutral',
  failing: 'badge-warn',
  healthy: 'badge-ok',
  unused: 'badge-info',
};

export function EndpointHealthCell({ endpoint: e }: { endpoint: Endpoint }): JSX.Element {
  const h = endpointHealth(e);
  const label =
    h === 'disabled'
      ? 'Disabled'
      : h === 'off'
        ? 'Off'
        : h === 'failing'
          ? `Failing since ${relativeTime(e.failingSince)}`
          : h === 'healthy'
            ? 'Healthy'
            : 'No deliveries yet';
  return (
    <div data-testid="endpoint-health" data-health={h}>
      <span className={`badge ${TONE[h]}`} title={h === 'failing' ? formatDateTime(e.failingSince) : (e.disabledReason ?? undefined)}>
        {label}
      </span>
      <div className="faint cell-sub">
        Last delivery: <span title={formatDateTime(e.lastDeliveryAt)}>{e.lastDeliveryAt ? relativeTime(e.lastDeliveryAt) : 'never'}</span>
      </div>
      {h === 'disabled' && <div className="cell-sub endpoint-reason">{e.disabledReason}</div>}
    </div>
  );
}
