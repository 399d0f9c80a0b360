/**
 * Rule scope (seed 004): a platform (covers sources linked to it later too), specific sources —
 * the two are unioned; both empty means every source — and an optional event-severity filter.
 */
import type { JSX } from 'react';
import { SEVERITIES } from '../../../../shared/enums.ts';
import type { LogSource, Platform } from '../../../../shared/types.ts';
import { SEVERITY_LABELS } from './rules-form.ts';
import type { RuleDraft } from './rules-form.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { Field } from '../../ui/field.tsx';
import { namedOptions, Select } from '../../ui/select.tsx';

/** Scope fields of the shared draft, plus the lists to pick from. */
export interface ScopePickerProps {
  draft: RuleDraft;
  errors: FieldErrors;
  sources: LogSource[];
  platforms: Platform[];
  set<K extends keyof RuleDraft>(key: K, value: RuleDraft[K]): void;
}

/** Add or remove one item of a multi-select list. */
export function toggle<T>(list: T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

/** Platform, sources and severity filter, with a live sentence saying what the scope means. */
export function ScopePicker({ draft, errors, sources, platforms, set }: ScopePickerProps): JSX.Element {
  const linked = draft.platformId ? sources.filter((s) => s.platformId === draft.platformId) : [];
  const everything = !draft.platformId && draft.sourceIds.length === 0;
  return (
    <fieldset className="form-fieldset" data-testid="scope-picker">
      <legend>Scope</legend>
      <div className="form-columns">
        <div>
          <Field label="Platform" error={errors['platformId']} hint="The rule applies to every log source on this platform, including sources added later.">
            <Select
              value={draft.platformId}
              onValue={(id) => set('platformId', id)}
              empty="No platform"
              options={namedOptions(platforms)}
              data-testid="scope-platform"
            />
          </Field>
          {draft.platformId && (
            <p className="hint" data-testid="platform-sources">
              {linked.length ? `Now on this platform: ${linked.map((s) => s.name).join(', ')}.` : 'No sources are on this platform yet.'}
            </p>
          )}
          <div className="field" role="group" aria-labelledby="sev-filter-label">
            <span className="field-label" id="sev-filter-label">
              Severity filter
            </span>
            <div className="rule-picks">
              {SEVERITIES.map((s) => (
                <label key={s} className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.severityFilter.includes(s)}
                    onChange={(e) => set('severityFilter', toggle(draft.severityFilter, s, e.target.checked))}
                  />
                  {SEVERITY_LABELS[s]}
                </label>
              ))}
            </div>
            <span className="hint">Only consider events with these severities. Leave empty to evaluate events at every severity.</span>
          </div>
        </div>
        <div className="field" role="group" aria-labelledby="scope-sources-label">
          <span className="field-label" id="scope-sources-label">
            Log sources
          </span>
          <div className="rule-picks rule-source-picks">
            {sources.length === 0 && <span className="faint">No log sources yet.</span>}
            {sources.map((s) => (
              <label key={s.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.sourceIds.includes(s.id)}
                  onChange={(e) => set('sourceIds', toggle(draft.sourceIds, s.id, e.target.checked))}
                />
                {s.name}
                {s.builtIn && <span className="faint"> (built-in)</span>}
              </label>
            ))}
          </div>
          <span className="hint" data-testid="scope-summary">
            {everything
              ? 'No platform and no sources: the rule applies to every source (except the built-in Watchpost source).'
              : 'Platform and sources are combined: an event from either is in scope.'}
          </span>
          {errors['sourceIds'] && (
            <span className="error" role="alert">
              {errors['sourceIds']}
            </span>
          )}
        </div>
      </div>
    </fieldset>
  );
}
