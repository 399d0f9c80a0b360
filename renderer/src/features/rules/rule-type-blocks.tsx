/**
 * The parameter block of each rule type (seed 004's visibility-gated blocks): only the chosen
 * type's block is shown. Field pickers offer the envelope fields and accept any `raw.<path>`.
 */
import type { JSX } from 'react';
import { GROUP_BYS } from '../../../../shared/enums.ts';
import type { GroupBy } from '../../../../shared/enums.ts';
import { FIELD_SUGGESTIONS, GROUP_BY_LABELS } from './rules-form.ts';
import type { FieldErrors, RuleDraft } from './rules-form.ts';
import { Field } from '../../ui/field.tsx';

/** What every type block edits: the shared draft. */
export interface BlockProps {
  draft: RuleDraft;
  errors: FieldErrors;
  set<K extends keyof RuleDraft>(key: K, value: RuleDraft[K]): void;
}

const FIELD_HINT = 'An envelope field (message, host, user, action, severity, category, outcome, tags, source) or a raw path such as raw.request.path.';

function FieldSuggestions(): JSX.Element {
  return (
    <datalist id="rule-field-suggestions">
      {FIELD_SUGGESTIONS.map((f) => (
        <option key={f} value={f} />
      ))}
    </datalist>
  );
}

/** Threshold: optional field filter, count, window, group-by. */
export function ThresholdBlock({ draft, errors, set }: BlockProps): JSX.Element {
  return (
    <fieldset className="form-fieldset" data-testid="threshold-block">
      <legend>Threshold parameters</legend>
      <FieldSuggestions />
      <div className="form-columns">
        <Field label="Threshold field" error={errors['thresholdField']} hint={`Optional: count only events whose field contains the value. ${FIELD_HINT}`}>
          <input type="text" list="rule-field-suggestions" value={draft.thresholdField} onChange={(e) => set('thresholdField', e.target.value)} placeholder="count every event" />
        </Field>
        <Field label="Threshold value" error={errors['thresholdValue']} hint="Case-insensitive substring." required={draft.thresholdField.trim() !== ''}>
          <input type="text" value={draft.thresholdValue} onChange={(e) => set('thresholdValue', e.target.value)} disabled={draft.thresholdField.trim() === ''} />
        </Field>
        <Field label="Threshold count" error={errors['thresholdCount']} hint="Fire when the matching count is greater than this number within the window." required>
          <input type="text" inputMode="numeric" value={draft.thresholdCount} onChange={(e) => set('thresholdCount', e.target.value)} />
        </Field>
        <Field label="Window (mins)" error={errors['thresholdWindowMinutes']} hint="Rolling window on receive time." required>
          <input type="text" inputMode="numeric" value={draft.thresholdWindowMinutes} onChange={(e) => set('thresholdWindowMinutes', e.target.value)} />
        </Field>
        <Field label="Group by" error={errors['thresholdGroupBy']} hint="Each value gets its own counter and its own alert: '5 failed logins per host'.">
          <select value={draft.thresholdGroupBy} onChange={(e) => set('thresholdGroupBy', e.target.value as GroupBy)}>
            {GROUP_BYS.map((g) => (
              <option key={g} value={g}>
                {GROUP_BY_LABELS[g]}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </fieldset>
  );
}

/** Pattern: a field and a substring or /regex/. */
export function PatternBlock({ draft, errors, set }: BlockProps): JSX.Element {
  return (
    <fieldset className="form-fieldset" data-testid="pattern-block">
      <legend>Pattern parameters</legend>
      <FieldSuggestions />
      <div className="form-columns">
        <Field label="Pattern field" error={errors['patternField']} hint={FIELD_HINT} required>
          <input type="text" list="rule-field-suggestions" value={draft.patternField} onChange={(e) => set('patternField', e.target.value)} />
        </Field>
        <Field
          label="Pattern value"
          error={errors['patternValue']}
          hint="Case-insensitive substring, or /regex/flags (flags i m s; run by a linear-time engine, so no backreferences or lookaround)."
          required
        >
          <input type="text" className="mono" value={draft.patternValue} onChange={(e) => set('patternValue', e.target.value)} placeholder="Failed password" />
        </Field>
      </div>
    </fieldset>
  );
}

/** Absence: per-source heartbeat and/or one window. */
export function AbsenceBlock({ draft, errors, set }: BlockProps): JSX.Element {
  return (
    <fieldset className="form-fieldset" data-testid="absence-block">
      <legend>Absence parameters</legend>
      <label className="checkbox">
        <input type="checkbox" checked={draft.absenceUseSourceHeartbeat} onChange={(e) => set('absenceUseSourceHeartbeat', e.target.checked)} />
        Use each source&apos;s own heartbeat
      </label>
      <p className="hint">Fires per source when it has sent nothing for longer than its Expected heartbeat. Sources with heartbeat 0 are not monitored this way.</p>
      <Field
        label="Absence window (mins)"
        error={errors['absenceWindowMinutes']}
        hint="Optional single window for every source in scope. With the heartbeat option too, whichever is shorter wins."
      >
        <input type="text" inputMode="numeric" value={draft.absenceWindowMinutes} onChange={(e) => set('absenceWindowMinutes', e.target.value)} placeholder="none" />
      </Field>
    </fieldset>
  );
}
