/**
 * "New Log Source" and edit form. Labels are the seed's ("Source Name", "Source Type", "Active",
 * "Rate Limit", "Description", "Platform", "Expected heartbeat (mins)"); pull types add credentials
 * and the list of sources to query; syslog/CEF add a listener port.
 */
import { useState } from 'react';
import type { FormEvent, JSX } from 'react';
import { SOURCE_TYPE_LABELS, SOURCE_TYPES } from '../../../../shared/enums.ts';
import type { PullSourceType } from '../../../../shared/enums.ts';
import type { LogSource } from '../../../../shared/types.ts';
import { Field } from '../../ui/field.tsx';
import { usePlatforms } from '../../stores/platforms-store.ts';
import { CREDENTIAL_FIELDS, hasListener, isPullType } from './credential-fields.ts';
import { PullFields } from './pull-fields.tsx';
import { draftFromSource, draftToInput, emptyDraft, validateDraft } from './source-form-model.ts';
import type { SourceDraft } from './source-form-model.ts';
import { fieldErrorsFromError } from '../../ui/form-errors.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import type { LogSourceInput } from '../../../../shared/types.ts';
import { EditForm } from '../../ui/edit-form.tsx';
import { namedOptions, Select, valueOptions } from '../../ui/select.tsx';

export interface SourceFormProps {
  /** The source being edited; absent for "New Log Source". */
  source?: LogSource;
  onSubmit(input: LogSourceInput): Promise<void>;
  onCancel(): void;
}

const PULL_FORM_FIELDS = ['sources', 'credentials', 'pollIntervalSeconds', 'lagSeconds', 'initialLookbackMinutes'];
const BASE_FIELDS = ['name', 'type', 'active', 'rateLimit', 'description', 'platformId', 'heartbeatMinutes'];

export function SourceForm({ source, onSubmit, onCancel }: SourceFormProps): JSX.Element {
  const editing = Boolean(source);
  const platforms = usePlatforms((s) => s.items);
  const [draft, setDraft] = useState<SourceDraft>(() => (source ? draftFromSource(source) : emptyDraft()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  function set<K extends keyof SourceDraft>(key: K, value: SourceDraft[K]): void {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[key as string]) setErrors(({ [key as string]: _drop, ...rest }) => rest);
  }
  function setCredential(key: string, value: string): void {
    setDraft((d) => ({ ...d, credentials: { ...d.credentials, [key]: value } }));
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const local = validateDraft(draft, editing);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      focusFirstInvalid();
      return;
    }
    setSaving(true);
    try {
      await onSubmit(draftToInput(draft, editing));
    } catch (err) {
      setErrors(fieldErrorsFromError(err));
      focusFirstInvalid();
    } finally {
      setSaving(false);
    }
  }

  const pull = isPullType(draft.type);
  const credFields = pull ? CREDENTIAL_FIELDS[draft.type as keyof typeof CREDENTIAL_FIELDS] : [];
  const shown = new Set([
    ...BASE_FIELDS,
    ...(pull ? [...PULL_FORM_FIELDS, ...credFields.map((c) => `credentials.${c.key}`)] : []),
    ...(hasListener(draft.type) ? ['listenPort'] : []),
  ]);

  return (
    <EditForm name="source-form" label={editing ? 'Edit log source' : 'New Log Source'} errors={errors} shown={shown} onSubmit={submit}>
      <div className="form-columns">
        <div>
          <Field label="Source Name" required error={errors.name} hint="Shown in alerts, rules and the Log Viewer. Renaming never touches past events.">
            <input
              type="text"
              value={draft.name}
              maxLength={255}
              autoFocus
              onChange={(e) => set('name', e.target.value)}
              placeholder="e.g. Authentication Service"
            />
          </Field>
          <Field label="Source Type" error={errors.type} hint={editing ? 'The type cannot change after creation.' : undefined}>
            <Select value={draft.type} disabled={editing} onValue={(t) => set('type', t)} options={valueOptions(SOURCE_TYPES, SOURCE_TYPE_LABELS)} />
          </Field>
          <Field label="Active" error={errors.active} hint="Inactive sources are refused with 403.">
            <select value={draft.active ? 'yes' : 'no'} onChange={(e) => set('active', e.target.value === 'yes')}>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          </Field>
          <Field label="Rate Limit" required error={errors.rateLimit} hint="Events per second. Requests over the limit get 429.">
            <input type="number" inputMode="numeric" min={1} max={100000} value={draft.rateLimit} onChange={(e) => set('rateLimit', e.target.value)} />
          </Field>
        </div>
        <div>
          <Field label="Platform" error={errors.platformId} hint="Optional. Groups the source for rule scope and Source Health.">
            <Select value={draft.platformId} onValue={(id) => set('platformId', id)} empty="None" options={namedOptions(platforms)} />
          </Field>
          <Field
            label="Expected heartbeat (mins)"
            error={errors.heartbeatMinutes}
            hint="Longest normal gap between events. 0 turns monitoring off (always Healthy while active)."
          >
            <input type="number" inputMode="numeric" min={0} value={draft.heartbeatMinutes} onChange={(e) => set('heartbeatMinutes', e.target.value)} />
          </Field>
          <Field label="Description" error={errors.description} hint="What the source is, where it runs, who owns it.">
            <textarea rows={3} value={draft.description} maxLength={2000} onChange={(e) => set('description', e.target.value)} />
          </Field>
          {hasListener(draft.type) && (
            <Field label="Listener port" error={errors.listenPort} hint="UDP/TCP port Watchpost listens on for this source. Leave empty for none.">
              <input type="number" inputMode="numeric" min={1} max={65535} value={draft.listenPort} onChange={(e) => set('listenPort', e.target.value)} />
            </Field>
          )}
        </div>
      </div>
      {pull && (
        <PullFields draft={draft} type={draft.type as PullSourceType} errors={errors} {...(source ? { source } : {})} set={set} setCredential={setCredential} />
      )}
      <div className="toolbar form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </EditForm>
  );
}

function focusFirstInvalid(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.source-form [aria-invalid="true"], .source-form [data-testid="form-error"]')?.focus());
}
