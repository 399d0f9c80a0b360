/**
 * "Add Endpoint" and edit form (seed 003 fields: Name, Endpoint URL, Auth Type, Auth Value, plus
 * format, private CA, streams, minimum severity, enabled). Secret fields are write-only: a stored
 * auth value shows as "Set" with a "Change" button, and is only sent when a new value is typed.
 */
import { useState } from 'react';
import type { FormEvent, JSX } from 'react';
import { AUTH_TYPES, ENDPOINT_FORMATS } from '../../../../shared/enums.ts';
import type { Endpoint, EndpointInput, LogSource } from '../../../../shared/types.ts';
import { AUTH_LABELS, FORMAT_LABELS, draftFromEndpoint, draftToInput, emptyDraft, validateDraft, withUrl } from './forwarding-form.ts';
import type { EndpointDraft } from './forwarding-form.ts';
import { fieldErrorsFromError } from '../../ui/form-errors.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { Field } from '../../ui/field.tsx';
import { StreamsFields } from './streams-fields.tsx';
import { EditForm } from '../../ui/edit-form.tsx';
import { Select, valueOptions } from '../../ui/select.tsx';

export interface EndpointFormProps {
  endpoint?: Endpoint;
  sources: LogSource[];
  onSubmit(input: EndpointInput): Promise<void>;
  onCancel(): void;
  onDelete?(): void;
}

const SHOWN = new Set([
  'name',
  'url',
  'format',
  'caCertPem',
  'authType',
  'authHeaderName',
  'authValue',
  'categories',
  'minSeverity',
  'logSourceIds',
  'enabled',
]);

export function EndpointForm({ endpoint, sources, onSubmit, onCancel, onDelete }: EndpointFormProps): JSX.Element {
  const [draft, setDraft] = useState<EndpointDraft>(() => (endpoint ? draftFromEndpoint(endpoint) : emptyDraft()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  function set<K extends keyof EndpointDraft>(key: K, value: EndpointDraft[K]): void {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[key as string]) setErrors(({ [key as string]: _drop, ...rest }) => rest);
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const local = validateDraft(draft, endpoint);
    setErrors(local);
    if (Object.keys(local).length > 0) return focusFirstInvalid();
    setSaving(true);
    try {
      await onSubmit(draftToInput(draft));
    } catch (err) {
      setErrors(fieldErrorsFromError(err));
      focusFirstInvalid();
    } finally {
      setSaving(false);
    }
  }

  const storedAuth = endpoint?.authValueSet === true && !draft.changingAuth && draft.authType !== 'none';
  const isDatadog = draft.format === 'datadog';

  return (
    <EditForm name="endpoint-form" label={endpoint ? 'Edit endpoint' : 'Add endpoint'} errors={errors} shown={SHOWN} onSubmit={submit}>
      <div className="form-columns">
        <div>
          <Field label="Name" required error={errors['name']} hint='A descriptive name, e.g. "Splunk HEC" or "Sentinel Webhook".'>
            <input type="text" value={draft.name} maxLength={255} autoFocus onChange={(e) => set('name', e.target.value)} />
          </Field>
          <Field label="Endpoint URL" required error={errors['url']} hint="The HTTPS URL events are sent to. http:// is refused.">
            <input
              type="text"
              inputMode="url"
              className="mono"
              value={draft.url}
              spellCheck={false}
              onChange={(e) => setDraft((d) => withUrl(d, e.target.value))}
            />
          </Field>
          <Field label="Format" error={errors['format']} hint="Splunk HEC is chosen automatically when the URL contains /services/collector.">
            <Select
              value={draft.format}
              onValue={(format) => setDraft((d) => ({ ...d, format, formatTouched: true }))}
              options={valueOptions(ENDPOINT_FORMATS, FORMAT_LABELS)}
            />
          </Field>
          <Field
            label="Private CA certificate (PEM)"
            error={errors['caCertPem']}
            hint="Only if the receiver's certificate comes from your own CA. Trusted for this endpoint only, instead of the public CAs."
          >
            <textarea
              rows={3}
              className="mono"
              value={draft.caCertPem}
              spellCheck={false}
              placeholder="-----BEGIN CERTIFICATE-----"
              onChange={(e) => set('caCertPem', e.target.value)}
            />
          </Field>
        </div>
        <div>
          <Field label="Auth Type" error={errors['authType']} hint={isDatadog ? 'Datadog: the value is sent as the DD-API-KEY header.' : undefined}>
            <Select value={draft.authType} onValue={(a) => set('authType', a)} options={valueOptions(AUTH_TYPES, AUTH_LABELS)} />
          </Field>
          {draft.authType === 'header' && (
            <Field
              label="Header name"
              required={!isDatadog}
              error={errors['authHeaderName']}
              hint={isDatadog ? 'Leave empty for DD-API-KEY.' : 'e.g. X-API-Key'}
            >
              <input
                type="text"
                value={draft.authHeaderName}
                spellCheck={false}
                placeholder={isDatadog ? 'DD-API-KEY' : 'X-API-Key'}
                onChange={(e) => set('authHeaderName', e.target.value)}
              />
            </Field>
          )}
          {draft.authType !== 'none' &&
            (storedAuth ? (
              <div className="field">
                <span className="field-label">Auth Value</span>
                <div className="toolbar">
                  <span className="badge badge-ok" data-testid="auth-value-set">
                    Set
                  </span>
                  <button type="button" className="btn btn-sm" onClick={() => set('changingAuth', true)} data-testid="change-auth-value">
                    Change
                  </button>
                </div>
                <span className="hint">Stored encrypted; never shown. Change it when you rotate the token in your SIEM.</span>
              </div>
            ) : (
              <>
                <Field
                  label="Auth Value"
                  required
                  error={errors['authValue']}
                  hint={endpoint?.authValueSet ? 'The new value replaces the stored one when you save.' : 'Stored encrypted and never shown again.'}
                >
                  <input
                    type="password"
                    autoComplete="new-password"
                    value={draft.authValue}
                    onChange={(e) => set('authValue', e.target.value)}
                    data-testid="auth-value"
                  />
                </Field>
                {endpoint?.authValueSet && endpoint.authType !== 'none' && (
                  <button type="button" className="btn btn-sm keep-auth" onClick={() => setDraft((d) => ({ ...d, changingAuth: false, authValue: '' }))}>
                    Keep the stored value
                  </button>
                )}
              </>
            ))}
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
              Enabled
            </label>
            {endpoint?.disabledReason && <span className="hint endpoint-reason">{endpoint.disabledReason}</span>}
          </div>
        </div>
      </div>
      <StreamsFields draft={draft} errors={errors} sources={sources} set={set} />
      <div className="toolbar form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : endpoint ? 'Save' : 'Add endpoint'}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        {onDelete && (
          <>
            <span className="spacer" />
            <button type="button" className="btn btn-danger" onClick={onDelete} disabled={saving}>
              Delete endpoint
            </button>
          </>
        )}
      </div>
    </EditForm>
  );
}

function focusFirstInvalid(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.endpoint-form [aria-invalid="true"], .endpoint-form [data-testid="form-error"]')?.focus());
}
