/** Severity and alert-status badges, coloured the same in the rules list, the inbox and the detail. */
import type { JSX } from 'react';
import type { AlertStatus, RuleSeverity } from '../../../../shared/enums.ts';
import { STATUS_LABELS } from '../../stores/alerts-store.ts';
import './alerts.css';

/** Rule severity, in its --sev-* colour. */
export function SeverityBadge({ severity }: { severity: RuleSeverity }): JSX.Element {
  return (
    <span className={`badge sev-badge sev-badge-${severity}`} data-severity={severity}>
      {severity}
    </span>
  );
}

const STATUS_TONE: Record<AlertStatus, string> = { open: 'badge-danger', acknowledged: 'badge-warn', resolved: 'badge-ok' };

/** open (red) / acknowledged (amber) / resolved (green). */
export function AlertStatusBadge({ status }: { status: AlertStatus }): JSX.Element {
  return (
    <span className={`badge ${STATUS_TONE[status]}`} data-testid="alert-status" data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
