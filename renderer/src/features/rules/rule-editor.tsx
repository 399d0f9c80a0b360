/**
 * The rule editor (seed 004 fields, grouped as in the seed: Rule, type parameters, Scope, Status
 * behaviour, Notification) with Preview: the draft runs over the last 24 h of stored events and the
 * editor says how often it would have fired, before anything is saved.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent, JSX } from 'react';
import { RULE_SEVERITIES, RULE_TYPES } from '../../../../shared/enums.ts';
import type { Endpoint, LogSource, Platform, Rule, RuleInput } from '../../../../shared/types.ts';
import { RULE_TYPE_LABELS, draftFromRule, draftFromSearch, draftToInput, validateDraft } from './rules-form.ts';
import type { RuleDraft } from './rules-form.ts';
import { fieldErrorsFromError } from '../../ui/form-errors.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { rulesStore } from '../../stores/rules-store.ts';
import { Field } from '../../ui/field.tsx';
import { PreviewResult } from './preview-result.tsx';
import { AbsenceBlock, PatternBlock, ThresholdBlock } from './rule-type-blocks.tsx';
import { ScopePicker, toggle } from './scope-picker.tsx';
import { useUnsavedGuard } from './unsaved-guard.ts';
import { EditForm } from '../../ui/edit-form.tsx';
import { RULE_INPUT_KEYS } from '../../../../shared/rule-fields.ts';
import { Select, valueOptions } from '../../ui/select.tsx';

/** The screen decides what saving means (create or update) and where to go after. */
export interface RuleEditorProps {
  rule?: Rule;
  sources: LogSource[];
  platforms: Platform[];
  endpoints: Endpoint[];
  onSubmit(input: RuleInput): Promise<void>;
  onCancel(): void;
  onDelete?(): void;
}

/** Toggles and checkbox lists have no inline error slot: their errors show in the form's banner. */
const NO_ERROR_SLOT = new Set<string>(['active', 'severityFilter', 'autoClose', 'absenceUseSourceHeartbeat', 'notifyDesktop', 'notifyEndpointIds']);
const SHOWN = new Set<string>(RULE_INPUT_KEYS.filter((k) => !NO_ERROR_SLOT.has(k)));

function focusFirstInvalid(): void {
  requestAnimationFrame(() =>
    (document.querySelector('.rule-form [aria-invalid="true"], .rule-form [data-testid="form-error"]') as HTMLElement | null)?.focus(),
  );
}

