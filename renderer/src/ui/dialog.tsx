/**
 * Modal dialog: traps Tab inside, closes on Escape, returns focus to the opener. Every destructive
 * confirmation and the one-time key popout go through it so keyboard behaviour is the same everywhere.
 */
import { useEffect, useId, useRef } from 'react';
import type { JSX, KeyboardEvent, ReactNode } from 'react';

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  actions?: ReactNode;
  wide?: boolean;
  /** Role 'alertdialog' for confirmations that interrupt. */
  role?: 'dialog' | 'alertdialog';
  testId?: string;
  /** CSS selector of the element to focus first (defaults to the first focusable). */
  initialFocus?: string;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({ title, onClose, children, actions, wide, role = 'dialog', testId, initialFocus }: DialogProps): JSX.Element {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  // Read the opener during the first render: an autoFocus field inside the dialog takes focus
  // before effects run, so an effect would see the dialog's own field instead.
  const openerRef = useRef<HTMLElement | null | undefined>(undefined);
  if (openerRef.current === undefined) openerRef.current = document.activeElement as HTMLElement | null;

  useEffect(() => {
    const opener = openerRef.current;
    const root = ref.current;
    if (!root?.contains(document.activeElement)) {
      const first = (initialFocus && root?.querySelector<HTMLElement>(initialFocus)) || root?.querySelector<HTMLElement>(FOCUSABLE);
      (first ?? root)?.focus();
    }
    return () => {
      // Another modal took over (e.g. the key popout after a rotate confirmation): leave focus there.
      if (document.querySelector('[aria-modal="true"]')) return;
      if (opener?.isConnected) opener.focus();
      else document.getElementById('main-content')?.focus();
    };
  }, [initialFocus]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    if (e.key === 'Escape') {
      e.stopPropagation();
      closeRef.current();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={wide ? 'dialog dialog-wide' : 'dialog'}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <h2 id={titleId}>{title}</h2>
        <div className="dialog-body">{children}</div>
        {actions && <div className="dialog-actions">{actions}</div>}
      </div>
    </div>
  );
}
