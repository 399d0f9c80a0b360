/** Global toasts, bottom right. Errors stay until dismissed; others fade after a few seconds. */
import { useEffect } from 'react';
import type { JSX } from 'react';
import { appStore, useApp } from '../stores/app-store.ts';
import type { Toast } from '../stores/app-store.ts';

export const TOAST_MS = 6000;

function ToastItem({ toast }: { toast: Toast }): JSX.Element {
  useEffect(() => {
    if (toast.kind === 'error') return;
    const t = setTimeout(() => appStore.getState().dismissToast(toast.id), TOAST_MS);
    return () => clearTimeout(t);
  }, [toast.id, toast.kind]);
  return (
    <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast" data-kind={toast.kind}>
      <span className="toast-text">{toast.message}</span>
      <button type="button" className="btn btn-ghost btn-sm" aria-label="Dismiss notification" onClick={() => appStore.getState().dismissToast(toast.id)}>
        ✕
      </button>
    </div>
  );
}

export function ToastArea(): JSX.Element {
  const toasts = useApp((s) => s.toasts);
  return (
    <div className="toast-area" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

/** Toast a failed action with its API message; used by screens' catch blocks. */
export function toastError(prefix: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  appStore.getState().toast('error', `${prefix}: ${message}`);
}