/** Rule form used for both new and existing rules. */
export function RuleEditor({ rule, sources, platforms, endpoints, onSubmit, onCancel, onDelete }: RuleEditorProps): JSX.Element {
  // A new rule may start from a search (`#/settings/rules/new?condition=…`, see draftFromSearch).
  const initial = useMemo(() => JSON.stringify(rule ? draftFromRule(rule) : draftFromSearch(window.location.hash)), [rule]);
  const [draft, setDraft] = useState<RuleDraft>(() => JSON.parse(initial) as RuleDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const leaving = useRef(false);
  useUnsavedGuard(JSON.stringify(draft) !== initial, leaving);
  useEffect(() => () => rulesStore.getState().clearPreview(), []);

  function set<K extends keyof RuleDraft>(key: K, value: RuleDraft[K]): void {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _drop, ...rest }) => rest);
  }

  function checked(): RuleInput | null {
    const local = validateDraft(draft);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      focusFirstInvalid();
      return null;
    }
    return draftToInput(draft);
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const input = checked();
    if (!input) return;
    setSaving(true);
    leaving.current = true;
    try {
      await onSubmit(input);
    } catch (err) {
      setErrors(fieldErrorsFromError(err));
      focusFirstInvalid();
    } finally {
      leaving.current = false;
      setSaving(false);
    }
  }

  async function preview(): Promise<void> {
    const input = checked();
    if (!input) return;
    await rulesStore.getState().runPreview(input);
    const p = rulesStore.getState().preview;
    if (p.state === 'error') setErrors(fieldErrorsFromError(p.error));
  }

  const blockProps = { draft, errors, set };
  return (
    <EditForm name="rule-form" label={rule ? 'Edit rule' : 'New rule'} errors={errors} shown={SHOWN} onSubmit={submit}>
      <fieldset className="form-fieldset">
        <legend>Rule</legend>
        <div className="form-columns">
          <Field label="Rule Name" error={errors['name']} required>
            <input type="text" value={draft.name} onChange={(e) => set('name', e.target.value)} maxLength={255} autoFocus={!rule} />
          </Field>
          <Field label="Severity" error={errors['severity']} hint="Stamped on every alert this rule raises." required>
            <Select value={draft.severity} onValue={(s) => set('severity', s)} options={valueOptions(RULE_SEVERITIES)} />
          </Field>
          <Field label="Rule type" error={errors['ruleType']} required>
            <Select value={draft.ruleType} onValue={(t) => set('ruleType', t)} options={valueOptions(RULE_TYPES, RULE_TYPE_LABELS)} data-testid="rule-type" />
          </Field>
          <div className="field">
            <span className="field-label">Active</span>
            <label className="checkbox">
              <input type="checkbox" checked={draft.active} onChange={(e) => set('active', e.target.checked)} />
              Evaluate this rule (inactive rules are skipped, their alerts kept)
            </label>
          </div>
        </div>
        <Field label="Description" error={errors['description']}>
          <textarea rows={2} value={draft.description} onChange={(e) => set('description', e.target.value)} />
        </Field>
      </fieldset>
      {draft.ruleType === 'threshold' && <ThresholdBlock {...blockProps} />}
      {draft.ruleType === 'pattern' && <PatternBlock {...blockProps} />}
      {draft.ruleType === 'absence' && <AbsenceBlock {...blockProps} />}
      <ScopePicker draft={draft} errors={errors} sources={sources} platforms={platforms} set={set} />
      <fieldset className="form-fieldset">
        <legend>Repeats and auto-close</legend>
        <div className="form-columns">
          <Field
            label="Cooldown (mins)"
            error={errors['cooldownMinutes']}
            hint="After an alert, no new alert for the same rule and group until this elapses. 0 disables cooldown."
          >
            <input type="text" inputMode="numeric" value={draft.cooldownMinutes} onChange={(e) => set('cooldownMinutes', e.target.value)} />
          </Field>
          <div>
            <label className="checkbox">
              <input type="checkbox" checked={draft.autoClose} onChange={(e) => set('autoClose', e.target.checked)} />
              Auto-close when the condition is no longer true
            </label>
            <Field
              label="Auto-close grace (mins)"
              error={errors['autoCloseGraceMinutes']}
              hint="A condition that clears and re-triggers within the grace keeps the same alert open."
            >
              <input
                type="text"
                inputMode="numeric"
                value={draft.autoCloseGraceMinutes}
                onChange={(e) => set('autoCloseGraceMinutes', e.target.value)}
                disabled={!draft.autoClose}
              />
            </Field>
          </div>
        </div>
      </fieldset>
      <fieldset className="form-fieldset">
        <legend>Notification</legend>
        <label className="checkbox">
          <input type="checkbox" checked={draft.notifyDesktop} onChange={(e) => set('notifyDesktop', e.target.checked)} />
          Desktop notification when the rule fires
        </label>
        <div className="field" role="group" aria-labelledby="notify-endpoints-label">
          <span className="field-label" id="notify-endpoints-label">
            Forward alerts to
          </span>
          <div className="rule-picks">
            {endpoints.length === 0 && <span className="faint">No SIEM forwarding endpoints configured.</span>}
            {endpoints.map((ep) => (
              <label key={ep.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.notifyEndpointIds.includes(ep.id)}
                  onChange={(e) => set('notifyEndpointIds', toggle(draft.notifyEndpointIds, ep.id, e.target.checked))}
                />
                {ep.name}
              </label>
            ))}
          </div>
        </div>
      </fieldset>
      <PreviewResult />
      <div className="toolbar form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving} data-testid="save-rule">
          {saving ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
        </button>
        <button type="button" className="btn" onClick={() => void preview()} data-testid="preview-rule">
          Preview (last 24 h)
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
        {onDelete && (
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => {
              leaving.current = true;
              onDelete();
            }}
            data-testid="delete-rule"
          >
            Delete rule
          </button>
        )}
      </div>
    </EditForm>
  );
}
