/** Health status badge (healthy / silent / awaiting / inactive) with the same colours everywhere. */
import type { JSX } from 'react';
import type { HealthStatus } from '../../../shared/enums.ts';

export const HEALTH_LABELS: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  silent: 'Silent',
  awaiting: 'Awaiting events',
  inactive: 'Inactive',
};
const TONE: Record<HealthStatus, string> = {
  healthy: 'badge-ok',
  silent: 'badge-danger',
  awaiting: 'badge-info',
  inactive: 'badge-neutral',
};

/** Table-width labels; the title carries the long form. */
const SHORT: Record<HealthStatus, string> = { healthy: 'Healthy', silent: 'Silent', awaiting: 'Awaiting', inactive: 'Inactive' };

export function HealthBadge({ status }: { status: HealthStatus }): JSX.Element {
  return (
    <span className={`badge ${TONE[status]}`} data-testid="health-badge" data-status={status} title={HEALTH_LABELS[status]}>
      {SHORT[status]}
    </span>
  );
}

export function ActiveBadge({ active }: { active: boolean }): JSX.Element {
  return <span className={`badge ${active ? 'badge-ok' : 'badge-neutral'}`}>{active ? 'Active' : 'Inactive'}</span>;
}
