/**
 * "Give it a name" dialog (new dashboard, save search): a required Name, optional extra content
 * below it, and the engine's error on the name or above the form. Focus goes back to the name
 * after a failed save, so Esc and typing keep working.
 */
import { useRef, useState } from 'react';
import type { JSX, ReactNode } from 'react';
import { Dialog } from './dialog.tsx';
import { Field } from './field.tsx';
import { fieldErrorsFromError } from './form-errors.ts';
import type { FieldErrors } from './form-errors.ts';

interface NameDialogProps {
  title: string;
  confirmLabel: string;
  /** Test ids: `<testId>-dialog`, `<testId>-name`, `<testId>-confirm`. */
  testId: string;
  onSave(name: string): Promise<void>;
  onClose(): void;
  /** The name to start from (renaming). */
  initialName?: string;
  children?: ReactNode;
}

export function NameDialog({ title, confirmLabel, testId, onSave, onClose, initialName = '', children }: NameDialogProps): JSX.Element {
  const [name, setName] = useState(initialName);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const save = async (): Promise<void> => {
    if (!name.trim()) return setErrors({ name: 'Give it a name.' });
    setBusy(true);
    try {
      await onSave(name.trim());
    } catch (err) {
      setErrors(fieldErrorsFromError(err));
      setBusy(false);
      nameRef.current?.focus();
    }
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId={`${testId}-dialog`}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" data-testid={`${testId}-confirm`} disabled={busy} onClick={() => void save()}>
            {confirmLabel}
          </button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {errors[''] && (
          <div className="form-error" role="alert">
            {errors['']}
          </div>
        )}
        <Field label="Name" error={errors.name} required>
          <input ref={nameRef} type="text" data-testid={`${testId}-name`} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </Field>
        {children}
      </form>
    </Dialog>
  );
}
