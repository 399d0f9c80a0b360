/**
 * New-alert toasts, top right: one per rule however many alerts it raises ("12 new alerts from
 * Brute force"), each linking to its newest alert, and "Dismiss all" for the stack. Error and
 * critical toasts stay until dismissed; the others fade, restarting when the rule raises again.
 */
import { useEffect } from 'react';
import type { JSX } from 'react';
import { hrefFor } from '../../router.ts';
import { alertsStore, useAlerts } from '../../stores/alerts-store.ts';
import { TOAST_MS } from '../../ui/toast-area.tsx';
import { alertToastSticky, alertToastText } from './alert-toasts-model.ts';
import type { AlertToast } from './alert-toasts-model.ts';

function AlertToastItem({ toast }: { toast: AlertToast }): JSX.Element {
  const sticky = alertToastSticky(toast);
  useEffect(() => {
    if (sticky) return;
    const t = setTimeout(() => alertsStore.getState().dismissAlertToast(toast.ruleId), TOAST_MS);
    return () => clearTimeout(t);
  }, [toast.ruleId, toast.version, sticky]);
  const newest = toast.alertIds[0]!;
  const many = toast.alertIds.length > 1;
  const open = () => {
    if (many) void alertsStore.getState().setFilter({ ruleId: toast.ruleId, status: '' });
    alertsStore.getState().dismissAlertToast(toast.ruleId);
  };
  return (
    <div
      className={`toast alert-toast sev-edge-${toast.severity}`}
      role={sticky ? 'alert' : 'status'}
      data-testid="alert-toast"
      data-count={toast.alertIds.length}
    >
      <div className="toast-text">
        <div>{alertToastText(toast)}</div>
        <a href={hrefFor(`alerts/${newest}`)} onClick={open} data-testid="alert-toast-link">
          {many ? 'Show them' : 'Open alert'}
        </a>
      </div>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        aria-label={`Dismiss alerts from ${toast.ruleName}`}
        onClick={() => alertsStore.getState().dismissAlertToast(toast.ruleId)}
      >
        ✕
      </button>
    </div>
  );
}

/** Mounted once by the shell, beside the app's own toasts. */
export function AlertToasts(): JSX.Element | null {
  const toasts = useAlerts((s) => s.alertToasts);
  if (toasts.length === 0) return null;
  return (
    <div className="alert-toast-area" aria-live="polite" aria-label="New alerts" data-testid="alert-toasts">
      {toasts.length > 1 && (
        <button
          type="button"
          className="btn btn-sm alert-toast-dismiss-all"
          onClick={() => alertsStore.getState().dismissAllAlertToasts()}
          data-testid="alert-toasts-dismiss-all"
        >
          Dismiss all ({toasts.reduce((n, t) => n + t.alertIds.length, 0)})
        </button>
      )}
      {toasts.map((t) => (
        <AlertToastItem key={t.ruleId} toast={t} />
      ))}
    </div>
  );
}
