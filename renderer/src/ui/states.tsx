/** Loading, empty and error states, shared so every screen says it the same way. */
import type { JSX, ReactNode } from 'react';

export function LoadingState({ label = 'Loading…' }: { label?: string }): JSX.Element {
  return (
    <div className="state" role="status" aria-live="polite" data-testid="loading-state">
      <div className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }): JSX.Element {
  return (
    <div className="state" data-testid="empty-state">
      <h2>{title}</h2>
      {children && <div>{children}</div>}
      {action}
    </div>
  );
}

export function ErrorState({ title = 'Something went wrong', message, onRetry }: { title?: string; message: string; onRetry?: () => void }): JSX.Element {
  return (
    <div className="state state-error" role="alert" data-testid="error-state">
      <h2>{title}</h2>
      <div>{message}</div>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
