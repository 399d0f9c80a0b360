/**
 * What an endpoint receives: security-event categories (seed 003), alerts, the logs stream with an
 * optional source list, and the minimum severity on Watchpost's scale (applies to all three).
 */
import type { JSX } from 'react';
import { SECURITY_CATEGORIES, SEVERITIES } from '../../../../shared/enums.ts';
import type { SecurityCategory, Severity } from '../../../../shared/enums.ts';
import type { LogSource } from '../../../../shared/types.ts';
import { CATEGORY_LABELS } from './forwarding-form.ts';
import type { EndpointDraft } from './forwarding-form.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { Field } from '../../ui/field.tsx';

export interface StreamsFieldsProps {
  draft: EndpointDraft;
  errors: FieldErrors;
  sources: LogSource[];
  set<K extends keyof EndpointDraft>(key: K, value: EndpointDraft[K]): void;
}

function toggle<T>(list: T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

export function StreamsFields({ draft, errors, sources, set }: StreamsFieldsProps): JSX.Element {
  const pickable = sources.filter((s) => !s.builtIn);
  return (
    <fieldset className="form-fieldset" data-testid="streams-fields">
      <legend>What to forward</legend>
      <div className="form-columns">
        <div>
          <div className="field" role="group" aria-labelledby="categories-label">
            <span className="field-label" id="categories-label">
              Event Categories
            </span>
            {SECURITY_CATEGORIES.map((c: SecurityCategory) => (
              <label key={c} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.categories.includes(c)}
                  onChange={(e) => set('categories', toggle(draft.categories, c, e.target.checked))}
                />
                {CATEGORY_LABELS[c]}
              </label>
            ))}
            <span className="hint">Watchpost&apos;s own security events (key changes, config changes, ingest auth failures, delivery failures…).</span>
            {errors['categories'] && (
              <span className="error" role="alert">
                {errors['categories']}
              </span>
            )}
          </div>
          <Field
            label="Minimum severity"
            error={errors['minSeverity']}
            hint="Applies to security events, alerts and logs. Security severities map info/low→info, medium→notice, high→error, critical→critical."
          >
            <select value={draft.minSeverity} onChange={(e) => set('minSeverity', e.target.value as Severity)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s === 'debug' ? 'debug (everything)' : s}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div>
          <div className="field">
            <span className="field-label">Alerts and logs</span>
            <label className="checkbox">
              <input type="checkbox" checked={draft.alerts} onChange={(e) => set('alerts', e.target.checked)} />
              Alerts raised by rules
            </label>
            <span className="hint">Rules can also name this endpoint in their notifications; those alerts are always sent.</span>
            <label className="checkbox">
              <input type="checkbox" checked={draft.logs} onChange={(e) => set('logs', e.target.checked)} data-testid="logs-toggle" />
              Logs stream (every stored event)
            </label>
          </div>
          {draft.logs && (
            <div className="field" role="group" aria-labelledby="log-sources-label">
              <span className="field-label" id="log-sources-label">
                Log sources
              </span>
              <div className="source-picks">
                {pickable.length === 0 && <span className="faint">No log sources yet.</span>}
                {pickable.map((s) => (
                  <label key={s.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={draft.logSourceIds.includes(s.id)}
                      onChange={(e) => set('logSourceIds', toggle(draft.logSourceIds, s.id, e.target.checked))}
                    />
                    {s.name}
                  </label>
                ))}
              </div>
              <span className="hint">None ticked = every source. Batched: up to 500 events or 1 MB per request, sent about every second.</span>
              {errors['logSourceIds'] && (
                <span className="error" role="alert">
                  {errors['logSourceIds']}
                </span>
              )}
            </div>
          )}
        </div>
      </div>
    </fieldset>
  );
}
