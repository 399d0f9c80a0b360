/** Loading, empty and error states, shared so every screen says it the same way. */
import type { JSX, ReactNode } from 'react';
import type { LoadStatus } from '../stores/load-state.ts';

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

/** How far a list screen's first load got: what the list holds, and how to load it again. */
export interface ListLoad {
  status: LoadStatus;
  error: string | null;
  count: number;
  /** Plural noun for the messages: "Could not load <what>", "Loading <what>…". */
  what: string;
  retry(): Promise<void>;
}

/**
 * What a list screen shows while it has no rows: the error with Retry when the load failed, a
 * spinner while it loads, `empty` once it loaded nothing; null when there are rows to draw.
 */
export function listPlaceholder(load: ListLoad, empty: JSX.Element): JSX.Element | null {
  if (load.count > 0) return null;
  if (load.status === 'error') return <ErrorState title={`Could not load ${load.what}`} message={load.error ?? ''} onRetry={() => void load.retry()} />;
  if (load.status !== 'ready') return <LoadingState label={`Loading ${load.what}…`} />;
  return empty;
}
