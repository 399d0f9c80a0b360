/** Confirmation for destructive or irreversible actions (delete, rotate, revoke). */
import { useState } from 'react';
import type { JSX, ReactNode } from 'react';
import { Dialog } from './dialog.tsx';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): Promise<void> | void;
  onCancel(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onCancel }: ConfirmDialogProps): JSX.Element {
  const [busy, setBusy] = useState(false);
  async function confirm(): Promise<void> {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      role="alertdialog"
      testId="confirm-dialog"
      initialFocus="[data-cancel]"
      actions={
        <>
          <button type="button" className="btn" data-cancel onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={danger ? 'btn btn-danger-solid' : 'btn btn-primary'} onClick={() => void confirm()} disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
