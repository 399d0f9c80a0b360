/**
 * Triage on one alert: who owns it, why it was resolved, and the analysts' notes (oldest first).
 * Each change is one PATCH; the 'alert' stream keeps other windows current.
 */
import { useState } from 'react';
import type { FormEvent, JSX } from 'react';
import { ALERT_RESOLUTIONS } from '../../../../shared/enums.ts';
import type { AlertResolution } from '../../../../shared/enums.ts';
import type { Alert } from '../../../../shared/types.ts';
import { alertsStore } from '../../stores/alerts-store.ts';
import { toastError } from '../../ui/toast-area.tsx';
import { formatDateTime } from '../../ui/format-time.ts';
import { Select, valueOptions } from '../../ui/select.tsx';

/** Resolution reasons in words. */
export const RESOLUTION_LABELS: Record<AlertResolution, string> = {
  true_positive: 'True positive',
  false_positive: 'False positive',
  benign: 'Benign (expected activity)',
  duplicate: 'Duplicate',
  other: 'Other',
};

function AssigneeForm({ alert }: { alert: Alert }): JSX.Element {
  const [value, setValue] = useState(alert.assignee ?? '');
  const dirty = value.trim() !== (alert.assignee ?? '');
  const save = (e: FormEvent) => {
    e.preventDefault();
    alertsStore
      .getState()
      .updateAlert(alert.id, { assignee: value.trim() || null })
      .catch((err: unknown) => toastError('Could not assign', err));
  };
  return (
    <form className="inline-form" onSubmit={save} aria-label="Assignee">
      <label htmlFor={`assignee-${alert.id}`} className="field-label">
        Assignee
      </label>
      <input
        id={`assignee-${alert.id}`}
        type="text"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="unassigned"
        maxLength={200}
        data-testid="alert-assignee"
      />
      <button type="submit" className="btn btn-sm" disabled={!dirty} data-testid="alert-assignee-save">
        Save
      </button>
    </form>
  );
}

function ResolveForm({ alert }: { alert: Alert }): JSX.Element {
  const [reason, setReason] = useState<AlertResolution | ''>(alert.resolutionReason ?? '');
  const resolve = (e: FormEvent) => {
    e.preventDefault();
    alertsStore
      .getState()
      .updateAlert(alert.id, { status: 'resolved', resolutionReason: reason || null })
      .catch((err: unknown) => toastError('Could not resolve', err));
  };
  return (
    <form className="inline-form" onSubmit={resolve} aria-label="Resolve with a reason">
      <Select
        value={reason}
        onValue={setReason}
        empty="No reason given"
        options={valueOptions(ALERT_RESOLUTIONS, RESOLUTION_LABELS)}
        aria-label="Resolution reason"
        data-testid="alert-resolution"
      />
      <button type="submit" className="btn btn-sm" data-testid="alert-resolve-with-reason">
        {alert.status === 'resolved' ? 'Set reason' : 'Resolve'}
      </button>
    </form>
  );
}

function NoteForm({ alert }: { alert: Alert }): JSX.Element {
  const [text, setText] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    alertsStore
      .getState()
      .updateAlert(alert.id, { note: text.trim() })
      .then(() => setText(''))
      .catch((err: unknown) => toastError('Could not add the note', err));
  };
  return (
    <form className="inline-form" onSubmit={add} aria-label="Add a note">
      <input
        type="text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Add a note…"
        maxLength={4000}
        aria-label="Note"
        data-testid="alert-note-input"
      />
      <button type="submit" className="btn btn-sm" disabled={!text.trim()} data-testid="alert-note-add">
        Add note
      </button>
    </form>
  );
}

/** The triage block of the detail pane. Keyed by alert id so forms reset when another alert opens. */
export function AlertTriage({ alert }: { alert: Alert }): JSX.Element {
  return (
    <div className="alert-triage" data-testid="alert-triage">
      <AssigneeForm key={`a-${alert.id}-${alert.assignee ?? ''}`} alert={alert} />
      <ResolveForm key={`r-${alert.id}-${alert.resolutionReason ?? ''}`} alert={alert} />
      {alert.status === 'resolved' && alert.resolutionReason && <p className="faint">Resolved as {RESOLUTION_LABELS[alert.resolutionReason]}.</p>}
      <h3 className="detail-label">Notes</h3>
      {alert.notes.length === 0 && <p className="faint">No notes yet.</p>}
      <ul className="alert-notes" data-testid="alert-notes">
        {alert.notes.map((n, i) => (
          <li key={`${n.at}-${i}`}>
            <div className="faint">
              {formatDateTime(n.at)} · {n.author}
            </div>
            {n.text}
          </li>
        ))}
      </ul>
      <NoteForm alert={alert} />
    </div>
  );
}
