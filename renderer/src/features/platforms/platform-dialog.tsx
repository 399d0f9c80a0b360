/** Create or rename a platform: name (1–255) and optional description, with inline errors. */
import { useState } from 'react';
import type { FormEvent, JSX } from 'react';
import type { Platform, PlatformInput } from '../../../../shared/types.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { fieldErrorsFromError } from '../../ui/form-errors.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';

export interface PlatformDialogProps {
  platform?: Platform;
  onSubmit(input: PlatformInput): Promise<void>;
  onClose(): void;
}

export function validatePlatform(input: PlatformInput): FieldErrors {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = 'Name is required';
  else if (name.length > 255) errors.name = `Name must be at most 255 characters (got ${name.length})`;
  if ((input.description ?? '').length > 2000) errors.description = 'Description must be at most 2000 characters';
  return errors;
}

export function PlatformDialog({ platform, onSubmit, onClose }: PlatformDialogProps): JSX.Element {
  const [name, setName] = useState(platform?.name ?? '');
  const [description, setDescription] = useState(platform?.description ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const input = { name: name.trim(), description };
    const local = validatePlatform(input);
    setErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    try {
      await onSubmit(input);
    } catch (err) {
      setErrors(fieldErrorsFromError(err));
    } finally {
      setSaving(false);
    }
  }

  const formError = Object.entries(errors)
    .filter(([k]) => k !== 'name' && k !== 'description')
    .map(([, v]) => v)
    .join(' ');
  return (
    <Dialog title={platform ? `Edit platform ${platform.name}` : 'New platform'} onClose={onClose} testId="platform-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {formError && (
          <div className="notice notice-error" role="alert">
            {formError}
          </div>
        )}
        <Field label="Name" required error={errors.name} hint="e.g. Production, Staging, Payments tier">
          <input type="text" value={name} maxLength={255} autoFocus onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Description" error={errors.description}>
          <textarea rows={3} value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? 'Saving…' : platform ? 'Save' : 'Create platform'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
