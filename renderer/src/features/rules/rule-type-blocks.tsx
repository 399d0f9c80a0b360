/**
 * The parameter block of each rule type (seed 004's visibility-gated blocks): only the chosen
 * type's block is shown. Field pickers offer the envelope fields and accept any `raw.<path>`.
 */
import type { JSX } from 'react';
import { FIELD_SUGGESTIONS, GROUP_BY_LABELS, GROUP_BY_SUGGESTIONS } from './rules-form.ts';
import type { RuleDraft } from './rules-form.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
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

/** Field/value test or a search-language condition, and the allowed lateness (threshold and pattern). */
function MatchMode({ draft, errors, set }: BlockProps): JSX.Element {
  return (
    <div className="rule-match-mode">
      <div className="field" role="radiogroup" aria-label="Match events by">
        <span className="field-label">Match events by</span>
        <label className="checkbox">
          <input type="radio" name="match-mode" checked={draft.matchMode === 'field'} onChange={() => set('matchMode', 'field')} />A field and a value
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="match-mode"
            checked={draft.matchMode === 'condition'}
            onChange={() => set('matchMode', 'condition')}
            data-testid="match-condition"
          />
          A search (the Log Viewer&apos;s query language)
        </label>
      </div>
      {draft.matchMode === 'condition' && (
        <Field
          label="Condition"
          error={errors['condition']}
          hint="Same syntax as the Log Viewer: outcome:failure action:login, raw.status:>=500, NOT host:web-*."
          required
        >
          <input
            type="text"
            className="mono"
            value={draft.condition}
            onChange={(e) => set('condition', e.target.value)}
            placeholder="outcome:failure action:login"
            data-testid="rule-condition"
          />
        </Field>
      )}
    </div>
  );
}

function LatenessField({ draft, errors, set }: BlockProps): JSX.Element {
  return (
    <Field
      label="Allowed lateness (mins)"
      error={errors['allowedLatenessMinutes']}
      hint="Events stamped longer ago than this when they arrive are late: they still count in their own time, but an alert raised only by late events is marked late and raises no toast."
    >
      <input type="text" inputMode="numeric" value={draft.allowedLatenessMinutes} onChange={(e) => set('allowedLatenessMinutes', e.target.value)} />
    </Field>
  );
}

/** Threshold: optional field filter or condition, count, window on event time, group-by any field. */
export function ThresholdBlock(props: BlockProps): JSX.Element {
  const { draft, errors, set } = props;
  return (
    <fieldset className="form-fieldset" data-testid="threshold-block">
      <legend>Threshold parameters</legend>
      <FieldSuggestions />
      <datalist id="rule-group-suggestions">
        {GROUP_BY_SUGGESTIONS.map((g) => (
          <option key={g} value={g} label={GROUP_BY_LABELS[g]} />
        ))}
      </datalist>
      <MatchMode {...props} />
      <div className="form-columns">
        {draft.matchMode === 'field' && (
          <>
            <Field label="Threshold field" error={errors['thresholdField']} hint={`Optional: count only events whose field contains the value. ${FIELD_HINT}`}>
              <input
                type="text"
                list="rule-field-suggestions"
                value={draft.thresholdField}
                onChange={(e) => set('thresholdField', e.target.value)}
                placeholder="count every event"
              />
            </Field>
            <Field label="Threshold value" error={errors['thresholdValue']} hint="Case-insensitive substring." required={draft.thresholdField.trim() !== ''}>
              <input
                type="text"
                value={draft.thresholdValue}
                onChange={(e) => set('thresholdValue', e.target.value)}
                disabled={draft.thresholdField.trim() === ''}
              />
            </Field>
          </>
        )}
        <Field
          label="Threshold count"
          error={errors['thresholdCount']}
          hint="Fire when the matching count is greater than this number within the window."
          required
        >
          <input type="text" inputMode="numeric" value={draft.thresholdCount} onChange={(e) => set('thresholdCount', e.target.value)} />
        </Field>
        <Field label="Window (mins)" error={errors['thresholdWindowMinutes']} hint="Rolling window on the events' own timestamps." required>
          <input type="text" inputMode="numeric" value={draft.thresholdWindowMinutes} onChange={(e) => set('thresholdWindowMinutes', e.target.value)} />
        </Field>
        <Field
          label="Group by"
          error={errors['thresholdGroupBy']}
          hint="Each value gets its own counter and alert: none, host, user, action, source, any envelope field or raw.<path> (e.g. raw.src_ip)."
        >
          <input
            type="text"
            list="rule-group-suggestions"
            value={draft.thresholdGroupBy}
            onChange={(e) => set('thresholdGroupBy', e.target.value)}
            data-testid="rule-group-by"
          />
        </Field>
        <LatenessField {...props} />
      </div>
    </fieldset>
  );
}

/** Pattern: a field and a substring or /regex/, or a condition. */
export function PatternBlock(props: BlockProps): JSX.Element {
  const { draft, errors, set } = props;
  return (
    <fieldset className="form-fieldset" data-testid="pattern-block">
      <legend>Pattern parameters</legend>
      <FieldSuggestions />
      <MatchMode {...props} />
      <div className="form-columns">
        {draft.matchMode === 'field' && (
          <>
            <Field label="Pattern field" error={errors['patternField']} hint={FIELD_HINT} required>
              <input type="text" list="rule-field-suggestions" value={draft.patternField} onChange={(e) => set('patternField', e.target.value)} />
            </Field>
            <Field
              label="Pattern value"
              error={errors['patternValue']}
              hint="Case-insensitive substring, or /regex/flags (flags i m s; run by a linear-time engine, so no backreferences or lookaround)."
              required
            >
              <input
                type="text"
                className="mono"
                value={draft.patternValue}
                onChange={(e) => set('patternValue', e.target.value)}
                placeholder="Failed password"
              />
            </Field>
          </>
        )}
        <LatenessField {...props} />
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
      <p className="hint">
        Fires per source when it has sent nothing for longer than its Expected heartbeat. Sources with heartbeat 0 are not monitored this way.
      </p>
      <Field
        label="Absence window (mins)"
        error={errors['absenceWindowMinutes']}
        hint="Optional single window for every source in scope. With the heartbeat option too, whichever is shorter wins."
      >
        <input
          type="text"
          inputMode="numeric"
          value={draft.absenceWindowMinutes}
          onChange={(e) => set('absenceWindowMinutes', e.target.value)}
          placeholder="none"
        />
      </Field>
    </fieldset>
  );
}
