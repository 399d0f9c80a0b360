/** "New dashboard": a name and an optional description; the engine's validation shows on its field. */
import { useState } from 'react';
import type { JSX } from 'react';
import type { Dashboard } from '../../../../shared/types.ts';
import { Field } from '../../ui/field.tsx';
import { NameDialog } from '../../ui/name-dialog.tsx';
import { dashboardsStore } from './dashboards-store.ts';

export function NewDashboardDialog({ onClose, onCreated }: { onClose(): void; onCreated(d: Dashboard): void }): JSX.Element {
  const [description, setDescription] = useState('');
  return (
    <NameDialog
      title="New dashboard"
      confirmLabel="Create dashboard"
      testId="db-new"
      onClose={onClose}
      onSave={async (name) => onCreated(await dashboardsStore.getState().create({ name, description: description.trim(), panels: [] }))}
    >
      <Field label="Description">
        <input type="text" data-testid="db-new-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
    </NameDialog>
  );
}
