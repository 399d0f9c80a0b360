/** "New dashboard": a name and an optional description; the engine's validation shows on its field. */
import { useState } from 'react';
import type { JSX } from 'react';
import type { Dashboard } from '../../../../shared/types.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { fieldErrorsFromError } from '../../ui/form-errors.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { dashboardsStore } from './dashboards-store.ts';

export function NewDashboardDialog({ onClose, onCreated }: { onClose(): void; onCreated(d: Dashboard): void }): JSX.Element {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const save = async (): Promise<void> => {
    if (!name.trim()) return setErrors({ name: 'Give the dashboard a name.' });
    setBusy(true);
    try {
      onCreated(await dashboardsStore.getState().create({ name: name.trim(), description: description.trim(), panels: [] }));
    } catch (err) {
      setErrors(fieldErrorsFromError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="New dashboard"
      onClose={onClose}
      testId="db-new-dialog"
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" data-testid="db-new-create" disabled={busy} onClick={() => void save()}>
            Create dashboard
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
          <input type="text" data-testid="db-new-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </Field>
        <Field label="Description" error={errors.description}>
          <input type="text" data-testid="db-new-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
      </form>
    </Dialog>
  );
}
